import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixtureError } from '../../fixture/fixture-error.js';
import { guardNesting, readRecordingItems } from './read-recording-stream.js';

/** rrweb events as rrweb's own examples save them: a bare JSON array. */
const RRWEB_EVENTS = [
  { type: 4, data: { href: 'http://127.0.0.1:4173/', width: 800, height: 600 }, timestamp: 1 },
  { type: 2, data: { node: { type: 0, childNodes: [], id: 1 } }, timestamp: 2 },
];

let folder: string;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'replaygate-read-stream-'));
});

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

async function readError(name: string, content: string | Buffer): Promise<Error> {
  const file = join(folder, name);
  await writeFile(file, content);
  try {
    for await (const item of readRecordingItems(file)) {
      void item;
    }
  } catch (error) {
    expect(error).toBeInstanceOf(FixtureError);
    return error as Error;
  }
  throw new Error(`${name} was read without an error`);
}

describe('readRecordingItems', () => {
  it('names an rrweb event array and the import fix', async () => {
    const error = await readError('events.json', `\n  ${JSON.stringify(RRWEB_EVENTS)}`);
    const file = join(folder, 'events.json');

    expect(error.message).toContain(`${file}: is a JSON array, such as an rrweb event array`);
    expect(error.message).toContain(`replaygate import ${file} --out raw/`);
    expect(error.message).not.toContain('invalid JSON');
  });

  it('names a gzip-compressed event array', async () => {
    const error = await readError('events.json.gz', gzipSync(JSON.stringify(RRWEB_EVENTS)));

    expect(error.message).toContain('is a JSON array, such as an rrweb event array');
  });

  it('quotes a path with spaces in the import command', async () => {
    const error = await readError('my events.json', JSON.stringify(RRWEB_EVENTS));

    expect(error.message).toContain(`replaygate import '${join(folder, 'my events.json')}'`);
  });

  it('names another format and the import fix', async () => {
    const text = JSON.stringify({ format: 'rrweb', events: RRWEB_EVENTS });
    const error = await readError('rrweb-object.json', text);

    expect(error.message).toContain('format is "rrweb", not "replaygate.recording"');
    expect(error.message).toContain('replaygate import');
  });

  it('suggests import for an unknown key before format', async () => {
    const error = await readError('export.json', JSON.stringify({ session_id: 'a', events: [] }));

    expect(error.message).toContain('unknown top-level key "session_id"');
    expect(error.message).toContain('replaygate import');
  });

  it('keeps the short fix for an unknown key after format', async () => {
    const text = JSON.stringify({ format: 'replaygate.recording', version: 1, extra: 1 });
    const error = await readError('extra.json', text);

    expect(error.message).toContain('unknown top-level key "extra". Remove it');
    expect(error.message).not.toContain('replaygate import');
  });
});

describe('guardNesting', () => {
  const overflow = (depth: number): number => overflow(depth + 1) + 1;

  it('names the snapshot of a stack overflow', () => {
    const place = { key: 'events', index: 7, eventType: 2 } as const;
    const run = () => guardNesting('deep.json', place, () => overflow(0));

    expect(run).toThrow(FixtureError);
    expect(run).toThrow('deep.json: events[7] nests too deeply to be walked');
    expect(run).toThrow('blockSelector');
  });

  it('names the custom event of a stack overflow', () => {
    const place = { key: 'events', index: 4, eventType: 5 } as const;
    const run = () => guardNesting('deep.json', place, () => overflow(0));

    expect(run).toThrow('deep.json: events[4] nests too deeply to be walked');
    expect(run).toThrow('without the deeply nested value in the payload of this event');
  });

  it('names the exchange of a stack overflow', () => {
    const run = () => guardNesting('deep.json', { key: 'network', index: 3 }, () => overflow(0));

    expect(run).toThrow('deep.json: network[3] nests too deeply to be walked');
    expect(run).toThrow('networkDeny');
  });

  it('passes other errors through', () => {
    const run = () =>
      guardNesting('deep.json', { key: 'events', index: 0 }, () => {
        throw new RangeError('Invalid array length');
      });

    expect(run).toThrow(RangeError);
  });

  it('returns the result of the step', () => {
    expect(guardNesting('a.json', { key: 'events', index: 0 }, () => 42)).toBe(42);
  });
});
