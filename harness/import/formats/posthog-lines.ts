import { checkEvents, isRecord } from '../check-events.js';
import { inputError } from '../input-error.js';
import type { SourceEvent, SourceSession } from '../types.js';
import { decodeCompressedJson, decompressPosthogEvent } from './posthog-compression.js';
import { stringField } from './rrweb.js';

/** Events of one snapshot line with the window and session they were captured in. */
interface LineContent {
  values: unknown[];
  windowId?: string;
  sessionId?: string;
}

/** A part of a `$snapshot_data` value that older posthog-js split into base64 gzip chunks. */
interface Chunk {
  id: string;
  index: number;
  count: number;
  data: string;
}

const LINE_FIX =
  'Pass the snapshot lines exactly as PostHog stores or returns them, one JSON value per line';

/**
 * Reads PostHog snapshot lines, one JSON value per line, in every shape PostHog stores. These
 * are `[windowId, event]` pairs, `{ window_id, data }` objects whose `data` is a list of events
 * or a gzip-compressed string of one, `$snapshot` and `$snapshot_items` events, and plain
 * events with a `windowId`. Older posthog-js split `$snapshot_data` into chunks, and every
 * event may carry posthog-js compression (`cv`).
 *
 * @throws UsageError naming the first line that is none of these.
 */
export function readPosthogLines(file: string, lines: unknown[]): SourceSession {
  const events: SourceEvent[] = [];
  const chunks = new Map<string, Chunk[]>();
  let sessionId: string | undefined;
  lines.forEach((line, index) => {
    const where = `line ${index + 1}`;
    const content = contentOfLine(file, line, where, chunks);
    sessionId ??= content.sessionId;
    const restored = content.values.map((value) => decompressPosthogEvent(file, value, where));
    for (const event of checkEvents(file, restored, () => `an event on ${where}`)) {
      const windowId = content.windowId ?? windowIdOf(event);
      events.push(windowId === undefined ? event : { ...event, windowId });
    }
  });
  const warnings: string[] = [];
  for (const [id, parts] of chunks) {
    warnings.push(
      `Skipped snapshot data ${id}: only ${parts.length} of its ${parts[0]?.count} chunks are in the file.`,
    );
  }
  return {
    format: 'posthog',
    variant: 'snapshot lines',
    ...(sessionId === undefined ? {} : { sessionId }),
    events,
    warnings,
  };
}

function contentOfLine(
  file: string,
  line: unknown,
  where: string,
  chunks: Map<string, Chunk[]>,
): LineContent {
  if (Array.isArray(line) && line.length === 2 && typeof line[0] === 'string') {
    return { windowId: line[0], values: [line[1]] };
  }
  if (!isRecord(line)) {
    throw inputError(file, `${where} is not a PostHog snapshot line`, LINE_FIX);
  }
  if ('type' in line && 'timestamp' in line) {
    return { values: [line] };
  }
  if (
    (line.event === '$snapshot' || line.event === '$snapshot_items') &&
    isRecord(line.properties)
  ) {
    return contentOfSnapshotEvent(file, line.properties, where, chunks);
  }
  if ('data' in line) {
    const values = valuesOfData(file, line.data, where);
    return withIds(
      values,
      stringField(line, ['window_id', 'windowId']),
      stringField(line, ['session_id', 'sessionId']),
    );
  }
  throw inputError(
    file,
    `${where} is not a PostHog snapshot line: expected [windowId, event], { window_id, data }, a $snapshot event or an rrweb event`,
    LINE_FIX,
  );
}

function contentOfSnapshotEvent(
  file: string,
  properties: Record<string, unknown>,
  where: string,
  chunks: Map<string, Chunk[]>,
): LineContent {
  const windowId = stringField(properties, ['$window_id']);
  const sessionId = stringField(properties, ['$session_id']);
  if (Array.isArray(properties.$snapshot_items)) {
    return withIds(properties.$snapshot_items, windowId, sessionId);
  }
  const data = properties.$snapshot_data;
  const chunk = chunkOf(data);
  if (chunk === undefined) {
    return withIds(data === undefined ? [] : valuesOfData(file, data, where), windowId, sessionId);
  }
  const joined = addChunk(chunks, chunk);
  return withIds(
    joined === undefined ? [] : valuesOfData(file, joined, where),
    windowId,
    sessionId,
  );
}

/** Turns a line's `data` into events: a list, one event, or a compressed string of either. */
function valuesOfData(file: string, data: unknown, where: string): unknown[] {
  const decoded =
    typeof data === 'string' ? decodeCompressedJson(file, data, `${where} data`) : data;
  return Array.isArray(decoded) ? decoded : [decoded];
}

function chunkOf(value: unknown): Chunk | undefined {
  if (!isRecord(value) || typeof value.data !== 'string') {
    return undefined;
  }
  const { chunk_id: id, chunk_index: index, chunk_count: count } = value;
  if (typeof id !== 'string' || typeof index !== 'number' || typeof count !== 'number') {
    return undefined;
  }
  return { id, index, count, data: value.data };
}

/** Stores a chunk and returns the joined data once every chunk of its value has arrived. */
function addChunk(chunks: Map<string, Chunk[]>, chunk: Chunk): string | undefined {
  const parts = chunks.get(chunk.id) ?? [];
  if (!parts.some((part) => part.index === chunk.index)) {
    parts.push(chunk);
  }
  if (parts.length < chunk.count) {
    chunks.set(chunk.id, parts);
    return undefined;
  }
  chunks.delete(chunk.id);
  return parts
    .sort((a, b) => a.index - b.index)
    .map((part) => part.data)
    .join('');
}

function withIds(values: unknown[], windowId?: string, sessionId?: string): LineContent {
  return {
    values,
    ...(windowId === undefined ? {} : { windowId }),
    ...(sessionId === undefined ? {} : { sessionId }),
  };
}

function windowIdOf(event: SourceEvent): string | undefined {
  return stringField(event as unknown as Record<string, unknown>, ['windowId', 'window_id']);
}
