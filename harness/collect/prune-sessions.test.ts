import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pruneSessions } from './prune-sessions.js';
import { listBatchFiles, sessionFolder } from './session-files.js';
import { loadSessionSummaries } from './session-index.js';
import { tinyBatch } from './testing/batches.js';
import { writeBatchFile } from './testing/store-files.js';

const DAY = 86_400_000;
let store: string;

beforeEach(async () => {
  store = await mkdtemp(join(tmpdir(), 'replaygate-prune-'));
});

afterEach(async () => {
  await rm(store, { recursive: true, force: true });
});

/** Stores a session whose batches arrived `ageDays` ago by the file times. */
async function storeSession(sessionId: string, ageDays: number, now: number): Promise<void> {
  for (const seq of [0, 1]) {
    const path = await writeBatchFile(store, tinyBatch({ sessionId, seq }));
    const time = new Date(now - ageDays * DAY);
    await utimes(path, time, time);
  }
}

describe('pruneSessions', () => {
  it('deletes sessions older than the cutoff', async () => {
    const now = Date.now();
    await storeSession('session-old', 40, now);
    await storeSession('session-new', 2, now);
    const result = await pruneSessions(store, { olderThanMs: 30 * DAY, now });
    expect(result).toEqual({ removed: ['session-old'], kept: 1 });
    expect(existsSync(sessionFolder(store, 'session-old'))).toBe(false);
    expect(await listBatchFiles(store, 'session-new')).toHaveLength(2);
    const listed = await loadSessionSummaries(store, { write: false });
    expect(listed.map((summary) => summary.sessionId)).toEqual(['session-new']);
  });

  it('deletes nothing in a dry run', async () => {
    const now = Date.now();
    await storeSession('session-old', 40, now);
    const result = await pruneSessions(store, { olderThanMs: 30 * DAY, now, dryRun: true });
    expect(result).toEqual({ removed: ['session-old'], kept: 0 });
    expect(await listBatchFiles(store, 'session-old')).toHaveLength(2);
  });

  it('deletes an old folder without batches', async () => {
    const now = Date.now();
    const folder = sessionFolder(store, 'session-bare');
    await mkdir(folder, { recursive: true });
    const time = new Date(now - 40 * DAY);
    await utimes(folder, time, time);
    expect((await pruneSessions(store, { olderThanMs: 30 * DAY, now })).removed).toEqual([
      'session-bare',
    ]);
  });

  it('empties a trash folder an interrupted prune left', async () => {
    const leftover = join(store, '.trash', 'session-old.abcd1234');
    await mkdir(leftover, { recursive: true });
    await writeFile(join(leftover, '0000000000.json'), '{}');
    await pruneSessions(store, { olderThanMs: DAY, now: Date.now() });
    expect(existsSync(leftover)).toBe(false);
  });
});
