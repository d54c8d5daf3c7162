import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeRecording } from '../harness/fixture/write-recording.js';
import { corpusRecording } from '../harness/sanitize/testing/corpus-recording.js';
import { writeSyntheticRecording } from '../harness/sanitize/testing/generate-recording.js';
import { runCli, startCli } from './support/run-cli.js';

const EMAIL = 'rosalind.brack@quayside-ledger.net';
const CARD = '4532 0151 1283 0366';
const KEY_ENV = {
  REPLAYGATE_SANITIZE_KEY: 'a3'.repeat(32),
  REPLAYGATE_SANITIZE_KEY_FILE: undefined,
};

let root: string;
let rawDir: string;

function outputText(path: string): Promise<string> {
  return readFile(path).then((bytes) => gunzipSync(bytes).toString('utf8'));
}

async function sha256(path: string): Promise<string> {
  return createHash('sha256')
    .update(await readFile(path))
    .digest('hex');
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'replaygate-sanitize-cli-'));
  rawDir = join(root, 'raw');
  await writeRecording(
    join(rawDir, 'checkout.replay.json.gz'),
    corpusRecording(`Paid by ${EMAIL} with ${CARD}`),
  );
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('replaygate sanitize', () => {
  it('writes a sanitized fixture that audit passes', async () => {
    const before = await sha256(join(rawDir, 'checkout.replay.json.gz'));
    const result = await runCli(['sanitize', 'raw', '--out', 'recordings'], {
      cwd: root,
      env: KEY_ENV,
    });

    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(
      /Sanitized raw\/checkout\.replay\.json\.gz -> recordings\/checkout\.replay\.json\.gz: \d+ events, 4 exchanges, \d+ values replaced \(.*email \d+.*payment-card \d+/,
    );
    const text = await outputText(join(root, 'recordings', 'checkout.replay.json.gz'));
    for (const value of [EMAIL, CARD, encodeURIComponent(EMAIL), CARD.replace(/ /g, '')]) {
      expect(text.includes(value), value).toBe(false);
    }
    expect(JSON.parse(text).sanitization.counts['email/input']).toBe(1);
    expect(await sha256(join(rawDir, 'checkout.replay.json.gz'))).toBe(before);

    const audit = await runCli(['audit', 'recordings'], { cwd: root });
    expect(audit.exitCode).toBe(0);
    expect(audit.stdout.trim()).toMatch(
      /^\[replaygate\] Audited 1 fixture\(s\) \(\d+ events, 4 exchanges\): no personal data or secrets found\.$/,
    );
  });

  it('rejects a run without a key', async () => {
    const result = await runCli(['sanitize', 'raw', '--out', 'no-key'], {
      cwd: root,
      env: { REPLAYGATE_SANITIZE_KEY: undefined, REPLAYGATE_SANITIZE_KEY_FILE: undefined },
    });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('REPLAYGATE_SANITIZE_KEY');
    expect(existsSync(join(root, 'no-key'))).toBe(false);
  });

  it('names the file and offset of an unmatched brace', async () => {
    const brokenDir = join(root, 'broken');
    const text =
      '{"format":"replaygate.recording","version":1,"meta":{},"events":[{"type":4,"timestamp":1,"data":{}}}],"network":[]}';
    await mkdir(brokenDir, { recursive: true });
    await writeFile(join(brokenDir, 'bad.replay.json.gz'), gzipSync(text));
    const result = await runCli(['sanitize', 'broken', '--out', 'broken-out'], {
      cwd: root,
      env: KEY_ENV,
    });

    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(join(brokenDir, 'bad.replay.json.gz'));
    expect(result.stderr).toContain(
      `unmatched closing brace after element 0 of "events" at byte offset ${text.indexOf('}}]') + 1}`,
    );
    expect(existsSync(join(root, 'broken-out', 'bad.replay.json.gz'))).toBe(false);
  });

  it('applies selector rules from replaygate.config.ts', async () => {
    const project = join(root, 'project');
    await writeRecording(
      join(project, 'raw', 'profile.replay.json.gz'),
      corpusRecording('Winifred Ashcombe'),
    );
    await writeFile(
      join(project, 'replaygate.config.ts'),
      "export default { sanitize: { selectors: [{ name: 'profile-section', selector: 'section' }] } };\n",
    );
    const result = await runCli(['sanitize', 'raw', '--out', 'recordings'], {
      cwd: project,
      env: KEY_ENV,
    });

    expect(result.exitCode).toBe(0);
    const fixture = JSON.parse(
      await outputText(join(project, 'recordings', 'profile.replay.json.gz')),
    );
    const snapshot = JSON.stringify(fixture.events[1]);
    expect(snapshot).not.toContain('"title":"Winifred Ashcombe"');
    expect(fixture.sanitization.counts['custom:profile-section/dom.attribute']).toBeGreaterThan(0);
  });

  it('reports an invalid sanitize config', async () => {
    const project = join(root, 'bad-config');
    await mkdir(project, { recursive: true });
    await writeFile(
      join(project, 'replaygate.config.ts'),
      'export default { sanitize: { selectorz: [] } };\n',
    );
    const result = await runCli(
      ['sanitize', join(rawDir, 'checkout.replay.json.gz'), '--out', 'out'],
      { cwd: project, env: KEY_ENV },
    );

    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('sanitize.selectorz');
    expect(result.stderr).toContain('one of the keys patterns, selectors');
  });

  it('leaves nothing in --out when interrupted', async () => {
    const bigDir = join(root, 'big');
    const privateTmp = join(root, 'tmp');
    await mkdir(privateTmp, { recursive: true });
    await writeSyntheticRecording(join(bigDir, 'long.replay.json.gz'), 40_000_000);

    for (const signal of ['SIGINT', 'SIGKILL'] as const) {
      const out = join(root, `interrupted-${signal}`);
      const started = startCli(['sanitize', 'big', '--out', out], {
        cwd: root,
        env: { ...KEY_ENV, TMPDIR: privateTmp },
      });
      // The temporary output appears once the second pass has started writing.
      await waitFor(async () => (await listTemporaryFiles(privateTmp)).length > 0);
      started.killGroup(signal);
      const result = await started.result;

      expect(result.exitCode === 0, 'the run finished before it was interrupted').toBe(false);
      expect(existsSync(out) ? await readdir(out) : []).toEqual([]);
      if (signal === 'SIGINT') {
        expect(result.exitCode).toBe(130);
        expect(await listTemporaryFiles(privateTmp)).toEqual([]);
      }
    }
  });
});

describe('replaygate audit', () => {
  it('lists each finding masked and exits 1', async () => {
    const result = await runCli(['audit', 'raw'], { cwd: root });

    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(
      /raw\/checkout\.replay\.json\.gz event \d+ events\[\d+\]\.data\.node\.childNodes\[0\]\.childNodes\[1\]\.childNodes\[0\]\.attributes\.title: email ro\*+et \(34 characters\)/,
    );
    expect(result.stdout).toMatch(
      /network\[0\]\.request\.headers\.Authorization: credential-header/,
    );
    expect(result.stdout).toMatch(
      /Audited 1 fixture\(s\) \(\d+ events, 4 exchanges\): \d+ sensitive value\(s\) in 1 fixture\(s\)/,
    );
    expect(result.stdout).not.toContain(EMAIL);
    expect(result.stdout).not.toContain(CARD);
  });

  it('exits 2 on an unreadable fixture', async () => {
    const folder = join(root, 'unreadable');
    await mkdir(folder, { recursive: true });
    await writeFile(
      join(folder, 'cut.replay.json.gz'),
      (await readFile(join(rawDir, 'checkout.replay.json.gz'))).subarray(0, 200),
    );
    const result = await runCli(['audit', 'unreadable'], { cwd: root });

    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('cut.replay.json.gz');
    expect(result.stderr).toContain('truncated');
  });

  it('exits 2 on a missing path', async () => {
    const result = await runCli(['audit', 'no-such-folder'], { cwd: root });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('no-such-folder');
  });
});

async function listTemporaryFiles(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true });
  return entries.filter((entry) => entry.endsWith('.tmp'));
}

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) {
      throw new Error('Timed out waiting for the condition.');
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
