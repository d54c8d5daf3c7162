import { EventType, IncrementalSource } from '@rrweb/types';
import type { eventWithTime } from '@rrweb/types';
import { gzipSync } from 'node:zlib';

/**
 * Writers of the formats PostHog stores recordings in, for tests that import them back. They
 * follow posthog-js and PostHog's export code: the same field names, compression and nesting.
 */

/** gzips the JSON of a value into one character per byte, as posthog-js's `gzipToString` does. */
export function gzipToLatin1(value: unknown): string {
  return gzipSync(Buffer.from(JSON.stringify(value), 'utf8')).toString('latin1');
}

/**
 * Compresses an event as posthog-js does before sending it (`cv: "2024-10"`): the whole data
 * of a full snapshot, the four lists of a mutation and the two of a style sheet rule.
 */
export function compressLikePosthog(event: eventWithTime): Record<string, unknown> {
  if (event.type === EventType.FullSnapshot) {
    return { ...event, data: gzipToLatin1(event.data), cv: '2024-10' };
  }
  if (
    event.type === EventType.IncrementalSnapshot &&
    event.data.source === IncrementalSource.Mutation
  ) {
    const { texts, attributes, removes, adds } = event.data;
    const data = {
      ...event.data,
      texts: gzipToLatin1(texts),
      attributes: gzipToLatin1(attributes),
      removes: gzipToLatin1(removes),
      adds: gzipToLatin1(adds),
    };
    return { ...event, data, cv: '2024-10' };
  }
  return { ...event };
}

/** Builds an export file of version `2022-12-02`: events keyed by window id. */
export function posthogExportV1(byWindow: Record<string, unknown[]>): unknown {
  return {
    version: '2022-12-02',
    data: {
      person: { distinct_ids: ['visitor-1'], properties: {} },
      snapshotsByWindowId: byWindow,
    },
  };
}

/**
 * Builds an export file of version `2023-04-28`: one list sorted by time, each snapshot
 * carrying its `windowId`, as PostHog's player exports it.
 */
export function posthogExportV2(id: string, byWindow: Record<string, eventWithTime[]>): unknown {
  const snapshots = Object.entries(byWindow)
    .flatMap(([windowId, events]) => events.map((event) => ({ windowId, ...event })))
    .sort((a, b) => a.timestamp - b.timestamp);
  return { version: '2023-04-28', data: { id, person: null, snapshots } };
}

/**
 * Builds blob snapshot lines: `{ window_id, data }` objects of `batchSize` compressed events.
 * Every third batch stores its data as base64 gzip and every fifth as one character per
 * byte, the two string forms older PostHog data uses.
 */
export function posthogObjectLines(
  windowId: string,
  events: eventWithTime[],
  batchSize: number,
): string {
  const lines: string[] = [];
  for (let start = 0; start < events.length; start += batchSize) {
    const batch = events.slice(start, start + batchSize).map(compressLikePosthog);
    const index = start / batchSize;
    const data =
      index % 3 === 2
        ? gzipSync(Buffer.from(JSON.stringify(batch), 'utf8')).toString('base64')
        : index % 5 === 4
          ? gzipToLatin1(batch)
          : batch;
    lines.push(JSON.stringify({ window_id: windowId, data }));
  }
  return `${lines.join('\n')}\n`;
}

/** Builds the newer blob snapshot lines: one `[windowId, event]` pair per line. */
export function posthogPairLines(byWindow: Record<string, eventWithTime[]>): string {
  const pairs = Object.entries(byWindow)
    .flatMap(([windowId, events]) => events.map((event) => ({ windowId, event })))
    .sort((a, b) => a.event.timestamp - b.event.timestamp)
    .map(({ windowId, event }) => [windowId, compressLikePosthog(event)]);
  return `${pairs.map((pair) => JSON.stringify(pair)).join('\n')}\n`;
}

/**
 * Builds a legacy `$snapshot` event whose `$snapshot_data` was split into chunks of base64 gzip
 * of UTF-16LE JSON, as older PostHog ingestion stored it.
 */
export function posthogChunkedSnapshotLines(
  sessionId: string,
  windowId: string,
  events: eventWithTime[],
  chunkCount: number,
): string {
  const encoded = gzipSync(Buffer.from(JSON.stringify(events), 'utf16le')).toString('base64');
  const size = Math.ceil(encoded.length / chunkCount);
  const lines: string[] = [];
  for (let index = 0; index < chunkCount; index += 1) {
    const snapshotData = {
      chunk_id: 'chunk-1',
      chunk_index: index,
      chunk_count: chunkCount,
      data: encoded.slice(index * size, (index + 1) * size),
      compression: 'gzip-base64',
      has_full_snapshot: index === 0,
    };
    const properties = {
      $session_id: sessionId,
      $window_id: windowId,
      $snapshot_data: snapshotData,
    };
    lines.push(JSON.stringify({ event: '$snapshot', properties }));
  }
  return `${lines.join('\n')}\n`;
}
