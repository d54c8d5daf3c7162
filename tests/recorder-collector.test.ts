import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { BrowserContext, Page } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_APPS_DIR } from '../demo/build-apps.js';
import { projectRoot } from '../demo/project-paths.js';
import { startCollector, type RunningCollector } from '../harness/collect/collector.js';
import { exportSession, sessionRecordingName } from '../harness/collect/export-session.js';
import type { Recording } from '../harness/fixture/recording.js';
import { writeRecording } from '../harness/fixture/write-recording.js';
import {
  flushRecording,
  newRecordedContext,
  startTestBed,
  type RecorderTestBed,
} from '../harness/recorder/testing/recorder-browser.js';
import { REPLAY_RUN_TIMEOUT_MS, runCli } from './support/run-cli.js';
import { expectPerfectReplay } from './support/replay-expectations.js';
import { replayArgs } from './support/workspace.js';

const TOKEN = 'collector-e2e-token-0123456789abcdef';
const KEY_ENV = {
  REPLAYGATE_SANITIZE_KEY: '7e'.repeat(32),
  REPLAYGATE_SANITIZE_KEY_FILE: undefined,
};
const TODOS = {
  online: 'Water the plants',
  offline: ['Pack the tent', 'Buy batteries'],
  afterReload: 'Call the plumber',
};

let bed: RecorderTestBed;
let collector: RunningCollector;
let root: string;
let store: string;
let context: BrowserContext | undefined;
let sessionId: string;

async function addTodo(page: Page, text: string): Promise<void> {
  const input = page.locator('#new-todo');
  await input.click();
  await input.pressSequentially(text, { delay: 20 });
  await input.press('Enter');
  await page.locator('#todo-list li', { hasText: text }).waitFor();
}

/** Flushes until the buffer is empty; the uploader resumes on its own after going online. */
async function flushUntilEmpty(page: Page): Promise<void> {
  for (let round = 0; round < 100; round += 1) {
    if (await flushRecording(page)) {
      return;
    }
    await page.waitForTimeout(100);
  }
  throw new Error('The recorder buffer did not empty.');
}

function bufferedBatchCount(page: Page): Promise<number> {
  return page.evaluate(
    () => Object.keys(localStorage).filter((key) => key.startsWith('replaygate.batch.')).length,
  );
}

beforeAll(async () => {
  bed = await startTestBed();
  root = await mkdtemp(join(tmpdir(), 'replaygate-recorder-e2e-'));
  store = join(root, 'store');
  collector = await startCollector({
    store,
    token: TOKEN,
    port: 0,
    allowOrigins: [new URL(bed.apps.url).origin],
    log: () => undefined,
  });

  const options = {
    endpoint: collector.url,
    token: TOKEN,
    // The replay types the recorded input values, so the todo field is recorded as typed.
    unmaskInputSelector: '#new-todo',
    batchIntervalMs: 500,
    retryBaseMs: 200,
    retryMaxMs: 1_000,
  };
  context = await newRecordedContext(bed.browser, JSON.stringify(options));
  const page = await context.newPage();
  await page.goto(bed.todoUrl);
  await addTodo(page, TODOS.online);
  await flushUntilEmpty(page);

  await context.setOffline(true);
  for (const text of TODOS.offline) {
    await addTodo(page, text);
  }
  expect(await flushRecording(page)).toBe(false);
  expect(await bufferedBatchCount(page)).toBeGreaterThan(0);
  await context.setOffline(false);
  await flushUntilEmpty(page);

  await page.reload();
  await page.locator('#todo-list li').nth(2).waitFor();
  await addTodo(page, TODOS.afterReload);
  await flushUntilEmpty(page);
  sessionId = await page.evaluate(async () => {
    const scope = window as unknown as { __replaygateRecording: Promise<{ sessionId: string }> };
    return (await scope.__replaygateRecording).sessionId;
  });
  await context.close();
  context = undefined;
});

afterAll(async () => {
  await context?.close();
  await collector?.close();
  await bed?.close();
  if (root) {
    await rm(root, { recursive: true, force: true });
  }
});

describe('recorder with the collector', () => {
  let recording: Recording;

  it('exports one session with both page loads', async () => {
    recording = await exportSession(store, sessionId);
    expect(recording.meta.name).toBe(sessionRecordingName(sessionId));
    expect(recording.meta.url).toBe(bed.todoUrl);
    const snapshots = recording.events.filter((event) => event.type === 2);
    expect(snapshots).toHaveLength(2);
    const text = JSON.stringify(recording.events);
    for (const todo of [TODOS.online, ...TODOS.offline, TODOS.afterReload]) {
      expect(text).toContain(todo);
    }
  });

  it('sanitizes and replays with fidelity 1', async () => {
    const rawDir = join(root, 'raw');
    const recordingsDir = join(root, 'recordings');
    await mkdir(rawDir);
    await mkdir(recordingsDir);
    const name = recording.meta.name;
    await writeRecording(join(rawDir, `${name}.replay.json.gz`), recording);

    const sanitize = await runCli(['sanitize', rawDir, '--out', recordingsDir], {
      cwd: root,
      env: KEY_ENV,
    });
    expect(sanitize.stderr).toBe('');
    expect(sanitize.exitCode).toBe(0);
    const fixture = JSON.parse(
      gunzipSync(await readFile(join(recordingsDir, `${name}.replay.json.gz`))).toString('utf8'),
    ) as Recording;
    expect(fixture.sanitization).toBeDefined();

    const replay = await runCli(
      replayArgs({
        serve: join(projectRoot(), DEFAULT_APPS_DIR),
        recordings: recordingsDir,
        outputDir: join(root, 'results'),
        baselineDir: join(root, 'baselines'),
      }),
      { cwd: root, timeoutMs: REPLAY_RUN_TIMEOUT_MS },
    );
    expectPerfectReplay(replay);
  });
});
