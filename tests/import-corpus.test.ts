import { readdirSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { pack } from '@rrweb/packer';
import type { eventWithTime } from '@rrweb/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRecording } from '../harness/fixture/read-recording.js';
import type { Recording } from '../harness/fixture/recording.js';
import { runCli, type CliResult } from './support/run-cli.js';

const CORPUS = fileURLToPath(new URL('./fixtures/import/rrweb/', import.meta.url));
const FILES = readdirSync(CORPUS)
  .filter((name) => name.endsWith('.json.gz'))
  .sort();
const KEY_ENV = {
  REPLAYGATE_SANITIZE_KEY: 'c4'.repeat(32),
  REPLAYGATE_SANITIZE_KEY_FILE: undefined,
};

let root: string;
let imported: CliResult;

function sessionName(file: string): string {
  return file.replace(/\.json\.gz$/, '');
}

async function sourceEvents(file: string): Promise<eventWithTime[]> {
  return JSON.parse(
    gunzipSync(await readFile(join(CORPUS, file))).toString('utf8'),
  ) as eventWithTime[];
}

function importedRecording(file: string): Promise<Recording> {
  return readRecording(join(root, 'raw', `${sessionName(file)}.replay.json.gz`));
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'replaygate-import-corpus-'));
  imported = await runCli(['import', ...FILES.map((file) => join(CORPUS, file)), '--out', 'raw'], {
    cwd: root,
  });
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('import of public rrweb recordings', () => {
  it('writes one recording per file', () => {
    expect(FILES).toHaveLength(10);
    expect(imported.stderr).toBe('');
    expect(imported.exitCode).toBe(0);
    expect(readdirSync(join(root, 'raw')).sort()).toEqual(
      FILES.map((file) => `${sessionName(file)}.replay.json.gz`),
    );
  });

  it.each(FILES)('%s keeps every event in order', async (file) => {
    const source = await sourceEvents(file);
    const recording = await importedRecording(file);

    expect(recording.events.map((event) => event.type)).toEqual(source.map((event) => event.type));
    expect(recording.events.map((event) => event.data)).toEqual(source.map((event) => event.data));
    const times = recording.events.map((event) => event.timestamp);
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it.each(FILES)('%s gets meta from its first Meta event', async (file) => {
    const source = await sourceEvents(file);
    const recording = await importedRecording(file);
    const meta = source.find((event) => event.type === 4) as eventWithTime & {
      data: { href: string; width: number; height: number };
    };

    expect(recording.meta.name).toBe(sessionName(file));
    expect(recording.meta.viewport).toEqual({ width: meta.data.width, height: meta.data.height });
    const expectedUrl = /^https?:/.test(meta.data.href) ? meta.data.href : 'http://localhost/';
    expect(recording.meta.url).toBe(expectedUrl);
    expect(recording.meta.startedAt).toBe(source[0]?.timestamp);
    expect(recording.meta.recorder.name).toBe('import:rrweb');
    expect(recording.meta.deviceScaleFactor).toBe(1);
    expect(recording.meta.locale).toBe('en-US');
    expect(recording.meta.timeZone).toBe('UTC');
    expect(recording.network).toEqual([]);
  });

  it('takes the seed from a stored session id', async () => {
    const source = await sourceEvents('demoit-app-player-demo.json.gz');
    const recording = await importedRecording('demoit-app-player-demo.json.gz');
    const sessionId = (source[0] as unknown as { sessionId: string }).sessionId;

    expect(typeof sessionId).toBe('string');
    expect(recording.meta.seed).toBe(sessionId);
    expect((await importedRecording('hover.json.gz')).meta.seed).toBe('hover');
  });

  it('gives an out-of-order outlier the time before it', async () => {
    const source = await sourceEvents('video-playback.json.gz');
    const recording = await importedRecording('video-playback.json.gz');
    const outlier = source.findIndex((event) => event.timestamp === 19000602896);

    expect(outlier).toBeGreaterThan(0);
    expect(recording.events[outlier]?.timestamp).toBe(source[outlier - 1]?.timestamp);
    expect(imported.stdout).toContain('Gave 1 events the time of the event before them');
  });

  it.each(FILES)('%s is summarized by inspect', async (file) => {
    const result = await runCli(
      ['inspect', join('raw', `${sessionName(file)}.replay.json.gz`), '--json'],
      {
        cwd: root,
      },
    );

    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    const inspection = JSON.parse(result.stdout) as {
      session: string;
      eventCounts: Record<string, number>;
    };
    expect(inspection.session).toBe(sessionName(file));
    expect(inspection.eventCounts.FullSnapshot).toBeGreaterThanOrEqual(1);
  });

  it('passes every import through sanitize', async () => {
    const result = await runCli(['sanitize', 'raw', '--out', 'clean'], { cwd: root, env: KEY_ENV });

    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    expect(readdirSync(join(root, 'clean'))).toHaveLength(FILES.length);
  });

  it('reads packed events like plain ones', async () => {
    const source = await sourceEvents('demoit-app-player-demo.json.gz');
    await writeFile(
      join(root, 'demoit-packed.json'),
      JSON.stringify(source.map((event) => pack(event))),
    );
    const result = await runCli(['import', 'demoit-packed.json', '--out', 'packed'], { cwd: root });

    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('(packed, @rrweb/packer v1)');
    const packed = await readRecording(join(root, 'packed', 'demoit-packed.replay.json.gz'));
    const plain = await importedRecording('demoit-app-player-demo.json.gz');
    expect(packed.meta.recorder.name).toBe('import:packed');
    expect(packed.events).toEqual(plain.events);
  });
});
