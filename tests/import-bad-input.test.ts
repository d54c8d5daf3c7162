import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDemoSession } from '../harness/import/testing/sessions.js';
import type { Recording } from '../harness/fixture/recording.js';
import { runCli, type CliResult } from './support/run-cli.js';

let root: string;
let todo: Recording;

async function importText(
  fileName: string,
  content: string,
  extra: string[] = [],
): Promise<CliResult> {
  await writeFile(join(root, fileName), content);
  return runCli(['import', fileName, '--out', 'out', ...extra], { cwd: root });
}

function expectRejected(result: CliResult, ...parts: string[]): void {
  expect(result.exitCode).toBe(2);
  expect(result.stdout).toBe('');
  expect(result.stderr).not.toContain('internal error');
  for (const part of parts) {
    expect(result.stderr).toContain(part);
  }
  expect(existsSync(join(root, 'out'))).toBe(false);
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'replaygate-import-bad-'));
  todo = await readDemoSession('todomvc-vanillajs');
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('import of bad input', () => {
  it('names the line and column of an unmatched brace', async () => {
    const result = await importText('brace.json', '[\n  {"type":4,"timestamp":1,"data":{}}}\n]\n');

    expectRejected(
      result,
      '[replaygate] brace.json: the content is not valid JSON',
      'at position 38 (line 2, column 37)',
      'A brace or bracket is unmatched or the file was cut short',
    );
  });

  it('rejects an object without events', async () => {
    const result = await importText('object.json', '{"session":"abc","pages":3}');

    expectRejected(
      result,
      'object.json: the JSON is not an rrweb event array',
      'Export the session as rrweb events',
    );
  });

  it('rejects an array of other values', async () => {
    const result = await importText('numbers.json', '[1, 2, 3]');

    expectRejected(
      result,
      'numbers.json: element 0 of the event array is not an rrweb event: expected an object, found number (1)',
      'name the source with --format',
    );
  });

  it('rejects a session without a full snapshot', async () => {
    const events = todo.events.filter((event) => event.type !== 2);
    const result = await importText('no-snapshot.json', JSON.stringify(events));

    expectRejected(
      result,
      'no-snapshot.json: contains no rrweb full snapshot (event type 2)',
      'Export the session from its start',
    );
  });

  it('rejects timestamps that are neither unit', async () => {
    const events = structuredClone(todo.events);
    events[7]!.timestamp = 12_345;
    const result = await importText('mixed.json', JSON.stringify(events));

    expectRejected(
      result,
      'mixed.json: event 7 has timestamp 12345, which is neither milliseconds nor seconds within the session',
      'The events mix timestamps of different sessions or clocks',
    );
  });

  it('writes nothing when one input is bad', async () => {
    await writeFile(join(root, 'good.json'), JSON.stringify(todo.events));
    await writeFile(join(root, 'bad.json'), '[{"type":2,"timestamp":"soon","data":{}}]');
    const result = await runCli(['import', 'good.json', 'bad.json', '--out', 'out'], { cwd: root });

    expectRejected(
      result,
      'bad.json: element 0 of the event array is not an rrweb event: "timestamp" is "soon"',
    );
  });

  it('points a HAR input to --har', async () => {
    const result = await importText(
      'traffic.json',
      JSON.stringify({ log: { version: '1.2', entries: [] } }),
    );

    expectRejected(result, 'traffic.json: is a HAR file', 'Pass it with --har');
  });

  it('rejects a --har file that is not HAR', async () => {
    await writeFile(join(root, 'events.json'), JSON.stringify(todo.events));
    await writeFile(join(root, 'not.har'), '{"entries":[]}');
    const result = await runCli(['import', 'events.json', '--har', 'not.har', '--out', 'out'], {
      cwd: root,
    });

    expectRejected(
      result,
      'not.har: is not a HAR file: expected an object with a "log.entries" array',
    );
  });

  it('rejects an unknown PostHog export version', async () => {
    const result = await importText(
      'future.json',
      JSON.stringify({ version: '2031-01-01', data: { snapshots: [] } }),
    );

    expectRejected(
      result,
      'future.json: PostHog export version "2031-01-01" is not supported',
      'Export the recording again',
    );
  });

  it('rejects a --url that is not http', async () => {
    await writeFile(join(root, 'events.json'), JSON.stringify(todo.events));
    const result = await runCli(
      ['import', 'events.json', '--url', 'file:///tmp/page.html', '--out', 'out'],
      {
        cwd: root,
      },
    );

    expectRejected(result, '--url: "file:///tmp/page.html" is not an http(s) URL');
  });

  it('names a missing file', async () => {
    const result = await runCli(['import', 'missing.json', '--out', 'out'], { cwd: root });

    expectRejected(result, 'missing.json: file not found. Check the path');
  });
});
