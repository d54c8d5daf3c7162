import { constants } from 'node:buffer';
import { createReadStream } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGunzip } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NetworkExchange } from '../harness/fixture/recording.js';
import { RecordingWriter } from '../harness/sanitize/stream/recording-writer.js';
import { corpusRecording } from '../harness/sanitize/testing/corpus-recording.js';
import { runCli } from './support/run-cli.js';

const EMAIL = 'rosalind.brack@quayside-ledger.net';
const KEY_ENV = {
  REPLAYGATE_SANITIZE_KEY: 'c4'.repeat(32),
  REPLAYGATE_SANITIZE_KEY_FILE: undefined,
};
/** Large image bodies: together they make the JSON text longer than one V8 string can be. */
const IMAGE_COUNT = 6;
const IMAGE_BASE64_CHARS = 92_000_000;
/** The PNG signature, the IHDR length, whose NUL bytes mark the body as binary, and two zero bytes. */
const IMAGE_HEAD = Buffer.from('89504e470d0a1a0a0000000d494844520000', 'hex').toString('base64');

let root: string;

function imageExchange(id: number, data: string): NetworkExchange {
  return {
    id,
    initiator: 'fetch',
    request: { method: 'GET', url: `http://127.0.0.1:4173/scans/${id}.png`, headers: {} },
    response: {
      status: 200,
      statusText: 'OK',
      headers: { 'content-type': 'image/png' },
      body: { encoding: 'base64', data },
    },
    startedAt: 1_700_000_001_000 + id,
    endedAt: 1_700_000_001_500 + id,
    pageUrl: 'http://127.0.0.1:4173/app/',
  };
}

/**
 * Writes the raw recording piece by piece: the corpus session with an e-mail address in every
 * location, the large images, and a last exchange whose reply has the address again.
 */
async function writeLargeRecording(path: string): Promise<void> {
  const recording = corpusRecording(`Signed in as ${EMAIL}`);
  const writer = new RecordingWriter(path);
  await writer.field('format', recording.format);
  await writer.field('version', recording.version);
  await writer.field('meta', recording.meta);
  writer.startArray('events');
  for (const event of recording.events) {
    await writer.element(event);
  }
  writer.endArray();
  writer.startArray('network');
  for (const exchange of recording.network) {
    await writer.element(exchange);
  }
  const image = IMAGE_HEAD + 'A'.repeat(IMAGE_BASE64_CHARS - IMAGE_HEAD.length);
  const first = recording.network.length;
  for (let index = 0; index < IMAGE_COUNT; index++) {
    await writer.element(imageExchange(first + index, image));
  }
  const last = structuredClone(recording.network[0]!);
  last.id = first + IMAGE_COUNT;
  last.response!.body = { encoding: 'text', data: JSON.stringify({ owner: EMAIL }) };
  last.response!.headers = { 'content-type': 'application/json' };
  await writer.element(last);
  writer.endArray();
  await writer.close();
}

/** Streams a gzip file and returns its decompressed size and whether `needle` occurs in it. */
async function scanDecompressed(
  path: string,
  needle: string,
): Promise<{ bytes: number; found: boolean }> {
  const pattern = Buffer.from(needle);
  let bytes = 0;
  let found = false;
  // The tail of the previous chunk covers an occurrence split across two chunks.
  let tail: Buffer = Buffer.alloc(0);
  for await (const chunk of createReadStream(path).pipe(createGunzip())) {
    const buffer = chunk as Buffer;
    bytes += buffer.length;
    found ||= Buffer.concat([tail, buffer]).includes(pattern);
    tail = buffer.subarray(Math.max(0, buffer.length - pattern.length + 1));
  }
  return { bytes, found };
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'replaygate-string-limit-'));
  await mkdir(join(root, 'raw'));
  await writeLargeRecording(join(root, 'raw', 'large.replay.json.gz'));
}, 300_000);

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('a recording longer than the V8 string limit', () => {
  it('is sanitized and audited by the CLI', async () => {
    const raw = await scanDecompressed(join(root, 'raw', 'large.replay.json.gz'), EMAIL);
    expect(raw.bytes).toBeGreaterThan(constants.MAX_STRING_LENGTH);
    expect(raw.found).toBe(true);

    const sanitize = await runCli(['sanitize', 'raw', '--out', 'recordings'], {
      cwd: root,
      env: KEY_ENV,
      timeoutMs: 600_000,
    });
    expect(sanitize.stderr).toBe('');
    expect(sanitize.exitCode).toBe(0);
    expect(sanitize.stdout).toContain(`${4 + IMAGE_COUNT + 1} exchanges`);

    const output = join(root, 'recordings', 'large.replay.json.gz');
    const written = await scanDecompressed(output, EMAIL);
    expect(written.bytes).toBeGreaterThan(constants.MAX_STRING_LENGTH);
    expect(written.found).toBe(false);

    const audit = await runCli(['audit', 'recordings'], { cwd: root, timeoutMs: 600_000 });
    expect(audit.stderr).toBe('');
    expect(audit.exitCode).toBe(0);
    expect(audit.stdout).toContain('no personal data or secrets found');
  }, 900_000);
});
