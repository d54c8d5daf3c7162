import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { writeRecording } from '../../fixture/write-recording.js';
import { corpusRecording } from '../../sanitize/testing/corpus-recording.js';
import { auditCommand } from './audit.js';

const EMAIL = 'rosalind.brack@quayside-ledger.net';

let folder: string;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'replaygate-audit-cmd-'));
});

afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
});

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

/** Runs `replaygate audit <inputs..>` in `folder` and returns what it printed and its exit code. */
async function runAudit(inputs: string[]) {
  const stderr: string[] = [];
  const stdout: string[] = [];
  vi.spyOn(process, 'cwd').mockReturnValue(folder);
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => stderr.push(String(chunk)) > 0);
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => stdout.push(String(chunk)) > 0);
  const argv = { inputs, _: [], $0: 'replaygate' };
  await auditCommand.handler(argv as Parameters<typeof auditCommand.handler>[0]);
  return { stderr: stderr.join(''), stdout: stdout.join(''), exitCode: process.exitCode };
}

describe('auditCommand', () => {
  it('reports a deeply nested DOM and audits the rest', async () => {
    await mkdir(join(folder, 'deep'));
    const recording = corpusRecording('plain text', { credentials: false });
    const index = recording.events.findIndex((event) => event.type === 2);
    await writeRecording(join(folder, 'deep', 'b-flat.replay.json.gz'), recording);
    // The nested elements are written as text, because JSON.stringify itself recurses.
    const open = (level: number) =>
      `{"type":2,"tagName":"div","attributes":{},"id":${100_000 + level},"childNodes":[`;
    const depth = 20_000;
    const nested =
      Array.from({ length: depth }, (_, level) => open(level)).join('') + ']}'.repeat(depth);
    const body = '"tagName":"body","attributes":{},"childNodes":[';
    const text = JSON.stringify(recording);
    expect(text).toContain(body);
    const deep = join(folder, 'deep', 'a-deep.replay.json.gz');
    await writeFile(deep, gzipSync(text.replace(body, `${body}${nested},`)));

    const { stderr, stdout, exitCode } = await runAudit(['deep']);

    expect(stderr).toContain(`${deep}: events[${index}] nests too deeply to be walked`);
    expect(stderr).not.toContain('internal error');
    expect(stdout).toContain('Audited 1 fixture(s)');
    expect(stdout).toContain('1 could not be read');
    expect(exitCode).toBe(2);
  });

  it('advises by the place of each finding', async () => {
    const recording = corpusRecording('plain text', { credentials: false });
    recording.meta.name = EMAIL;
    recording.network[0]!.response!.headers['x-note'] = EMAIL;
    await writeRecording(join(folder, 'mixed', 'mixed.replay.json.gz'), recording);

    const { stdout, exitCode } = await runAudit(['mixed']);

    expect(stdout).toContain('mixed/mixed.replay.json.gz meta.name: email');
    expect(stdout).toContain('No config rule can replace the values in meta.name, because');
    expect(stdout).toContain('For the other values, add a pattern, selector, JSON path');
    expect(exitCode).toBe(1);
  });
});
