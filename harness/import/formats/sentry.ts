import { EventType } from '@rrweb/types';
import { gunzipSync, inflateRawSync, inflateSync } from 'node:zlib';
import { checkEvents, isRecord } from '../check-events.js';
import { inputError } from '../input-error.js';
import { describeJsonError } from '../read-input.js';
import { toMilliseconds } from '../timestamps.js';
import type { SourceEvent, SourceSession } from '../types.js';
import { eventArrayOf, stringField } from './rrweb.js';

/** Tags of the custom events that Sentry's replay SDK adds to the rrweb stream. */
export const SENTRY_CUSTOM_TAGS = new Set(['breadcrumb', 'performanceSpan', 'options']);

const SEGMENT_FIX =
  'Download the replay segments from Sentry again: one segment (an array of events), an array of segments, or a segment with its {"segment_id"} header line';

/** Tells whether an event list contains custom events of Sentry's replay SDK. */
export function hasSentryEvents(values: readonly unknown[]): boolean {
  return values.some(
    (value) =>
      isRecord(value) &&
      value.type === EventType.Custom &&
      isRecord(value.data) &&
      SENTRY_CUSTOM_TAGS.has(String(value.data.tag)),
  );
}

/** Tells whether a document is a list of Sentry replay segments, each an array of events. */
export function isSegmentList(document: unknown): document is unknown[][] {
  return (
    Array.isArray(document) &&
    document.length > 0 &&
    document.every((segment) => Array.isArray(segment) && segment.every(isRecord))
  );
}

/**
 * Tells whether raw input bytes start with the `{"segment_id": N}` header line that Sentry's
 * SDK sends before each recording segment.
 */
export function hasSegmentHeader(bytes: Buffer): boolean {
  const newline = bytes.indexOf(0x0a);
  const firstLine = bytes.subarray(0, newline < 0 ? Math.min(bytes.length, 200) : newline);
  return /^\s*\{\s*"segment_id"\s*:/.test(firstLine.toString('utf8'));
}

/**
 * Reads Sentry replay segments: one segment (an array of rrweb events with Sentry's breadcrumb,
 * performance span and options events) or an array of segments in segment order.
 */
export function readSentryDocument(file: string, document: unknown): SourceSession {
  const segments = isSegmentList(document) ? document : [eventArrayOf(file, document).values];
  const events: SourceEvent[] = [];
  segments.forEach((segment, segmentIndex) => {
    const where = (index: number) =>
      segments.length > 1 ? `segment ${segmentIndex}, event ${index}` : `element ${index}`;
    events.push(...checkEvents(file, segment, where));
  });
  return finishSession(events, segments.length > 1 ? `${segments.length} segments` : 'segment');
}

/**
 * Reads a segment as Sentry's SDK sends it: a `{"segment_id": N}` header line, then the events
 * as JSON, zlib-compressed when the SDK compressed them.
 */
export function readSentryEnvelope(file: string, bytes: Buffer): SourceSession {
  const newline = bytes.indexOf(0x0a);
  if (newline < 0) {
    throw inputError(
      file,
      'the file contains a segment header line but no events after it',
      SEGMENT_FIX,
    );
  }
  const header = parseJson(
    file,
    bytes.subarray(0, newline).toString('utf8'),
    'the segment header line',
  );

  const body = bytes.subarray(newline + 1);
  const text = isJsonStart(body) ? body.toString('utf8') : inflateSegment(file, body);
  const session = readSentryDocument(
    file,
    parseJson(file, text, 'the segment after the header line'),
  );

  const replayId = isRecord(header) ? stringField(header, ['replay_id', 'replayId']) : undefined;
  session.variant = `segment ${isRecord(header) ? String(header.segment_id) : ''} with header`;
  return replayId === undefined ? session : { ...session, sessionId: replayId };
}

function parseJson(file: string, text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw inputError(
      file,
      `${what} is not valid JSON: ${describeJsonError(error as Error, text)}`,
      SEGMENT_FIX,
    );
  }
}

function isJsonStart(body: Buffer): boolean {
  const first = body.toString('utf8', 0, Math.min(body.length, 64)).trimStart()[0];
  return first === '[' || first === '{';
}

function inflateSegment(file: string, body: Buffer): string {
  for (const inflate of [inflateSync, gunzipSync, inflateRawSync]) {
    try {
      return inflate(body).toString('utf8');
    } catch {
      // Try the next compression format.
    }
  }
  throw inputError(
    file,
    'the segment after the header line is neither JSON nor zlib, gzip or deflate data',
    SEGMENT_FIX,
  );
}

/**
 * Converts the seconds that Sentry's SDK stores in breadcrumb and span payloads to
 * milliseconds, so every time in the recording uses one unit. Event timestamps themselves
 * are normalized with the rest of the stream.
 */
function finishSession(events: SourceEvent[], variant: string): SourceSession {
  let converted = 0;
  for (const event of events) {
    if (event.type !== EventType.Custom || !isRecord(event.data.payload)) {
      continue;
    }
    const payload = event.data.payload;
    for (const field of ['timestamp', 'startTimestamp', 'endTimestamp']) {
      const value = payload[field];
      if (typeof value === 'number' && Number.isFinite(value) && value >= 0) {
        payload[field] = toMilliseconds(value);
        converted += payload[field] === value ? 0 : 1;
      }
    }
  }
  const warnings =
    converted > 0
      ? [`Converted ${converted} breadcrumb and span times from seconds to milliseconds.`]
      : [];
  return { format: 'sentry', variant, events, warnings };
}
