import { inputError } from './input-error.js';
import type { SourceEvent } from './types.js';

/** Highest rrweb event type in `@rrweb/types` 2.x (8, annotation). */
const MAX_EVENT_TYPE = 8;
const PREVIEW_CHARS = 80;

/** Tells whether a value is a plain JSON object. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Checks that every value has the envelope of an rrweb event: an integer `type` from 0 to 8,
 * a numeric `timestamp` and an object `data`. DomContentLoaded and Load events without `data`
 * get an empty one, as rrweb itself emits them.
 *
 * @param describe names a value's position for the error, for example `element 4`.
 * @throws UsageError naming the first value that is not an rrweb event.
 */
export function checkEvents(
  file: string,
  values: readonly unknown[],
  describe: (index: number) => string,
): SourceEvent[] {
  return values.map((value, index) => {
    const problem = eventProblem(value);
    if (problem !== undefined) {
      throw inputError(
        file,
        `${describe(index)} is not an rrweb event: ${problem} (${preview(value)})`,
        'Import a JSON array of rrweb events (eventWithTime), an export of a supported product, or name the source with --format',
      );
    }
    const event = value as Record<string, unknown>;
    if (event.data === undefined) {
      event.data = {};
    }
    return event as unknown as SourceEvent;
  });
}

function eventProblem(value: unknown): string | undefined {
  if (!isRecord(value)) {
    return `expected an object, found ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value}`;
  }
  const { type, timestamp, data } = value;
  if (typeof type !== 'number' || !Number.isInteger(type) || type < 0 || type > MAX_EVENT_TYPE) {
    return `"type" is ${JSON.stringify(type)}, expected a whole number from 0 to ${MAX_EVENT_TYPE}`;
  }
  if (typeof timestamp !== 'number' || !Number.isFinite(timestamp) || timestamp < 0) {
    return `"timestamp" is ${JSON.stringify(timestamp)}, expected epoch milliseconds`;
  }
  const dataOptional = type === 0 || type === 1;
  if (!isRecord(data) && !(dataOptional && data === undefined)) {
    return `"data" is ${data === undefined ? 'missing' : JSON.stringify(data)?.slice(0, 40)}, expected an object`;
  }
  return undefined;
}

function preview(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > PREVIEW_CHARS ? `${text.slice(0, PREVIEW_CHARS)}...` : text;
}
