import { readdirSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { eventWithTime } from '@rrweb/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRecording } from '../harness/fixture/read-recording.js';
import type { Recording } from '../harness/fixture/recording.js';
import {
  networkPluginEvents,
  pageLoadPluginEvent,
} from '../harness/import/testing/network-plugin.js';
import {
  compressLikePosthog,
  posthogChunkedSnapshotLines,
  posthogExportV1,
  posthogExportV2,
  posthogObjectLines,
  posthogPairLines,
} from '../harness/import/testing/posthog-export.js';
import {
  firstMetaTime,
  mergeByTime,
  readDemoSession,
  shiftRecording,
} from '../harness/import/testing/sessions.js';
import { runCli } from './support/run-cli.js';

const SESSION_ID = '0191f3a2-posthog-session';

let root: string;
let todo: Recording;
let swagger: Recording;
/** Each window's events as posthog-js captured them, with its network plugin events. */
let byWindow: Record<string, eventWithTime[]>;

/** Returns the events posthog-js would capture: the rrweb stream plus network plugin events. */
function capturedEvents(recording: Recording): eventWithTime[] {
  const meta = firstMetaTime(recording);
  const origin = meta - 150;
  return mergeByTime(
    recording.events,
    [pageLoadPluginEvent(recording.meta.url, meta + 5)],
    networkPluginEvents(recording.network, origin, 'posthog'),
  );
}

async function importInput(fileName: string, content: string, out: string): Promise<Recording[]> {
  await writeFile(join(root, fileName), content);
  const result = await runCli(['import', fileName, '--out', out], { cwd: root });
  expect(result.stderr).toBe('');
  expect(result.exitCode).toBe(0);
  const files = readdirSync(join(root, out)).sort();
  return Promise.all(files.map((file) => readRecording(join(root, out, file))));
}

function expectSameSession(imported: Recording | undefined, original: Recording): void {
  expect(imported?.events).toEqual(original.events);
  expect(imported?.network).toEqual(original.network);
  expect(imported?.meta.url).toBe(original.meta.url);
  expect(imported?.meta.viewport).toEqual(original.meta.viewport);
  expect(imported?.meta.startedAt).toBe(original.events[0]?.timestamp);
  expect(imported?.meta.recorder.name).toBe('import:posthog');
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'replaygate-import-posthog-'));
  todo = await readDemoSession('todomvc-vanillajs');
  const original = await readDemoSession('swagger-petstore');
  // The second tab opens three seconds after the first, so the windows overlap in time.
  swagger = shiftRecording(
    original,
    todo.events[0]!.timestamp + 3_000 - original.events[0]!.timestamp,
  );
  byWindow = { 'window-todo': capturedEvents(todo), 'window-swagger': capturedEvents(swagger) };
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('import of PostHog recordings', () => {
  it('splits a 2023-04-28 export into one recording per window', async () => {
    const document = posthogExportV2(SESSION_ID, byWindow);
    const [first, second] = await importInput('export-v2.json', JSON.stringify(document), 'v2');

    expect(first?.meta.name).toBe('export-v2-w1');
    expect(second?.meta.name).toBe('export-v2-w2');
    expectSameSession(first, todo);
    expectSameSession(second, swagger);
    expect(first?.meta.seed).toBe(`${SESSION_ID}-w1`);
    expect(second?.meta.seed).toBe(`${SESSION_ID}-w2`);
  });

  it('reads a 2022-12-02 export with compressed events', async () => {
    const compressed = Object.fromEntries(
      Object.entries(byWindow).map(([windowId, events]) => [
        windowId,
        events.map(compressLikePosthog),
      ]),
    );
    const [first, second] = await importInput(
      'export-v1.json',
      JSON.stringify(posthogExportV1(compressed)),
      'v1',
    );

    expectSameSession(first, todo);
    expectSameSession(second, swagger);
    expect(first?.meta.seed).toBe('export-v1-w1');
  });

  it('reads object snapshot lines with gzip data strings', async () => {
    const lines = posthogObjectLines('window-todo', byWindow['window-todo']!, 20);
    const [only] = await importInput('blob-v1.jsonl', lines, 'objects');

    expect(only?.meta.name).toBe('blob-v1');
    expectSameSession(only, todo);
  });

  it('reads window and event pair lines', async () => {
    const [first, second] = await importInput('blob-v2.jsonl', posthogPairLines(byWindow), 'pairs');

    expectSameSession(first, todo);
    expectSameSession(second, swagger);
  });

  it('joins chunked $snapshot data', async () => {
    const lines = posthogChunkedSnapshotLines(
      SESSION_ID,
      'window-todo',
      byWindow['window-todo']!,
      3,
    );
    const reversed = `${lines.trim().split('\n').reverse().join('\n')}\n`;
    const [only] = await importInput('snapshot-events.jsonl', reversed, 'chunks');

    expectSameSession(only, todo);
    expect(only?.meta.seed).toBe(SESSION_ID);
  });

  it('drops events PostHog stored twice', async () => {
    const events = byWindow['window-todo']!;
    const doubled = {
      'window-todo': [...events.slice(0, 40), ...events.slice(20, 40), ...events.slice(40)],
    };
    const [only] = await importInput(
      'retried.json',
      JSON.stringify(posthogExportV2(SESSION_ID, doubled)),
      'retried',
    );

    expectSameSession(only, todo);
  });

  it('turns $url_changed events into URL events', async () => {
    const posthogEvents = todo.events.map((event) =>
      event.type === 5 && event.data.tag === 'replaygate.url'
        ? ({
            ...event,
            data: { tag: '$url_changed', payload: event.data.payload },
          } as eventWithTime)
        : event,
    );
    const document = posthogExportV2(SESSION_ID, { w: posthogEvents });
    const [only] = await importInput('url-changes.json', JSON.stringify(document), 'url-changes');
    const isPosthogUrl = (event: eventWithTime) =>
      event.type === 5 && event.data.tag === '$url_changed';

    expect(
      todo.events.filter((event) => event.type === 5 && event.data.tag === 'replaygate.url'),
    ).toHaveLength(3);
    expect(only?.events.filter(isPosthogUrl)).toHaveLength(3);
    expect(only?.events.filter((event) => !isPosthogUrl(event))).toEqual(todo.events);
  });

  it('lists the page loads it left out', async () => {
    await writeFile(
      join(root, 'single.json'),
      JSON.stringify(posthogExportV2(SESSION_ID, { w: byWindow['window-todo']! })),
    );
    const result = await runCli(['import', 'single.json', '--out', 'single'], { cwd: root });

    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('(posthog, export 2023-04-28)');
    expect(result.stdout).toContain(
      'Left out network plugin entries that were not fetch or XHR: 1 navigation, 1 link, 1 img.',
    );
  });
});
