import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BATCH_PATH, CONSOLE_PLUGIN_NAME } from '../harness/collect/batch.js';
import type { ListedSession } from '../harness/collect/format-sessions.js';
import { splitRecording, tinyBatch, tinyPageEvents } from '../harness/collect/testing/batches.js';
import { writeBatchFile } from '../harness/collect/testing/store-files.js';
import { readRecording } from '../harness/fixture/read-recording.js';
import { startCollectorCli } from './collect-support.js';
import { recordingsDir } from './support/paths.js';
import { runCli } from './support/run-cli.js';

const TOKEN = 'cli-test-token-8d1e4f6a2c0b';
const APP_ORIGIN = 'http://127.0.0.1:5173';
const DAY = 86_400_000;

let root: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'replaygate-collect-cli-'));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function freshFolder(name: string): Promise<string> {
  const folder = join(root, name);
  await mkdir(folder, { recursive: true });
  return folder;
}

describe('replaygate collect', () => {
  it('rejects a run without a token', async () => {
    const result = await runCli(['collect', '--store', 'store', '--port', '0'], {
      cwd: root,
      env: { REPLAYGATE_COLLECT_TOKEN: undefined },
    });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(
      'No upload token: set REPLAYGATE_COLLECT_TOKEN (or pass --token)',
    );
    expect(existsSync(join(root, 'store'))).toBe(false);
  });

  it('rejects a run without a store', async () => {
    const result = await runCli(['collect', '--port', '0'], {
      cwd: root,
      env: { REPLAYGATE_COLLECT_TOKEN: TOKEN },
    });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('No store folder: pass --store <folder>');
  });

  it('reads its settings from the config file', async () => {
    const cwd = await freshFolder('configured');
    await writeFile(
      join(cwd, 'replaygate.config.mjs'),
      `export default { collect: { store: 'from-config', port: 0, allowOrigins: ['${APP_ORIGIN}'], limits: { maxEvents: 3 } } };\n`,
    );
    const { url, cli } = await startCollectorCli([], {
      cwd,
      env: { REPLAYGATE_COLLECT_TOKEN: TOKEN },
    });
    try {
      const preflight = await fetch(`${url}${BATCH_PATH}`, {
        method: 'OPTIONS',
        headers: { origin: APP_ORIGIN, 'access-control-request-method': 'POST' },
      });
      expect(preflight.status).toBe(204);
      const twoPageLoads = [
        ...tinyPageEvents(`${APP_ORIGIN}/`),
        ...tinyPageEvents(`${APP_ORIGIN}/`),
      ];
      const upload = (events: number) =>
        fetch(`${url}${BATCH_PATH}`, {
          method: 'POST',
          headers: {
            origin: APP_ORIGIN,
            authorization: `Bearer ${TOKEN}`,
            'content-type': 'application/json',
          },
          body: JSON.stringify(tinyBatch({ events: twoPageLoads.slice(0, events) })),
        });
      expect((await upload(4)).status).toBe(413);
      expect((await upload(3)).status).toBe(202);
    } finally {
      cli.killGroup('SIGTERM');
    }
    const result = await cli.result;
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toContain('Stopped collecting.');
    expect(await readdir(join(cwd, 'from-config', 'sessions', 'session-0001'))).toContain(
      '0000000000.json',
    );
  });

  it('names an invalid collect config key', async () => {
    const cwd = await freshFolder('bad-config');
    await writeFile(
      join(cwd, 'replaygate.config.mjs'),
      `export default { collect: { port: 'auto' } };\n`,
    );
    const result = await runCli(['collect', '--store', 'store'], {
      cwd,
      env: { REPLAYGATE_COLLECT_TOKEN: TOKEN },
    });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/collect\.port: .*found "auto"/);
  });
});

describe('replaygate sessions list', () => {
  let store: string;

  beforeAll(async () => {
    store = join(await freshFolder('list'), 'store');
    const shop = 'https://shop.example.com';
    const consoleError = {
      type: 6,
      timestamp: 1_700_000_000_700,
      data: { plugin: CONSOLE_PLUGIN_NAME, payload: { level: 'error', payload: ['x'], trace: [] } },
    };
    const long = tinyBatch({
      sessionId: 'checkout-0001',
      seq: 0,
      tags: ['beta'],
      meta: { ...tinyBatch().meta!, url: `${shop}/checkout` },
    });
    await writeBatchFile(store, long);
    await writeBatchFile(store, {
      ...tinyBatch({ sessionId: 'checkout-0001', seq: 1 }),
      meta: undefined,
      events: [
        { type: 3, timestamp: 1_700_000_600_000, data: { source: 2, type: 2, id: 3, x: 1, y: 1 } },
      ] as never,
      network: [],
    });
    await writeBatchFile(
      store,
      tinyBatch({
        sessionId: 'browse-00001',
        meta: { ...tinyBatch().meta!, url: `${shop}/list` },
        events: [...tinyPageEvents(`${shop}/list`), consoleError] as never,
      }),
    );
  });

  async function listIds(args: string[]): Promise<string[]> {
    const result = await runCli(['sessions', 'list', '--store', store, '--json', ...args], {
      cwd: root,
    });
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    return (JSON.parse(result.stdout) as ListedSession[]).map((session) => session.sessionId);
  }

  it('filters by URL, tag, errors and duration', async () => {
    expect(await listIds([])).toEqual(['browse-00001', 'checkout-0001']);
    expect(await listIds(['--url', '*/checkout'])).toEqual(['checkout-0001']);
    expect(await listIds(['--tag', 'beta'])).toEqual(['checkout-0001']);
    expect(await listIds(['--errors'])).toEqual(['browse-00001']);
    expect(await listIds(['--min-duration', '5m'])).toEqual(['checkout-0001']);
    expect(await listIds(['--max-duration', '1m'])).toEqual(['browse-00001']);
    expect(await listIds(['--since', '2023-11-14T22:20:00Z'])).toEqual(['checkout-0001']);
    expect(await listIds(['--until', '2023-11-14'])).toEqual([]);
  });

  it('prints a table', async () => {
    const result = await runCli(['sessions', 'list', '--store', store], { cwd: root });
    const lines = result.stdout.trim().split('\n');
    expect(lines[0]).toMatch(
      /^SESSION\s+STARTED \(UTC\)\s+DURATION\s+BATCHES\s+EVENTS\s+ERRORS\s+TAGS\s+URL$/,
    );
    expect(lines[2]).toMatch(
      /^checkout-0001\s+2023-11-14 22:13:20\s+10m 00s\s+2\s+4\s+0\s+beta\s+https:\/\/shop\.example\.com\/checkout$/,
    );
    expect(lines).toHaveLength(3);
  });

  it('rejects an invalid time', async () => {
    const result = await runCli(['sessions', 'list', '--store', store, '--since', 'last week'], {
      cwd: root,
    });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('--since last week is not a time');
  });
});

describe('replaygate sessions export', () => {
  it('writes a recording that sanitize accepts', async () => {
    const cwd = await freshFolder('export');
    const store = join(cwd, 'store');
    const original = await readRecording(join(recordingsDir, 'todomvc-vanillajs.replay.json.gz'));
    for (const batch of splitRecording(original, { sessionId: 'vanilla-0001', count: 6 })) {
      await writeBatchFile(store, batch, batch.seq % 2 === 0);
    }
    const exported = await runCli(
      [
        'sessions',
        'export',
        'vanilla-0001',
        '--store',
        'store',
        '--out',
        'raw/vanilla.replay.json.gz',
      ],
      { cwd },
    );
    expect(exported.stderr).toBe('');
    expect(exported.exitCode).toBe(0);
    expect(exported.stdout).toContain(
      `Exported session vanilla-0001 (6 batches, ${original.events.length} events, 1 exchanges)`,
    );

    const sanitized = await runCli(['sanitize', 'raw', '--out', 'recordings'], {
      cwd,
      env: { REPLAYGATE_SANITIZE_KEY: 'c4'.repeat(32), REPLAYGATE_SANITIZE_KEY_FILE: undefined },
    });
    expect(sanitized.stderr).toBe('');
    expect(sanitized.exitCode).toBe(0);
    const fixture = await readRecording(join(cwd, 'recordings', 'vanilla.replay.json.gz'));
    expect(fixture.meta.name).toBe('session-vanilla-0001');
    expect(fixture.events).toHaveLength(original.events.length);
  });

  it('warns about missing batches', async () => {
    const cwd = await freshFolder('export-gap');
    const original = await readRecording(join(recordingsDir, 'todomvc-vanillajs.replay.json.gz'));
    const batches = splitRecording(original, { sessionId: 'gappy-000001', count: 4 });
    for (const batch of batches.filter((candidate) => candidate.seq !== 2)) {
      await writeBatchFile(join(cwd, 'store'), batch);
    }
    const result = await runCli(
      ['sessions', 'export', 'gappy-000001', '--store', 'store', '--out', 'gappy.replay.json'],
      { cwd },
    );
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toContain('Session gappy-000001 lacks batch(es) 2');
  });

  it('rejects an unknown session', async () => {
    const result = await runCli(
      ['sessions', 'export', 'missing-0001', '--store', 'store', '--out', 'x.json'],
      { cwd: root },
    );
    expect(result.exitCode, result.stderr).toBe(2);
    expect(result.stderr).toContain('Session missing-0001 not found in store');
  });
});

describe('replaygate sessions prune', () => {
  it('deletes sessions older than the cutoff', async () => {
    const cwd = await freshFolder('prune');
    const store = join(cwd, 'store');
    for (const [sessionId, ageDays] of [
      ['stale-000001', 45],
      ['fresh-000001', 1],
    ] as const) {
      const path = await writeBatchFile(store, tinyBatch({ sessionId }));
      const time = new Date(Date.now() - ageDays * DAY);
      await utimes(path, time, time);
    }
    const result = await runCli(['sessions', 'prune', '--older-than', '30d', '--store', 'store'], {
      cwd,
    });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('Deleted 1 session(s) older than 30d, kept 1: stale-000001');
    expect(await readdir(join(store, 'sessions'))).toEqual(['fresh-000001']);
  });

  it('rejects a duration without a unit', async () => {
    const result = await runCli(['sessions', 'prune', '--older-than', '30', '--store', 'store'], {
      cwd: root,
    });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('--older-than 30 is not a duration');
  });
});
