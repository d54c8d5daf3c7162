import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Recording } from '../../fixture/recording.js';
import { writeRecording } from '../../fixture/write-recording.js';
import { corpusRecording } from '../../sanitize/testing/corpus-recording.js';
import { sanitizeCommand } from './sanitize.js';

const fixture = fileURLToPath(
  new URL('../../../recordings/todomvc-vanillajs.replay.json.gz', import.meta.url),
);

let folder: string;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'replaygate-sanitize-cmd-'));
  await mkdir(join(folder, 'raw'));
  await copyFile(fixture, join(folder, 'raw', 'vanilla.replay.json.gz'));
  await writeFile(join(folder, 'notes.txt'), 'x');
  vi.stubEnv('REPLAYGATE_SANITIZE_KEY', 'ab'.repeat(32));
  vi.stubEnv('REPLAYGATE_SANITIZE_KEY_FILE', undefined);
});

afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await rm(folder, { recursive: true, force: true });
});

function runSanitize(inputs: string[], out: string): Promise<void> {
  vi.spyOn(process, 'cwd').mockReturnValue(folder);
  const argv = { inputs, out, _: [], $0: 'replaygate' };
  return sanitizeCommand.handler(
    argv as Parameters<typeof sanitizeCommand.handler>[0],
  ) as Promise<void>;
}

/** Runs the command and returns what it printed and its exit code. */
async function runCaptured(inputs: string[], out: string) {
  const stderr: string[] = [];
  const stdout: string[] = [];
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => stderr.push(String(chunk)) > 0);
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => stdout.push(String(chunk)) > 0);
  await runSanitize(inputs, out);
  return { stderr: stderr.join(''), stdout: stdout.join(''), exitCode: process.exitCode };
}

/** Writes a recording whose full snapshot has `depth` nested `<div>` elements in its body. */
async function writeDeepDom(path: string, depth: number): Promise<number> {
  const recording = corpusRecording('plain text');
  const index = recording.events.findIndex((event) => event.type === 2);
  const text = JSON.stringify(recording);
  // The nested elements are written as text, because JSON.stringify itself recurses.
  const open = (level: number) =>
    `{"type":2,"tagName":"div","attributes":{},"id":${100_000 + level},"childNodes":[`;
  const nested =
    Array.from({ length: depth }, (_, level) => open(level)).join('') + ']}'.repeat(depth);
  const body = '"tagName":"body","attributes":{},"childNodes":[';
  expect(text).toContain(body);
  await writeFile(path, gzipSync(text.replace(body, `${body}${nested},`)));
  return index;
}

describe('sanitizeCommand', () => {
  it('rejects an --out that is a file', async () => {
    await expect(runSanitize(['raw'], 'notes.txt')).rejects.toThrow(
      /--out: "notes.txt" is a file, not a folder/,
    );
  });

  it('names --out when it contains every input', async () => {
    await expect(runSanitize(['raw'], 'raw')).rejects.toThrow(
      /Every recording in raw is inside --out raw/,
    );
  });
});

describe('sanitizeCommand input checks', () => {
  it('names an rrweb event array and the import command', async () => {
    const events = [{ type: 2, data: { node: { type: 0, childNodes: [], id: 1 } }, timestamp: 1 }];
    await writeFile(join(folder, 'events.json'), JSON.stringify(events));

    const { stderr, exitCode } = await runCaptured(['events.json'], 'array-out');

    expect(stderr).toContain('events.json: is a JSON array, such as an rrweb event array');
    expect(stderr).toContain(`replaygate import ${join(folder, 'events.json')} --out raw/`);
    expect(stderr).not.toContain('invalid JSON');
    expect(exitCode).toBe(2);
    expect(existsSync(join(folder, 'array-out'))).toBe(false);
  });

  it('skips a deeply nested file and sanitizes the rest', async () => {
    await mkdir(join(folder, 'batch'));
    const deep = join(folder, 'batch', 'a-deep.replay.json.gz');
    const index = await writeDeepDom(deep, 20_000);
    await copyFile(fixture, join(folder, 'batch', 'b-vanilla.replay.json.gz'));

    const { stderr, stdout, exitCode } = await runCaptured(['batch'], 'batch-out');

    expect(stderr).toContain(`${deep}: events[${index}] nests too deeply to be walked`);
    expect(stderr).toContain('blockSelector');
    expect(stderr).not.toContain('internal error');
    expect(stdout).toContain('Sanitized batch/b-vanilla.replay.json.gz');
    expect(exitCode).toBe(2);
    expect(existsSync(join(folder, 'batch-out', 'b-vanilla.replay.json.gz'))).toBe(true);
    expect(existsSync(join(folder, 'batch-out', 'a-deep.replay.json.gz'))).toBe(false);
  });
});

describe('sanitizeCommand fix advice', () => {
  const EMAIL = 'rosalind.brack@quayside-ledger.net';

  async function adviceFor(name: string, change: (recording: Recording) => void) {
    const recording = corpusRecording('plain text', { credentials: false });
    change(recording);
    await writeRecording(join(folder, 'advice', `${name}.replay.json.gz`), recording);
    return runCaptured([join('advice', `${name}.replay.json.gz`)], 'advice-out');
  }

  it.each([
    ['meta.name', (recording: Recording) => void (recording.meta.name = `run by ${EMAIL}`)],
    [
      'meta.recorder.version',
      (recording: Recording) => void (recording.meta.recorder.version = EMAIL),
    ],
    [
      'events[3].extra',
      (recording: Recording) => void ((recording.events[3] as { extra?: string }).extra = EMAIL),
    ],
  ])('tells to change the raw recording for %s', async (path, change) => {
    const { stderr, exitCode } = await adviceFor(path, change);

    expect(stderr).toContain(` ${path}: email `);
    expect(stderr).toContain(`No config rule can replace the values in ${path}, because`);
    expect(stderr).toContain('Edit the raw recording to change or remove each value');
    expect(stderr).not.toContain('Add a pattern');
    expect(exitCode).toBe(1);
  });
});
