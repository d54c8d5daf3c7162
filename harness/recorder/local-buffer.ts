/** Prefix of the `localStorage` keys of buffered batches. */
export const BATCH_KEY_PREFIX = 'replaygate.batch.';

/** Key of the per-session drop counts in `localStorage`. */
export const DROPPED_KEY = 'replaygate.dropped';

/** Sessions whose drop counts are kept; counts of older sessions are forgotten first. */
const MAX_DROPPED_SESSIONS = 50;

/** Items lost before upload, by kind: the `dropped` field of a batch. */
export interface DroppedCounts {
  events: number;
  exchanges: number;
  batches: number;
}

/** A sealed batch ready to buffer: its JSON without `sentAt`, and what it contains. */
export interface SealedBatch {
  sessionId: string;
  seq: number;
  /** Epoch milliseconds when the batch was sealed; the buffer drops the oldest first. */
  createdAt: number;
  json: string;
}

/** A batch in the buffer. */
export interface BufferedBatch {
  key: string;
  sessionId: string;
  seq: number;
  createdAt: number;
}

/** Returns the UTF-8 length of a string in bytes. */
export function utf8Length(text: string): number {
  let bytes = text.length;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code >= 0xd800 && code <= 0xdbff) {
      // A surrogate pair is 4 bytes in UTF-8 and 2 code units here.
      bytes += 2;
      index += 1;
    } else if (code >= 0x800) {
      bytes += 2;
    } else if (code >= 0x80) {
      bytes += 1;
    }
  }
  return bytes;
}

/**
 * Returns what is lost when a batch is dropped: the batch itself, its events and exchanges,
 * and the drop counts it carried for earlier batches.
 */
function droppedCountsOf(json: string): DroppedCounts {
  const counts = { events: 0, exchanges: 0, batches: 1 };
  try {
    const parsed = JSON.parse(json) as {
      events?: unknown[];
      network?: unknown[];
      dropped?: Partial<DroppedCounts>;
    };
    counts.events = (parsed.events?.length ?? 0) + (parsed.dropped?.events ?? 0);
    counts.exchanges = (parsed.network?.length ?? 0) + (parsed.dropped?.exchanges ?? 0);
    counts.batches += parsed.dropped?.batches ?? 0;
  } catch {
    // A damaged batch still counts as one dropped batch.
  }
  return counts;
}

function keyOf(batch: Pick<SealedBatch, 'sessionId' | 'seq' | 'createdAt'>): string {
  return `${BATCH_KEY_PREFIX}${batch.createdAt}.${batch.sessionId}.${batch.seq}`;
}

function parseKey(key: string): BufferedBatch | undefined {
  const match = /^replaygate\.batch\.(\d+)\.([A-Za-z0-9_-]+)\.(\d+)$/.exec(key);
  if (!match) {
    return undefined;
  }
  return { key, createdAt: Number(match[1]), sessionId: match[2]!, seq: Number(match[3]) };
}

/**
 * Keeps sealed batches in `localStorage` until the collector has stored them, so they survive
 * reloads, offline periods and closed tabs: any later page load of the origin uploads them.
 * The batches' JSON stays within `maxBytes` (UTF-8), and the oldest batches are dropped
 * first to make room, also when the browser's storage quota is reached. Drops are counted
 * per session and reported in that session's next batch.
 */
export class LocalBuffer {
  private readonly sizes = new Map<string, number>();

  constructor(
    private readonly storage: Storage,
    readonly maxBytes: number,
  ) {}

  /** Returns the buffered batches, oldest first. Other tabs of the origin may add or remove some. */
  list(): BufferedBatch[] {
    const batches: BufferedBatch[] = [];
    for (let index = 0; index < this.storage.length; index += 1) {
      const key = this.storage.key(index);
      const batch = key === null ? undefined : parseKey(key);
      if (batch) {
        batches.push(batch);
      }
    }
    return batches.sort((left, right) => left.createdAt - right.createdAt || left.seq - right.seq);
  }

  /** Returns the total size of the buffered batches in bytes. */
  totalBytes(): number {
    return this.list().reduce((total, batch) => total + this.sizeOf(batch.key), 0);
  }

  /**
   * Stores a batch, dropping the oldest batches first to make room.
   *
   * @returns false when the batch could not be stored (it alone exceeds the bound or the
   *   quota); it is then counted as dropped.
   */
  put(batch: SealedBatch): boolean {
    const bytes = utf8Length(batch.json);
    if (bytes > this.maxBytes) {
      this.countDropped(batch.sessionId, droppedCountsOf(batch.json));
      return false;
    }
    const queue = this.list();
    let total = queue.reduce((sum, entry) => sum + this.sizeOf(entry.key), 0);
    while (total + bytes > this.maxBytes && queue.length > 0) {
      const oldest = queue.shift()!;
      total -= this.sizeOf(oldest.key);
      this.drop(oldest);
    }
    const key = keyOf(batch);
    for (;;) {
      try {
        this.storage.setItem(key, batch.json);
        this.sizes.set(key, bytes);
        return true;
      } catch {
        // The quota is shared with the app, so it can run out below `maxBytes`.
        const oldest = this.list()[0];
        if (!oldest) {
          this.countDropped(batch.sessionId, droppedCountsOf(batch.json));
          return false;
        }
        this.drop(oldest);
      }
    }
  }

  /** Returns a batch's JSON, or undefined when it is gone (uploaded or dropped by another tab). */
  read(key: string): string | undefined {
    return this.storage.getItem(key) ?? undefined;
  }

  /** Removes a batch that the collector has stored. */
  remove(key: string): void {
    this.storage.removeItem(key);
    this.sizes.delete(key);
  }

  /** Removes a batch that will never be uploaded and counts it as dropped. */
  drop(batch: BufferedBatch): void {
    const counts = droppedCountsOf(this.read(batch.key) ?? '{}');
    this.remove(batch.key);
    this.countDropped(batch.sessionId, counts);
  }

  /** Adds to a session's drop counts. */
  countDropped(sessionId: string, counts: DroppedCounts): void {
    const all = this.readDropped();
    const previous = all[sessionId] ?? { events: 0, exchanges: 0, batches: 0 };
    delete all[sessionId];
    all[sessionId] = {
      events: previous.events + counts.events,
      exchanges: previous.exchanges + counts.exchanges,
      batches: previous.batches + counts.batches,
    };
    const sessions = Object.keys(all);
    for (const old of sessions.slice(0, Math.max(0, sessions.length - MAX_DROPPED_SESSIONS))) {
      delete all[old];
    }
    this.writeDropped(all);
  }

  /** Returns and clears a session's drop counts; undefined when nothing was dropped. */
  takeDropped(sessionId: string): DroppedCounts | undefined {
    const all = this.readDropped();
    const counts = all[sessionId];
    if (counts) {
      delete all[sessionId];
      this.writeDropped(all);
    }
    return counts;
  }

  private sizeOf(key: string): number {
    let size = this.sizes.get(key);
    if (size === undefined) {
      size = utf8Length(this.read(key) ?? '');
      this.sizes.set(key, size);
    }
    return size;
  }

  private readDropped(): Record<string, DroppedCounts> {
    try {
      const value = JSON.parse(this.storage.getItem(DROPPED_KEY) ?? '{}') as unknown;
      return typeof value === 'object' && value !== null
        ? (value as Record<string, DroppedCounts>)
        : {};
    } catch {
      return {};
    }
  }

  private writeDropped(all: Record<string, DroppedCounts>): void {
    try {
      if (Object.keys(all).length === 0) {
        this.storage.removeItem(DROPPED_KEY);
      } else {
        this.storage.setItem(DROPPED_KEY, JSON.stringify(all));
      }
    } catch {
      // Storage is full; the counts are lost, which loses no recorded data.
    }
  }
}
