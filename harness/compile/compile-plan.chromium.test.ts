import { fileURLToPath } from 'node:url';
import type { eventWithTime } from '@rrweb/types';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type Locator,
  type Page,
} from '@playwright/test';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { browserLaunchOptions } from '../browser/resolve-browser.js';
import { RECORDING_FORMAT, RECORDING_VERSION, type Recording } from '../fixture/recording.js';
import { startStaticServer, type StaticServer } from '../serve/static-server.js';
import type { ActionPlan, PlanStep, SelectorCandidate } from './plan.js';
import { elementTarget } from './action-target.js';
import { compilePlan } from './compile-plan.js';
import { toLocator } from './locator.js';

const NODE_MODULES = new URL('../../node_modules/', import.meta.url);
const RRWEB_SCRIPT = fileURLToPath(new URL('rrweb/dist/rrweb.umd.min.cjs', NODE_MODULES));
const EXAMPLES = fileURLToPath(new URL('todomvc/examples/', NODE_MODULES));

let server: StaticServer;
let browser: Browser;
let plan: ActionPlan;

/** Opens a context whose pages can reach only the local static server. */
async function localContext(): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  await context.route(
    (url) => url.hostname !== '127.0.0.1',
    (route) => route.abort(),
  );
  return context;
}

/** Records a TodoMVC session with plain rrweb, which records no key events. */
async function recordVanillaSession(): Promise<Recording> {
  const context = await localContext();
  const page = await context.newPage();
  const events: eventWithTime[] = [];
  await page.exposeBinding('replaygateTestEmit', (_source, event: eventWithTime) => {
    events.push(event);
  });
  await page.addInitScript({ path: RRWEB_SCRIPT });
  await page.addInitScript(() => {
    // rrweb creates a helper iframe while snapshotting; recording inside it would recurse.
    if (window.top !== window) {
      return;
    }
    const global = window as unknown as {
      rrweb: { record: (options: object) => void };
      replaygateTestEmit: (event: unknown) => void;
    };
    global.rrweb.record({
      emit: (event: unknown) => global.replaygateTestEmit(event),
      userTriggeredOnInput: true,
    });
  });
  const url = `${server.url}vanillajs/index.html`;
  await page.goto(url);

  const field = page.locator('#new-todo');
  await field.click();
  await field.pressSequentially('Buy milk');
  await field.press('Enter');
  // rrweb reports the app's emptying of the field from a timer that reads the field's value
  // then. Typing before it fires hides the emptying, and on a busy machine Playwright typed
  // first. The replaygate recorder orders these events itself, but plain rrweb does not.
  await page.waitForTimeout(100);
  await field.pressSequentially('Walk the dog');
  await field.press('Enter');
  const rows = page.locator('#todo-list li');
  await rows.filter({ hasText: 'Buy milk' }).locator('.toggle').click();
  await rows.filter({ hasText: 'Walk the dog' }).hover();
  await rows.filter({ hasText: 'Walk the dog' }).locator('.destroy').click();
  await rows.filter({ hasText: 'Buy milk' }).locator('label').dblclick();
  await page.keyboard.press('Control+A');
  await page.keyboard.type('Buy oat milk');
  await page.keyboard.press('Enter');
  await page.locator('#todo-list label', { hasText: 'Buy oat milk' }).waitFor();
  // A round trip to the page delivers the emits queued before it.
  await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 50)));
  await context.close();

  const first = events[0]?.timestamp ?? 0;
  return {
    format: RECORDING_FORMAT,
    version: RECORDING_VERSION,
    meta: {
      name: 'todomvc-vanillajs',
      startedAt: first,
      url,
      viewport: { width: 1280, height: 720 },
      deviceScaleFactor: 1,
      userAgent: 'Chromium',
      locale: 'en-US',
      timeZone: 'UTC',
      seed: 'test',
      recorder: { name: 'rrweb', version: '2.2.2' },
    },
    events,
    network: [],
  };
}

/** Returns the candidates, in rank order, that match exactly one element on the page. */
async function uniqueMatches(
  page: Page,
  candidates: SelectorCandidate[],
): Promise<SelectorCandidate[]> {
  const matches: SelectorCandidate[] = [];
  for (const candidate of candidates) {
    if (candidate.strategy !== 'coordinates' && (await toLocator(page, candidate).count()) === 1) {
      matches.push(candidate);
    }
  }
  return matches;
}

/**
 * True when the candidate relies on neither element ids nor sibling positions, so it would
 * also find the element in an implementation with other ids and another structure.
 */
function avoidsIdsAndPositions(candidate: SelectorCandidate): boolean {
  if (candidate.strategy === 'coordinates' || candidate.strategy === 'nth-of-type') {
    return false;
  }
  return candidate.hops.every((hop) => !hop.css.includes('#'));
}

/** Hovers the nearest visible ancestor of a hidden element, as the replay runner does. */
async function reveal(locator: Locator): Promise<void> {
  if (await locator.isVisible()) {
    return;
  }
  let ancestor = locator;
  for (let depth = 0; depth < 20; depth += 1) {
    ancestor = ancestor.locator('xpath=..');
    if (await ancestor.isVisible()) {
      await ancestor.hover();
      return;
    }
  }
}

interface StepResolution {
  /** Rank of the first candidate that matched exactly one element, or -1. */
  firstMatch: number;
  /** True when a candidate without ids and positions also matched exactly one element. */
  matchesWithoutIds: boolean;
}

/** Replays the plan on a fresh page of `app` and reports how each step's target resolved. */
async function replay(app: string): Promise<{ resolutions: StepResolution[]; titles: string[] }> {
  const context = await localContext();
  const page = await context.newPage();
  await page.goto(`${server.url}${app}/index.html`);
  const resolutions: StepResolution[] = [];
  for (const step of plan.steps) {
    resolutions.push(await replayStep(page, step));
  }
  const titles = await page.locator('#todo-list li label').allTextContents();
  await context.close();
  return { resolutions, titles };
}

async function replayStep(page: Page, step: PlanStep): Promise<StepResolution> {
  const { action } = step;
  const target = elementTarget(action);
  if (!target) {
    throw new Error(`step ${step.index} (${action.kind}) has no element target`);
  }
  const matches = await uniqueMatches(page, target.candidates);
  const resolution = {
    firstMatch: matches[0] ? target.candidates.indexOf(matches[0]) : -1,
    matchesWithoutIds: matches.some(avoidsIdsAndPositions),
  };
  if (!matches[0]) {
    return resolution;
  }
  const locator = toLocator(page, matches[0]);
  await reveal(locator);
  switch (action.kind) {
    case 'click':
      await locator.click();
      break;
    case 'dblclick':
      await locator.dblclick();
      break;
    case 'type':
      if (action.clearFirst) {
        await locator.fill('');
      } else {
        await locator.press('End');
      }
      await locator.pressSequentially(action.text);
      break;
    case 'press':
      await locator.press(action.key);
      break;
    case 'select':
      await locator.selectOption(action.values);
      break;
  }
  return resolution;
}

describe('compilePlan on a real TodoMVC recording', () => {
  beforeAll(async () => {
    server = await startStaticServer(EXAMPLES);
    browser = await chromium.launch(browserLaunchOptions());
    const recording = await recordVanillaSession();
    // The first call includes JIT warm-up, so the log also shows the median of later calls.
    const coldStart = performance.now();
    plan = compilePlan(recording);
    const coldMs = performance.now() - coldStart;
    const warmMs: number[] = [];
    for (let run = 0; run < 9; run += 1) {
      const started = performance.now();
      compilePlan(recording);
      warmMs.push(performance.now() - started);
    }
    warmMs.sort((a, b) => a - b);
    console.log(
      `compilePlan: ${recording.events.length} events, ${plan.steps.length} steps; first call ${coldMs.toFixed(1)} ms, median of 9 more ${(warmMs[4] ?? 0).toFixed(1)} ms`,
    );
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  test('plan has the recorded actions', () => {
    expect(plan.steps.map((step) => step.action.kind)).toEqual([
      'click',
      'type',
      'press',
      'type',
      'press',
      'click',
      'click',
      'dblclick',
      'type',
      'press',
    ]);
    expect(
      plan.steps.map((step) => (step.action.kind === 'type' ? step.action.text : null)),
    ).toEqual([
      null,
      'Buy milk',
      null,
      'Walk the dog',
      null,
      null,
      null,
      null,
      'Buy oat milk',
      null,
    ]);
    expect(plan.warnings).toEqual([]);
  });

  test('Enter is inferred without key events', () => {
    const presses = plan.steps.flatMap((step) =>
      step.action.kind === 'press' ? [step.action] : [],
    );
    expect(presses.map((press) => [press.key, press.inferred])).toEqual([
      ['Enter', true],
      ['Enter', true],
      ['Enter', true],
    ]);
  });

  test('checkpoints cover load and each group', () => {
    expect(plan.checkpoints.map((checkpoint) => checkpoint.afterStep)).toEqual([
      -1, 0, 2, 4, 5, 6, 7, 9,
    ]);
  });

  test('first candidate resolves on vanillajs', async () => {
    const { resolutions, titles } = await replay('vanillajs');
    expect(resolutions.map((resolution) => resolution.firstMatch)).toEqual(plan.steps.map(() => 0));
    expect(titles).toEqual(['Buy oat milk']);
  });

  test('some candidate resolves on backbone', async () => {
    const { resolutions, titles } = await replay('backbone');
    const unresolved = resolutions.flatMap((resolution, index) =>
      resolution.firstMatch < 0 ? [index] : [],
    );
    // This TodoMVC release gives both apps the same ids and structure, but newer releases do
    // not. So every step must also resolve through a candidate that depends on neither.
    const needIds = resolutions.flatMap((resolution, index) =>
      resolution.matchesWithoutIds ? [] : [index],
    );
    expect(unresolved).toEqual([]);
    expect(needIds).toEqual([]);
    expect(titles).toEqual(['Buy oat milk']);
  });
});
