import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sessionFolder } from './session-files.js';
import { readSummaryFile } from './session-index.js';
import { summarizeBatch } from './session-summary.js';
import { SummaryUpdater } from './summary-updater.js';
import { tinyBatch } from './testing/batches.js';
import { writeBatchFile } from './testing/store-files.js';

let store: string;
let errors: string[];

beforeEach(async () => {
  store = await mkdtemp(join(tmpdir(), 'replaygate-updater-'));
  errors = [];
});

afterEach(async () => {
  await rm(store, { recursive: true, force: true });
});

async function stored(updater: SummaryUpdater, seq: number, folderCreated: boolean) {
  const batch = tinyBatch({ seq, tags: [`t${seq}`] });
  await writeBatchFile(store, batch);
  updater.add(summarizeBatch(batch, { receivedAt: 1000 + seq, bytes: 10 }), folderCreated);
}

describe('SummaryUpdater', () => {
  it('keeps every batch of a busy session', async () => {
    const updater = new SummaryUpdater(store, (line) => errors.push(line));
    for (let seq = 0; seq < 20; seq += 1) {
      await stored(updater, seq, seq === 0);
    }
    await updater.flush();
    const summary = await readSummaryFile(store, 'session-0001');
    expect(summary?.seqs).toEqual(Array.from({ length: 20 }, (_, seq) => seq));
    expect(summary?.events).toBe(60);
    expect(summary?.lastReceivedAt).toBe(1019);
    expect(errors).toEqual([]);
  });

  it('forgets a cached session that was pruned', async () => {
    const updater = new SummaryUpdater(store, (line) => errors.push(line));
    await stored(updater, 0, true);
    await updater.flush();
    await rm(sessionFolder(store, 'session-0001'), { recursive: true });
    await stored(updater, 1, true);
    await updater.flush();
    const summary = await readSummaryFile(store, 'session-0001');
    expect(summary?.seqs).toEqual([1]);
    expect(summary?.tags).toEqual(['t1']);
  });
});
