import { inputError } from './input-error.js';
import type { SourceEvent } from './types.js';

/**
 * Smallest timestamp read as epoch milliseconds when a stream mixes units. It is March 1973 in
 * milliseconds, while a timestamp in seconds reaches it only in the year 5138.
 */
export const MIN_EPOCH_MILLISECONDS = 1e11;

/** A timestamp in seconds, multiplied by 1000, must land this close to the stream's milliseconds. */
const SECONDS_MATCH_WINDOW_MS = 24 * 60 * 60 * 1000;

/**
 * An event out of recorder order and this far from both neighbours has a corrupt timestamp:
 * no recorder emits one event alone an hour away from the events around it.
 */
const OUTLIER_GAP_MS = 60 * 60 * 1000;

/** Converts a timestamp that may be in seconds to milliseconds, by the rule of {@link normalizeTimestamps}. */
export function toMilliseconds(value: number): number {
  return value < MIN_EPOCH_MILLISECONDS ? Math.round(value * 1000) : Math.round(value);
}

/**
 * Converts event timestamps to whole epoch milliseconds. A stream whose timestamps are all
 * below {@link MIN_EPOCH_MILLISECONDS} is taken as milliseconds as it is, because rrweb's own
 * test recordings count milliseconds from 1970. In a stream that mixes both, each small value
 * is read as seconds and must then land within a day of the millisecond values.
 *
 * @returns how many timestamps were converted from seconds.
 * @throws UsageError naming the first timestamp that is neither.
 */
export function normalizeTimestamps(file: string, events: SourceEvent[]): number {
  let first = Infinity;
  let last = -Infinity;
  for (const { timestamp } of events) {
    if (timestamp >= MIN_EPOCH_MILLISECONDS) {
      first = Math.min(first, timestamp);
      last = Math.max(last, timestamp);
    }
  }
  if (first === Infinity) {
    for (const event of events) {
      event.timestamp = Math.round(event.timestamp);
    }
    return 0;
  }
  const min = first - SECONDS_MATCH_WINDOW_MS;
  const max = last + SECONDS_MATCH_WINDOW_MS;
  let converted = 0;
  events.forEach((event, index) => {
    const value = toMilliseconds(event.timestamp);
    if (value < min || value > max) {
      throw inputError(
        file,
        `event ${index} has timestamp ${event.timestamp}, which is neither milliseconds nor seconds within the session (${isoTime(first)} to ${isoTime(last)})`,
        'The events mix timestamps of different sessions or clocks: export the session again, or remove that event',
      );
    }
    converted += event.timestamp < MIN_EPOCH_MILLISECONDS ? 1 : 0;
    event.timestamp = value;
  });
  return converted;
}

/**
 * Gives each event whose timestamp is out of recorder order and more than an hour from both
 * neighbours the timestamp of the event before it. Works in place on events in source order.
 *
 * @returns how many timestamps were replaced.
 */
export function repairOutliers(events: SourceEvent[]): number {
  let repaired = 0;
  for (let index = 0; index < events.length; index += 1) {
    const event = events[index] as SourceEvent;
    const previous = events[index - 1]?.timestamp;
    const next = events[index + 1]?.timestamp;
    const outOfOrder =
      (previous !== undefined && event.timestamp < previous) ||
      (next !== undefined && event.timestamp > next);
    const far = (other: number | undefined) =>
      other === undefined || Math.abs(event.timestamp - other) > OUTLIER_GAP_MS;
    if (outOfOrder && far(previous) && far(next) && (previous ?? next) !== undefined) {
      event.timestamp = (previous ?? next) as number;
      repaired += 1;
    }
  }
  return repaired;
}

/** Sorts events by timestamp, keeping source order among equal timestamps. */
export function sortByTime<T extends { timestamp: number }>(events: T[]): T[] {
  return events
    .map((event, index) => ({ event, index }))
    .sort((a, b) => a.event.timestamp - b.event.timestamp || a.index - b.index)
    .map(({ event }) => event);
}

function isoTime(milliseconds: number): string {
  return new Date(milliseconds).toISOString();
}
