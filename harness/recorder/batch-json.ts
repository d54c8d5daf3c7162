import { BATCH_FORMAT, BATCH_VERSION, type RecorderBatch } from '../collect/batch.js';

/** The fields of a batch besides its items and `sentAt`. */
export type BatchHeader = Pick<RecorderBatch, 'sessionId' | 'seq' | 'meta' | 'dropped' | 'tags'>;

/**
 * Returns the JSON of a batch without `sentAt`, built from items that are JSON already, so no
 * event is serialized twice.
 */
export function composeBatchJson(
  header: BatchHeader,
  events: string[],
  exchanges: string[],
): string {
  const head: Record<string, unknown> = {
    format: BATCH_FORMAT,
    version: BATCH_VERSION,
    sessionId: header.sessionId,
    seq: header.seq,
  };
  for (const name of ['meta', 'dropped', 'tags'] as const) {
    if (header[name] !== undefined) {
      head[name] = header[name];
    }
  }
  const prefix = JSON.stringify(head).slice(0, -1);
  return `${prefix},"events":[${events.join(',')}],"network":[${exchanges.join(',')}]}`;
}

/** Returns the batch JSON with `sentAt` set to `now`, as each upload attempt sends it. */
export function withSentAt(json: string, now: number): string {
  return `{"sentAt":${now},${json.slice(1)}`;
}
