import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CONSOLE_PLUGIN_NAME, PAGE_ERROR_TAG } from './batch.js';
import { sessionFolder, SUMMARY_FILE } from './session-files.js';
import {
  loadSessionSummaries,
  readSummaryFile,
  reconcileSession,
  writeSummaryFile,
} from './session-index.js';
import { summarizeBatch } from './session-summary.js';
import { exchangeFor, tinyBatch } from './testing/batches.js';
import { writeBatchFile } from './testing/store-files.js';

let store: string;

beforeEach(async () => {
  store = await mkdtemp(join(tmpdir(), 'replaygate-index-'));
});

afterEach(async () => {
  await rm(store, { recursive: true, force: true });
});

describe('summarizeBatch', () => {
  it('counts page errors, console errors and failed requests', () => {
    const batch = tinyBatch({
      events: [
        ...tinyBatch().events,
        {
          type: 5,
          timestamp: 1_700_000_000_600,
          data: { tag: PAGE_ERROR_TAG, payload: { message: 'x is undefined' } },
        },
        {
          type: 6,
          timestamp: 1_700_000_000_700,
          data: {
            plugin: CONSOLE_PLUGIN_NAME,
            payload: { level: 'error', payload: ['boom'], trace: [] },
          },
        },
        {
          type: 6,
          timestamp: 1_700_000_000_800,
          data: {
            plugin: CONSOLE_PLUGIN_NAME,
            payload: { level: 'warn', payload: ['careful'], trace: [] },
          },
        },
      ] as never,
      network: [
        exchangeFor('http://127.0.0.1:5173/api/ok', 200),
        exchangeFor('http://127.0.0.1:5173/api/missing', 404),
        exchangeFor('http://127.0.0.1:5173/api/broken', 503),
        exchangeFor('http://127.0.0.1:5173/api/offline', 0),
      ],
    });
    const summary = summarizeBatch(batch, { receivedAt: 5, bytes: 10 });
    expect(summary.pageErrors).toBe(1);
    expect(summary.consoleErrors).toBe(1);
    expect(summary.failedRequests).toBe(2);
  });

  it('collects page URLs from meta, Meta events and URL events', () => {
    const batch = tinyBatch({
      events: [
        ...tinyBatch().events,
        {
          type: 5,
          timestamp: 1_700_000_000_900,
          data: { tag: 'replaygate.url', payload: { href: 'http://127.0.0.1:5173/shop/pay' } },
        },
        {
          type: 4,
          timestamp: 1_700_000_001_000,
          data: { href: 'http://127.0.0.1:5173/done', width: 1, height: 1 },
        },
      ] as never,
    });
    const summary = summarizeBatch(batch, { receivedAt: 5, bytes: 10 });
    expect(summary.urls).toEqual([
      'http://127.0.0.1:5173/shop/cart',
      'http://127.0.0.1:5173/shop/pay',
      'http://127.0.0.1:5173/done',
    ]);
    expect(summary.startedAt).toBe(1_700_000_000_000);
    expect(summary.endedAt).toBe(1_700_000_001_000);
  });
});

describe('reconcileSession', () => {
  it('builds a missing summary from the batch files', async () => {
    await writeBatchFile(store, tinyBatch());
    await writeBatchFile(store, tinyBatch({ seq: 1, tags: ['beta'] }), true);
    const summary = await reconcileSession(store, 'session-0001', { write: true });
    expect(summary?.seqs).toEqual([0, 1]);
    expect(summary?.tags).toEqual(['beta']);
    expect(summary?.events).toBe(6);
    expect((await readSummaryFile(store, 'session-0001'))?.seqs).toEqual([0, 1]);
  });

  it('adds batches a crash left out of the summary', async () => {
    await writeBatchFile(store, tinyBatch());
    await reconcileSession(store, 'session-0001', { write: true });
    // A batch renamed into place just before the collector died, its summary update lost.
    await writeBatchFile(store, tinyBatch({ seq: 1, tags: ['late'] }));
    const summary = await reconcileSession(store, 'session-0001', { write: false });
    expect(summary?.seqs).toEqual([0, 1]);
    expect(summary?.tags).toEqual(['late']);
    expect((await readSummaryFile(store, 'session-0001'))?.seqs).toEqual([0]);
  });

  it('rebuilds a summary that lists a deleted batch', async () => {
    await writeBatchFile(store, tinyBatch({ tags: ['first'] }));
    await writeBatchFile(store, tinyBatch({ seq: 1, tags: ['second'] }));
    const stale = await reconcileSession(store, 'session-0001', { write: true });
    await rm(join(sessionFolder(store, 'session-0001'), '0000000000.json'));
    const summary = await reconcileSession(store, 'session-0001', { write: true });
    expect(stale?.seqs).toEqual([0, 1]);
    expect(summary?.seqs).toEqual([1]);
    expect(summary?.tags).toEqual(['second']);
  });

  it('rebuilds a corrupt summary', async () => {
    await writeBatchFile(store, tinyBatch());
    await writeFile(join(sessionFolder(store, 'session-0001'), SUMMARY_FILE), '{"sessionId":');
    const summary = await reconcileSession(store, 'session-0001', { write: true });
    expect(summary?.seqs).toEqual([0]);
  });

  it('skips a damaged batch file and logs it', async () => {
    await writeBatchFile(store, tinyBatch());
    await writeFile(join(sessionFolder(store, 'session-0001'), '0000000001.json'), '{"broken"');
    const lines: string[] = [];
    const summary = await reconcileSession(store, 'session-0001', {
      write: false,
      log: (line) => lines.push(line),
    });
    expect(summary?.seqs).toEqual([0]);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('0000000001.json');
  });

  it('deletes temporary files of interrupted writes', async () => {
    await writeBatchFile(store, tinyBatch());
    const folder = sessionFolder(store, 'session-0001');
    await writeFile(join(folder, '.0000000001.json.a1b2c3.tmp'), '{"half');
    await reconcileSession(store, 'session-0001', { write: true });
    expect((await readdir(folder)).sort()).toEqual(['0000000000.json', SUMMARY_FILE]);
  });

  it('keeps a summary that matches the files', async () => {
    await writeBatchFile(store, tinyBatch());
    const summary = summarizeBatch(tinyBatch(), { receivedAt: 42, bytes: 7 });
    await writeSummaryFile(store, summary);
    expect((await reconcileSession(store, 'session-0001', { write: true }))?.firstReceivedAt).toBe(
      42,
    );
  });
});

describe('loadSessionSummaries', () => {
  it('lists sessions with batches and skips others', async () => {
    await writeBatchFile(store, tinyBatch({ sessionId: 'session-b' + '0'.repeat(4) }));
    await writeBatchFile(store, tinyBatch({ sessionId: 'session-a' + '0'.repeat(4) }));
    await writeSummaryFile(
      store,
      summarizeBatch(tinyBatch({ sessionId: 'session-empty' }), { receivedAt: 1, bytes: 1 }),
    );
    const summaries = await loadSessionSummaries(store, { write: false });
    expect(summaries.map((summary) => summary.sessionId)).toEqual([
      'session-a0000',
      'session-b0000',
    ]);
  });

  it('returns nothing for a missing store', async () => {
    expect(await loadSessionSummaries(join(store, 'missing'), { write: false })).toEqual([]);
  });
});
