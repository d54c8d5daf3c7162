import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import type { eventWithTime } from '@rrweb/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRecording } from '../harness/fixture/read-recording.js';
import type { NetworkExchange, Recording } from '../harness/fixture/recording.js';
import { sentryEvents, toSegments } from '../harness/import/testing/sentry-export.js';
import { readDemoSession } from '../harness/import/testing/sessions.js';
import { runCli } from './support/run-cli.js';

let root: string;
let swagger: Recording;
let emitted: eventWithTime[];

function toMs(value: number): number {
  return value < 1e11 ? Math.round(value * 1000) : Math.round(value);
}

/**
 * The events an import must produce: every emitted event with times in whole milliseconds,
 * without the request spans that become exchanges, sorted by time.
 */
function expectedEvents(events: eventWithTime[]): eventWithTime[] {
  const normalized = structuredClone(events).map((event) => {
    event.timestamp = toMs(event.timestamp);
    const payload = (event.data as { payload?: Record<string, unknown> }).payload;
    for (const field of ['timestamp', 'startTimestamp', 'endTimestamp']) {
      if (payload && typeof payload[field] === 'number') {
        payload[field] = toMs(payload[field] as number);
      }
    }
    return event;
  });
  const kept = normalized.filter((event) => {
    const payload = (event.data as { payload?: { op?: string } }).payload;
    return !(event.type === 5 && payload?.op?.startsWith('resource.'));
  });
  return kept
    .map((event, index) => ({ event, index }))
    .sort((a, b) => a.event.timestamp - b.event.timestamp || a.index - b.index)
    .map(({ event }) => event);
}

function expectSameExchange(
  imported: NetworkExchange | undefined,
  original: NetworkExchange,
): void {
  expect(imported?.initiator).toBe(original.initiator);
  expect(imported?.request).toEqual(original.request);
  expect(imported?.response?.status).toBe(original.response?.status);
  expect(imported?.response?.statusText).toBe(original.response?.statusText);
  expect(imported?.response?.headers).toEqual(original.response?.headers);
  // Sentry stores JSON bodies parsed, so only their JSON value survives, not their layout.
  expect(JSON.parse(imported?.response?.body?.data ?? 'null')).toEqual(
    JSON.parse(original.response?.body?.data ?? 'null'),
  );
  expect(imported?.startedAt).toBe(original.startedAt);
  expect(imported?.endedAt).toBe(original.endedAt);
  expect(imported?.pageUrl).toBe(original.pageUrl);
}

async function importFile(fileName: string, content: string | Buffer): Promise<Recording> {
  await writeFile(join(root, fileName), content);
  const out = fileName.replace(/\W/g, '-');
  const result = await runCli(['import', fileName, '--out', out], { cwd: root });
  expect(result.stderr).toBe('');
  expect(result.exitCode).toBe(0);
  const name = fileName.replace(/\.json$/, '');
  return readRecording(join(root, out, `${name}.replay.json.gz`));
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'replaygate-import-sentry-'));
  swagger = await readDemoSession('swagger-petstore');
  emitted = sentryEvents(swagger.events, swagger.network);
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('import of Sentry replay segments', () => {
  it('joins segments and converts seconds to milliseconds', async () => {
    const segments = toSegments(emitted, 25);
    const recording = await importFile('segments.json', JSON.stringify(segments));

    expect(segments.length).toBeGreaterThan(2);
    const expected = expectedEvents(emitted);
    expect(recording.events).toEqual(expected);
    expect(recording.meta.recorder.name).toBe('import:sentry');
    expect(recording.meta.url).toBe(swagger.meta.url);
    // The navigation span starts before the page's first rrweb event.
    expect(recording.meta.startedAt).toBe(expected[0]?.timestamp);
    expect(recording.meta.startedAt).toBeLessThan(swagger.events[0]!.timestamp);
  });

  it('turns request spans into exchanges', async () => {
    const recording = await importFile('spans.json', JSON.stringify(toSegments(emitted, 25)));

    expect(recording.network).toHaveLength(swagger.network.length);
    swagger.network.forEach((original, index) => {
      expectSameExchange(recording.network[index], original);
    });
  });

  it('detects a single segment by its Sentry events', async () => {
    const recording = await importFile('one-segment.json', JSON.stringify(emitted));

    expect(recording.meta.recorder.name).toBe('import:sentry');
    expect(recording.events).toEqual(expectedEvents(emitted));
  });

  it('reads a compressed segment after its header line', async () => {
    const header = JSON.stringify({ segment_id: 0, replay_id: 'a1b2c3d4e5f6' });
    const body = deflateSync(Buffer.from(JSON.stringify(emitted), 'utf8'));
    const recording = await importFile(
      'segment-0.json',
      Buffer.concat([Buffer.from(`${header}\n`), body]),
    );

    expect(recording.events).toEqual(expectedEvents(emitted));
    expect(recording.network).toHaveLength(swagger.network.length);
    expect(recording.meta.seed).toBe('a1b2c3d4e5f6');
  });

  it('keeps breadcrumb times in milliseconds', async () => {
    const recording = await importFile('breadcrumbs.json', JSON.stringify(toSegments(emitted, 40)));
    const breadcrumbs = recording.events.filter(
      (event) => event.type === 5 && event.data.tag === 'breadcrumb',
    );

    expect(breadcrumbs.length).toBeGreaterThan(0);
    for (const breadcrumb of breadcrumbs) {
      const payload = (breadcrumb.data as { payload: { timestamp: number } }).payload;
      expect(Math.abs(payload.timestamp - breadcrumb.timestamp)).toBeLessThanOrEqual(1);
    }
  });
});
