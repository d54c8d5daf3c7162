import { describe, expect, it } from 'vitest';
import { composeBatchJson } from './batch-json.js';
import {
  BATCH_KEY_PREFIX,
  DROPPED_KEY,
  LocalBuffer,
  utf8Length,
  type SealedBatch,
} from './local-buffer.js';
import { MemoryStorage } from './memory-storage.js';

const SESSION = 'session-a1';

function sealed(seq: number, events = 2, session = SESSION): SealedBatch {
  const items = Array.from({ length: events }, (_, index) =>
    JSON.stringify({ type: 3, data: { source: 1, padding: 'x'.repeat(60) }, timestamp: index }),
  );
  return {
    sessionId: session,
    seq,
    createdAt: 1_000 + seq,
    json: composeBatchJson({ sessionId: session, seq }, items, []),
  };
}

function bufferedSeqs(buffer: LocalBuffer): number[] {
  return buffer.list().map((batch) => batch.seq);
}

/** A storage whose quota, counted in UTF-16 code units of values, is smaller than the buffer. */
class QuotaStorage extends MemoryStorage {
  constructor(private readonly quota: number) {
    super();
  }

  override setItem(key: string, value: string): void {
    let used = value.length;
    for (let index = 0; index < this.length; index += 1) {
      const other = this.key(index)!;
      used += other === key ? 0 : (this.getItem(other)?.length ?? 0);
    }
    if (used > this.quota) {
      throw new DOMException('quota exceeded', 'QuotaExceededError');
    }
    super.setItem(key, value);
  }
}

describe('LocalBuffer', () => {
  it('lists batches oldest first', () => {
    const buffer = new LocalBuffer(new MemoryStorage(), 100_000);
    for (const seq of [2, 0, 1]) {
      buffer.put(sealed(seq));
    }
    expect(bufferedSeqs(buffer)).toEqual([0, 1, 2]);
    expect(buffer.read(buffer.list()[0]!.key)).toBe(sealed(0).json);
  });

  it('stays within its byte bound', () => {
    const size = utf8Length(sealed(0).json);
    const buffer = new LocalBuffer(new MemoryStorage(), size * 3 + 10);
    for (let seq = 0; seq < 10; seq += 1) {
      expect(buffer.put(sealed(seq))).toBe(true);
      expect(buffer.totalBytes()).toBeLessThanOrEqual(buffer.maxBytes);
    }
    expect(bufferedSeqs(buffer)).toEqual([7, 8, 9]);
  });

  it('counts dropped batches and their events', () => {
    const size = utf8Length(sealed(0).json);
    const buffer = new LocalBuffer(new MemoryStorage(), size * 2 + 10);
    for (let seq = 0; seq < 5; seq += 1) {
      buffer.put(sealed(seq));
    }
    expect(buffer.takeDropped(SESSION)).toEqual({ events: 6, exchanges: 0, batches: 3 });
    expect(buffer.takeDropped(SESSION)).toBeUndefined();
  });

  it('keeps the counts a dropped batch carried', () => {
    const storage = new MemoryStorage();
    const buffer = new LocalBuffer(storage, 100_000);
    const carrying = {
      sessionId: SESSION,
      seq: 3,
      createdAt: 1,
      json: composeBatchJson(
        { sessionId: SESSION, seq: 3, dropped: { events: 4, exchanges: 1, batches: 2 } },
        ['{"type":3}'],
        [],
      ),
    };
    buffer.put(carrying);
    buffer.drop(buffer.list()[0]!);
    expect(buffer.takeDropped(SESSION)).toEqual({ events: 5, exchanges: 1, batches: 3 });
  });

  it('rejects a batch larger than the bound', () => {
    const buffer = new LocalBuffer(new MemoryStorage(), 100);
    expect(buffer.put(sealed(0))).toBe(false);
    expect(buffer.list()).toEqual([]);
    expect(buffer.takeDropped(SESSION)).toEqual({ events: 2, exchanges: 0, batches: 1 });
  });

  it('drops the oldest when the storage quota runs out', () => {
    const size = sealed(0).json.length;
    const buffer = new LocalBuffer(new QuotaStorage(size * 2 + 200), 1_000_000);
    for (let seq = 0; seq < 4; seq += 1) {
      expect(buffer.put(sealed(seq))).toBe(true);
    }
    expect(bufferedSeqs(buffer)).toEqual([2, 3]);
    expect(buffer.takeDropped(SESSION)?.batches).toBe(2);
  });

  it('counts drops per session', () => {
    const size = utf8Length(sealed(0).json);
    const buffer = new LocalBuffer(new MemoryStorage(), size + 10);
    buffer.put(sealed(0, 2, 'session-old'));
    buffer.put(sealed(1, 2, SESSION));
    expect(buffer.takeDropped(SESSION)).toBeUndefined();
    expect(buffer.takeDropped('session-old')).toEqual({ events: 2, exchanges: 0, batches: 1 });
  });

  it('survives a new instance on the same storage', () => {
    const storage = new MemoryStorage();
    new LocalBuffer(storage, 100_000).put(sealed(0));
    const reopened = new LocalBuffer(storage, 100_000);
    expect(bufferedSeqs(reopened)).toEqual([0]);
    expect(storage.getItem(DROPPED_KEY)).toBeNull();
  });

  it('ignores keys of other code', () => {
    const storage = new MemoryStorage();
    storage.setItem(`${BATCH_KEY_PREFIX}not-a-batch`, 'x');
    storage.setItem('todos-vanillajs', '[]');
    expect(new LocalBuffer(storage, 100_000).list()).toEqual([]);
  });
});

describe('utf8Length', () => {
  it('counts multi-byte characters', () => {
    expect(utf8Length('abc')).toBe(3);
    expect(utf8Length('é')).toBe(2);
    expect(utf8Length('€')).toBe(3);
    expect(utf8Length('😀')).toBe(4);
    expect(utf8Length('a😀é')).toBe(new TextEncoder().encode('a😀é').length);
  });
});
