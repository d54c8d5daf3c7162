import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readRecording } from '../fixture/read-recording.js';
import { exportSession, missingSeqs, sessionSeed } from './export-session.js';
import { splitRecording, tinyBatch, exchangeFor } from './testing/batches.js';
import { writeBatchFile } from './testing/store-files.js';

const PETSTORE = fileURLToPath(
  new URL('../../recordings/swagger-petstore.replay.json.gz', import.meta.url),
);
let store: string;

beforeEach(async () => {
  store = await mkdtemp(join(tmpdir(), 'replaygate-export-'));
});

afterEach(async () => {
  await rm(store, { recursive: true, force: true });
});

describe('exportSession', () => {
  it('reassembles a split recording', async () => {
    const original = await readRecording(PETSTORE);
    const batches = splitRecording(original, { sessionId: 'petstore-0001', count: 5 });
    // Stored out of order and in both encodings, as concurrent uploads may leave them.
    for (const batch of [...batches].reverse()) {
      await writeBatchFile(store, batch, batch.seq % 2 === 1);
    }
    const exported = await exportSession(store, 'petstore-0001');
    expect(exported.events).toEqual(original.events);
    expect(exported.network).toEqual(original.network);
    expect(exported.meta).toEqual({
      ...original.meta,
      name: 'session-petstore-0001',
      seed: sessionSeed('petstore-0001'),
    });
  });

  it('renumbers exchanges across page loads', async () => {
    const first = tinyBatch({ network: [exchangeFor('http://127.0.0.1:5173/api/a', 200)] });
    const second = tinyBatch({
      seq: 1,
      network: [
        exchangeFor('http://127.0.0.1:5173/api/b', 200),
        exchangeFor('http://127.0.0.1:5173/api/c', 200),
      ],
    });
    delete second.meta;
    await writeBatchFile(store, first);
    await writeBatchFile(store, second);
    const exported = await exportSession(store, 'session-0001');
    expect(exported.network.map((exchange) => [exchange.id, exchange.request.url])).toEqual([
      [0, 'http://127.0.0.1:5173/api/a'],
      [1, 'http://127.0.0.1:5173/api/b'],
      [2, 'http://127.0.0.1:5173/api/c'],
    ]);
  });

  it('keeps a name and seed the recorder sent', async () => {
    await writeBatchFile(
      store,
      tinyBatch({ meta: { ...tinyBatch().meta!, name: 'checkout', seed: 'abc' } }),
    );
    const exported = await exportSession(store, 'session-0001');
    expect(exported.meta.name).toBe('checkout');
    expect(exported.meta.seed).toBe('abc');
  });

  it('derives a stable seed per session', () => {
    expect(sessionSeed('session-0001')).toMatch(/^[0-9a-f]{16}$/);
    expect(sessionSeed('session-0001')).toBe(sessionSeed('session-0001'));
    expect(sessionSeed('session-0002')).not.toBe(sessionSeed('session-0001'));
  });

  it('rejects a session without meta', async () => {
    const batch = tinyBatch();
    delete batch.meta;
    await writeBatchFile(store, batch);
    await expect(exportSession(store, 'session-0001')).rejects.toThrow(/has no batch with meta/);
  });

  it('rejects a session without its first full snapshot', async () => {
    const batch = tinyBatch({ events: tinyBatch().events.filter((event) => event.type !== 2) });
    await writeBatchFile(store, batch);
    await expect(exportSession(store, 'session-0001')).rejects.toThrow(
      /does not assemble into a valid recording.*full snapshot/s,
    );
  });

  it('rejects an unknown and an invalid id', async () => {
    await expect(exportSession(store, 'session-9999')).rejects.toThrow(
      /Session session-9999 not found/,
    );
    await expect(exportSession(store, '../etc')).rejects.toThrow(/is not a session id/);
  });

  it('lists missing sequence numbers', () => {
    const batches = [0, 2, 5].map((seq) => tinyBatch({ seq }));
    expect(missingSeqs(batches)).toEqual([1, 3, 4]);
  });
});
