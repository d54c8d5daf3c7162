import { readdirSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { eventWithTime } from '@rrweb/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRecording } from '../harness/fixture/read-recording.js';
import type { Recording } from '../harness/fixture/recording.js';
import { harDocument, harEntry } from '../harness/import/testing/har-export.js';
import { posthogExportV2 } from '../harness/import/testing/posthog-export.js';
import {
  mergeByTime,
  readDemoSession,
  shiftRecording,
} from '../harness/import/testing/sessions.js';
import { runCli, type CliResult } from './support/run-cli.js';

let root: string;
let todo: Recording;
/** The Swagger UI session, moved to start while the TodoMVC session is still running. */
let overlapping: Recording;
/** The TodoMVC session with a pause in the middle, during which the user works in Swagger UI. */
let paused: Recording;
/** The Swagger UI session, moved into the pause of {@link paused}. */
let inPause: Recording;
/** The Swagger UI session, moved to start a second after the TodoMVC session ends. */
let following: Recording;

async function runImport(
  name: string,
  document: unknown,
  extra: string[] = [],
): Promise<{ result: CliResult; recordings: Recording[] }> {
  await writeFile(join(root, `${name}.json`), JSON.stringify(document));
  const result = await runCli(['import', `${name}.json`, '--out', name, ...extra], { cwd: root });
  expect(result.stderr).toBe('');
  expect(result.exitCode).toBe(0);
  const files = readdirSync(join(root, name)).sort();
  return {
    result,
    recordings: await Promise.all(files.map((file) => readRecording(join(root, name, file)))),
  };
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'replaygate-import-windows-'));
  todo = await readDemoSession('todomvc-vanillajs');
  const swagger = await readDemoSession('swagger-petstore');
  const todoStart = todo.events[0]!.timestamp;
  const todoEnd = todo.events[todo.events.length - 1]!.timestamp;
  overlapping = shiftRecording(swagger, todoStart + 3_000 - swagger.events[0]!.timestamp);
  following = shiftRecording(swagger, todoEnd + 1_000 - swagger.events[0]!.timestamp);

  // The user switches to a second tab at TodoMVC's longest pause and back after using it.
  const gaps = todo.events
    .slice(1)
    .map((event, index) => event.timestamp - todo.events[index]!.timestamp);
  const pauseAt = gaps.indexOf(Math.max(...gaps)) + 1;
  const resumeAt = todo.events[pauseAt]!.timestamp;
  inPause = shiftRecording(
    swagger,
    todo.events[pauseAt - 1]!.timestamp + 500 - swagger.events[0]!.timestamp,
  );
  const swaggerEnd = inPause.events[inPause.events.length - 1]!.timestamp;
  paused = structuredClone(todo);
  for (const event of paused.events.slice(pauseAt)) {
    event.timestamp += swaggerEnd + 500 - resumeAt;
  }
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('import of sessions with several windows', () => {
  it('splits interleaved snapshot streams into windows', async () => {
    const events = mergeByTime(paused.events, inPause.events);
    const { recordings } = await runImport('interleaved', events);

    expect(recordings.map((recording) => recording.meta.name)).toEqual([
      'interleaved-w1',
      'interleaved-w2',
    ]);
    expect(recordings[0]?.events).toEqual(paused.events);
    expect(recordings[1]?.events).toEqual(inPause.events);
    expect(recordings[0]?.meta.url).toBe(todo.meta.url);
    expect(recordings[1]?.meta.url).toBe(inPause.meta.url);
    expect(recordings[1]?.meta.seed).toBe('interleaved-w2');
  });

  it('keeps page loads of windows used at once apart', async () => {
    const events = mergeByTime(todo.events, overlapping.events);
    const { recordings } = await runImport('simultaneous', events);
    const pageLoads = (recording: Recording | undefined) =>
      recording?.events.filter((event) => event.type === 2 || event.type === 4);

    expect(recordings).toHaveLength(2);
    expect(pageLoads(recordings[0])).toEqual(pageLoads(todo));
    expect(pageLoads(recordings[1])).toEqual(pageLoads(overlapping));
  });

  it('keeps navigations within one tab in one recording', async () => {
    const events: eventWithTime[] = [...todo.events, ...following.events];
    const { recordings } = await runImport('navigations', events);

    expect(recordings).toHaveLength(1);
    expect(recordings[0]?.meta.name).toBe('navigations');
    expect(recordings[0]?.events).toEqual(events);
    expect(recordings[0]?.events.filter((event) => event.type === 2)).toHaveLength(2);

    const inspect = await runCli(
      ['inspect', join('navigations', 'navigations.replay.json.gz'), '--json'],
      { cwd: root },
    );
    const inspection = JSON.parse(inspect.stdout) as { pages: string[] };
    expect(inspection.pages).toEqual([todo.meta.url, following.meta.url]);
  });

  it('gives each window the HAR entries of its pages', async () => {
    const entries = [
      harEntry(paused.network[0]!, { pageref: 'page_todo', resourceType: 'xhr' }),
      ...inPause.network.map((exchange) =>
        harEntry(exchange, { pageref: 'page_swagger', resourceType: 'fetch' }),
      ),
    ];
    const pages = [
      { id: 'page_todo', url: paused.meta.url, startedAt: paused.events[0]!.timestamp },
      { id: 'page_swagger', url: inPause.meta.url, startedAt: inPause.events[0]!.timestamp },
    ];
    await writeFile(join(root, 'windows.har'), JSON.stringify(harDocument(pages, entries)));
    const events = mergeByTime(paused.events, inPause.events);
    const { recordings } = await runImport('windows-har', events, ['--har', 'windows.har']);

    expect(entries).toHaveLength(4);
    expect(recordings[0]?.network.map((exchange) => exchange.request.url)).toEqual(
      paused.network.map((exchange) => exchange.request.url),
    );
    expect(recordings[1]?.network.map((exchange) => exchange.request.url)).toEqual(
      inPause.network.map((exchange) => exchange.request.url),
    );
  });

  it('skips a PostHog window without a full snapshot', async () => {
    const incrementalOnly = todo.events.filter((event) => event.type === 3).slice(0, 5);
    const document = posthogExportV2('s-1', {
      'window-a': todo.events,
      'window-b': overlapping.events,
      'window-c': incrementalOnly,
    });
    const { result, recordings } = await runImport('partial', document);

    expect(recordings.map((recording) => recording.meta.name)).toEqual([
      'partial-w1',
      'partial-w2',
    ]);
    expect(result.stdout).toContain('Skipped 1 of 3 windows without a full snapshot.');
  });
});
