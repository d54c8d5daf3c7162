import { unpack } from '@rrweb/packer';
import { checkEvents, isRecord } from '../check-events.js';
import { inputError } from '../input-error.js';
import type { SourceSession } from '../types.js';

/** The `v` field `@rrweb/packer` 2.x writes into each packed event. */
const PACKER_MARK = 'v1';

/**
 * Reads a plain rrweb recording: a JSON array of events, or an object with an `events` array.
 * Elements that are strings are `@rrweb/packer` packed events, unpacked with the packer's own
 * `unpack`, and make the format `packed`.
 *
 * @throws UsageError when the document is not an event array or an element is not an event.
 */
export function readRrwebDocument(file: string, document: unknown): SourceSession {
  const { values, sessionId } = eventArrayOf(file, document);
  const packed = values.some((value) => typeof value === 'string');
  const unpacked = packed
    ? values.map((value, index) =>
        typeof value === 'string' ? unpackEvent(file, index, value) : value,
      )
    : values;
  const events = checkEvents(file, unpacked, (index) => `element ${index} of the event array`);
  const storedId = sessionId ?? sessionIdOfEvents(unpacked);
  return {
    format: packed ? 'packed' : 'rrweb',
    variant: packed ? `@rrweb/packer ${PACKER_MARK}` : 'event array',
    ...(storedId === undefined ? {} : { sessionId: storedId }),
    events,
    warnings: [],
  };
}

/**
 * Returns the event list of an rrweb document and the session id stored beside it.
 *
 * @throws UsageError when the document is neither an array nor an object with `events`.
 */
export function eventArrayOf(
  file: string,
  document: unknown,
): { values: unknown[]; sessionId?: string } {
  let values: unknown[] | undefined;
  let sessionId: string | undefined;
  if (Array.isArray(document)) {
    values = document;
  } else if (isRecord(document) && Array.isArray(document.events)) {
    values = document.events;
    sessionId = stringField(document, ['sessionId', 'session_id', 'id']);
  }
  if (values === undefined) {
    throw inputError(
      file,
      'the JSON is not an rrweb event array: expected an array of events or an object with an "events" array',
      'Export the session as rrweb events, or name the product that exported it with --format',
    );
  }
  if (values.length === 0) {
    throw inputError(
      file,
      'the event array is empty',
      'Export a session that recorded at least one page',
    );
  }
  return sessionId === undefined ? { values } : { values, sessionId };
}

/**
 * Unpacks one `@rrweb/packer` string: zlib-compressed JSON stored as one character per byte,
 * whose event carries the packer's version mark `v`, which is dropped.
 */
function unpackEvent(file: string, index: number, value: string): unknown {
  const fix = 'Pack the events with @rrweb/packer 2.x, or import the unpacked event array';
  if (!value.startsWith('{') && !hasZlibHeader(value)) {
    throw inputError(file, `element ${index} is a string but not an @rrweb/packer event`, fix);
  }
  try {
    // NOTE: unpack logs its own error to the console before throwing on corrupt data.
    const { v: _mark, ...event } = unpack(value) as unknown as Record<string, unknown>;
    return event;
  } catch (error) {
    throw inputError(
      file,
      `element ${index} could not be unpacked (${(error as Error).message})`,
      `${fix}; this reader expects packer mark "${PACKER_MARK}"`,
    );
  }
}

/** Tells whether the first two characters, read as bytes, form a valid zlib header (RFC 1950). */
function hasZlibHeader(value: string): boolean {
  const first = value.charCodeAt(0);
  const second = value.charCodeAt(1);
  return first <= 0xff && (first & 0x0f) === 8 && ((first << 8) | second) % 31 === 0;
}

function sessionIdOfEvents(values: unknown[]): string | undefined {
  for (const value of values) {
    const id = isRecord(value) ? stringField(value, ['sessionId', 'session_id']) : undefined;
    if (id !== undefined) {
      return id;
    }
  }
  return undefined;
}

/** Returns the first of `names` whose value in `record` is a non-empty string or a number. */
export function stringField(record: Record<string, unknown>, names: string[]): string | undefined {
  for (const name of names) {
    const value = record[name];
    if ((typeof value === 'string' && value !== '') || typeof value === 'number') {
      return String(value);
    }
  }
  return undefined;
}
