import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type Frame,
  type Page,
} from '@playwright/test';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { browserLaunchOptions } from '../harness/browser/resolve-browser.js';
import { readRecordedEvents } from '../harness/cli/commands/show-report.js';
import type { ReplayReport } from '../harness/result/types.js';
import { writeHtmlReport } from '../reporters/html/index.js';
import { PAGE_POLICY, PLAYER_POLICY } from '../reporters/html/layout.js';
import {
  buildSampleReport,
  hostileRecordingEvents,
  INJECTION_MARKER,
} from '../reporters/html/testing/sample-report.js';
import { changeElementText } from './support/app-variants.js';
import { runCli } from './support/run-cli.js';
import { createWorkspace, replayArgs, type Workspace } from './support/workspace.js';

/** Screenshots of the report for people to look at; kept after the run. */
const SCREENSHOT_DIR = join(tmpdir(), 'replaygate-html-report-screenshots');
const SESSION = 'todomvc-vanillajs';

let workspace: Workspace;
let report: ReplayReport;
let reportFolder: string;
let hostileFolder: string;
let browser: Browser;

beforeAll(async () => {
  workspace = await createWorkspace('html-report');
  await workspace.copyRecording(SESSION);
  // The vanillajs header reads "tasks" instead of "todos": a DOM and pixel regression.
  const apps = await workspace.buildApps('changed');
  await changeElementText(
    join(apps, 'todomvc', 'vanillajs', 'index.html'),
    '<h1>todos</h1>',
    'tasks',
  );

  const run = await runCli(
    replayArgs({
      serve: apps,
      recordings: workspace.recordings,
      outputDir: join(workspace.root, 'results'),
      baselineDir: join(workspace.root, 'baselines'),
      grep: `^${SESSION}$`,
    }),
    { cwd: workspace.root },
  );
  expect(run.exitCode, run.stderr).toBe(1);
  // A hand-built passing session beside the real failed one gives the filters two statuses.
  const sample = await buildSampleReport(join(workspace.root, 'sample-runs'));
  const passing = sample.sessions.find((session) => session.status === 'passed')!;
  report = {
    ...run.report!,
    sessions: [passing, ...run.report!.sessions],
    totals: { ...run.report!.totals, passed: run.report!.totals.passed + 1 },
  };
  reportFolder = join(workspace.root, 'replaygate-report');
  await writeHtmlReport(report, {
    outputFolder: reportFolder,
    recordingFor: (session) =>
      session === passing ? Promise.resolve(undefined) : readRecordedEvents(session),
  });

  hostileFolder = join(workspace.root, 'hostile-report');
  const hostile = await buildSampleReport(join(workspace.root, 'hostile-runs'));
  await writeHtmlReport(hostile, {
    outputFolder: hostileFolder,
    recordingFor: async () => hostileRecordingEvents(),
  });

  await mkdir(SCREENSHOT_DIR, { recursive: true });
  browser = await chromium.launch(browserLaunchOptions());
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await workspace?.remove();
});

/** Requests to anything but `file:` and `data:` URLs; routing aborts them. */
let externalRequests: string[] = [];
let context: BrowserContext | undefined;

afterEach(async () => {
  await context?.close();
  context = undefined;
  expect(externalRequests).toEqual([]);
  externalRequests = [];
});

async function openPage(): Promise<Page> {
  context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  await context.route(/^(?!file:|data:)/, (route) => {
    externalRequests.push(route.request().url());
    return route.abort();
  });
  return context.newPage();
}

function fileUrl(...segments: string[]): string {
  return pathToFileURL(join(...segments)).href;
}

async function policyOf(frame: Page | Frame): Promise<string | null> {
  return frame.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
}

/** Waits until rrweb-player in the session page has rebuilt the recorded DOM. */
async function replayFrame(page: Page): Promise<Frame> {
  await page.locator('iframe.player-frame').scrollIntoViewIfNeeded();
  const player = page.frameLocator('iframe.player-frame');
  await player.locator('.rr-player').waitFor();
  await player.locator('.replayer-wrapper iframe').waitFor({ state: 'attached' });
  return playerFrame(page).childFrames()[0]!;
}

function playerFrame(page: Page): Frame {
  return page.mainFrame().childFrames()[0]!;
}

describe('HTML report of a real replay', () => {
  it('index lists sessions worst first', async () => {
    const page = await openPage();
    await page.goto(fileUrl(reportFolder, 'index.html'));

    const rows = page.locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(2);
    expect(await rows.nth(0).getAttribute('data-status')).toBe('failed');
    expect(await rows.nth(0).locator('td.name').innerText()).toBe(SESSION);
    expect(await rows.nth(1).getAttribute('data-status')).toBe('passed');
    expect(await rows.nth(1).locator('td.name').innerText()).toBe('todo-list');
    expect(await rows.nth(0).locator('td.cause').innerText()).toContain('dom-diff');
    expect(await policyOf(page)).toBe(PAGE_POLICY);
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'index.png'), fullPage: true });
  });

  it('index filters by status and name', async () => {
    const page = await openPage();
    await page.goto(fileUrl(reportFolder, 'index.html'));
    const visibleNames = () => page.locator('tbody tr:visible td.name').allInnerTexts();

    await page.click('button[data-filter="failed"]');
    expect(await visibleNames()).toEqual([SESSION]);
    expect(await page.getAttribute('button[data-filter="failed"]', 'aria-pressed')).toBe('true');

    await page.click('button[data-filter="passed"]');
    expect(await visibleNames()).toEqual(['todo-list']);

    await page.click('button[data-filter="errored"]');
    expect(await visibleNames()).toEqual([]);
    expect(await page.locator('#no-match').isVisible()).toBe(true);

    await page.click('button[data-filter="all"]');
    await page.fill('#session-search', 'VANILLA');
    expect(await visibleNames()).toEqual([SESSION]);
    await page.fill('#session-search', '');
    expect(await visibleNames()).toEqual([SESSION, 'todo-list']);
  });

  it('session page compares the failing checkpoint', async () => {
    const page = await openPage();
    await page.goto(fileUrl(reportFolder, 'index.html'));
    await page.locator('td.name a', { hasText: SESSION }).click();
    expect(await policyOf(page)).toBe(PAGE_POLICY);
    expect(await page.locator('h1').innerText()).toContain(SESSION);

    const card = page.locator('details.checkpoint[open]').first();
    const stage = card.locator('[data-slider]');
    await stage.scrollIntoViewIfNeeded();
    const images = stage.locator('img');
    await expect
      .poll(() =>
        images.evaluateAll((all) => all.map((image) => (image as HTMLImageElement).naturalWidth)),
      )
      .toEqual([1280, 1280]);

    const box = (await stage.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.8, box.y + box.height / 2, { steps: 4 });
    await page.mouse.up();
    expect(Number(await card.locator('[data-slider-range]').inputValue())).toBe(80);
    const clip = await card
      .locator('[data-expected-layer]')
      .evaluate((layer) => getComputedStyle(layer).clipPath);
    expect(clip).toBe('inset(0px 20% 0px 0px)');
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'session-slider.png') });

    await card.locator('button[data-view="side"]').click();
    expect(await card.locator('[data-view-panel="side"] img:visible').count()).toBe(2);
    expect(await stage.isVisible()).toBe(false);
    await card
      .locator('[data-view-panel="side"]')
      .screenshot({ path: join(SCREENSHOT_DIR, 'session-side-by-side.png') });

    const changes = await card.locator('table.dom-changes').innerText();
    expect(changes).toContain('todos');
    expect(changes).toContain('tasks');
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'session-top.png') });
  });

  it('session page lists steps with their strategies', async () => {
    const page = await openPage();
    await page.goto(fileUrl(reportFolder, 'sessions', SESSION, 'index.html'));
    const session = report.sessions.find((candidate) => candidate.name === SESSION)!;

    const rows = page.locator('table.steps tbody tr');
    expect(await rows.count()).toBe(session.steps.length);
    const firstWithStrategy = session.steps.find((step) => step.strategy !== undefined)!;
    const row = page.locator(`#step-${firstWithStrategy.index}`);
    expect(await row.locator('td').nth(4).innerText()).toBe(firstWithStrategy.strategy);
    expect(await row.locator('td').nth(5).innerText()).toBe(firstWithStrategy.selector);
    expect(await page.locator('table.network tbody tr').count()).toBe(session.network.log.length);
    await page.locator('#steps').screenshot({ path: join(SCREENSHOT_DIR, 'session-steps.png') });
  });

  it('player plays the recorded session', async () => {
    const page = await openPage();
    await page.goto(fileUrl(reportFolder, 'sessions', SESSION, 'index.html'));

    const replay = await replayFrame(page);
    expect(await policyOf(playerFrame(page))).toBe(PLAYER_POLICY);
    // The recording shows the original header, not the changed build's.
    await expect.poll(() => replay.locator('h1').textContent()).toBe('todos');
    expect(await page.locator('iframe.player-frame').getAttribute('sandbox')).toBe(
      'allow-scripts allow-same-origin',
    );
    await page
      .locator('#recording')
      .screenshot({ path: join(SCREENSHOT_DIR, 'session-player.png') });
  });
});

describe('HTML report of hostile content', () => {
  it('runs no injected script on any page', async () => {
    const page = await openPage();
    const dialogs: string[] = [];
    const injectedLogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    page.on('console', (message) => {
      if (
        message.text().includes(INJECTION_MARKER) ||
        /Ignored call to 'alert/.test(message.text())
      ) {
        injectedLogs.push(message.text());
      }
    });
    const injectedFlags = async () =>
      Promise.all(
        page
          .frames()
          .map((frame) =>
            frame.evaluate(
              () => (window as { __replaygateInjected?: number }).__replaygateInjected ?? 0,
            ),
          ),
      );

    await page.goto(fileUrl(hostileFolder, 'index.html'));
    expect(await policyOf(page)).toBe(PAGE_POLICY);
    expect(await page.locator('td.name').first().innerText()).toContain('evil <script>');
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'hostile-index.png'), fullPage: true });

    await page.locator('td.name a').first().click();
    expect(await policyOf(page)).toBe(PAGE_POLICY);
    expect(await page.locator('.cp-urls code').first().innerText()).toMatch(/^javascript:/);
    expect(await page.locator('table.network').innerText()).toContain('<script>');

    const replay = await replayFrame(page);
    expect(await policyOf(playerFrame(page))).toBe(PLAYER_POLICY);
    await expect
      .poll(() => replay.locator('h1').textContent())
      .toContain('Hostile heading <script>');
    // Play to the end, so the mutation that adds a script and a handler is replayed too.
    await page
      .frameLocator('iframe.player-frame')
      .locator('.rr-controller__btns button')
      .first()
      .click();
    await expect
      .poll(() => replay.locator('h1').getAttribute('onclick'), { timeout: 10_000 })
      .not.toBeNull();
    await page
      .locator('#recording')
      .screenshot({ path: join(SCREENSHOT_DIR, 'hostile-player.png') });
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'hostile-session.png') });

    expect(dialogs).toEqual([]);
    expect(injectedLogs).toEqual([]);
    const flags = await injectedFlags();
    // The index page's own frame, the player and rrweb's replay frame at least.
    expect(flags.length).toBeGreaterThanOrEqual(3);
    expect(flags.every((count) => count === 0)).toBe(true);
  });
});
