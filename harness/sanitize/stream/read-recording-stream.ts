import type { eventWithTime } from '@rrweb/types';
import type { z } from 'zod';
import { FixtureError } from '../../fixture/fixture-error.js';
import { formatPath } from '../../fixture/read-recording.js';
import type { NetworkExchange } from '../../fixture/recording.js';
import { RECORDING_FORMAT, RECORDING_VERSION } from '../../fixture/recording.js';
import { recordingMetaSchema, sanitizationSummarySchema } from '../../fixture/schema.js';
import { findExchangeProblem } from './check-exchange.js';
import type { SplitPart } from './json-splitter.js';
import { parsePart, readSplitPartBatches } from './read-parts.js';

/** One validated piece of a recording, in file order. */
export type RecordingItem =
  | { kind: 'field'; key: string; value: unknown }
  | { kind: 'array-start'; key: string }
  | { kind: 'event'; index: number; event: eventWithTime }
  | { kind: 'exchange'; index: number; exchange: NetworkExchange }
  | { kind: 'array-end'; key: string; count: number };

const REQUIRED_KEYS = ['format', 'version', 'meta', 'events', 'network'] as const;
const FIELD_SCHEMAS: Record<string, z.ZodType> = {
  meta: recordingMetaSchema,
  sanitization: sanitizationSummarySchema,
};

/**
 * Reads a recording one event and one exchange at a time and validates each piece as it
 * arrives: the envelope of every rrweb event, every exchange, `meta`, `format` and
 * `version`. Only format version 1 is read, because upgrading an older version needs the
 * whole document. The items of each read chunk come together in one batch, so a consumer
 * pays for one asynchronous step per chunk rather than per element.
 *
 * @throws FixtureError naming the file and what is wrong, with a byte offset for JSON errors.
 */
export async function* readRecordingItemBatches(
  file: string,
): AsyncGenerator<Iterable<RecordingItem>> {
  const checker = new RecordingChecker(file);
  for await (const parts of readSplitPartBatches(file)) {
    // Each item is parsed only when the consumer reaches it, so one parsed element at a time
    // is alive. The consumer must finish a batch before it requests the next.
    yield checker.items(parts);
  }
  checker.finish();
}

/** Reads a recording one item at a time; see {@link readRecordingItemBatches}. */
export async function* readRecordingItems(file: string): AsyncGenerator<RecordingItem> {
  for await (const items of readRecordingItemBatches(file)) {
    yield* items;
  }
}

/** Parses and validates the pieces of one file in order, and checks what spans them. */
class RecordingChecker {
  private readonly seen = new Set<string>();
  private firstSnapshotType: number | undefined;
  private hasFullSnapshot = false;

  constructor(private readonly file: string) {}

  *items(parts: readonly SplitPart[]): Generator<RecordingItem> {
    for (const part of parts) {
      yield this.item(part);
    }
  }

  item(part: SplitPart): RecordingItem {
    const { file } = this;
    if (part.kind === 'array-start') {
      this.markSeen(part.key);
      return { kind: 'array-start', key: part.key };
    }
    if (part.kind === 'array-end') {
      return { kind: 'array-end', key: part.key, count: part.count };
    }
    if (part.kind === 'element' && part.key === 'events') {
      const event = checkEvent(file, part.index, parsePart(file, part));
      if (this.firstSnapshotType === undefined && (event.type === 2 || event.type === 3)) {
        this.firstSnapshotType = event.type;
      }
      this.hasFullSnapshot ||= event.type === 2;
      return { kind: 'event', index: part.index, event };
    }
    if (part.kind === 'element') {
      const exchange = checkExchange(file, part.index, parsePart(file, part));
      return { kind: 'exchange', index: part.index, exchange };
    }
    this.markSeen(part.key);
    return {
      kind: 'field',
      key: part.key,
      value: checkField(file, part.key, parsePart(file, part)),
    };
  }

  /**
   * Records a top-level key. A repeated key is rejected: `JSON.parse` would keep only its last
   * value, and the first pass of sanitizing reads only the first `events` array.
   */
  private markSeen(key: string): void {
    if (this.seen.has(key)) {
      throw new FixtureError(
        this.file,
        `has the top-level key ${JSON.stringify(key)} twice. Remove one, or re-record the session.`,
      );
    }
    this.seen.add(key);
  }

  /** @throws FixtureError when a required key is missing or no full snapshot comes first. */
  finish(): void {
    const missing = REQUIRED_KEYS.filter((key) => !this.seen.has(key));
    if (missing.length > 0) {
      throw new FixtureError(
        this.file,
        `is not a complete recording: ${missing.join(', ')} missing. Re-record the session.`,
      );
    }
    if (!this.hasFullSnapshot || this.firstSnapshotType !== 2) {
      throw new FixtureError(
        this.file,
        "does not start with an rrweb full snapshot (event type 2): re-record the session; rrweb's recording must start with a full snapshot.",
      );
    }
  }
}

function checkField(file: string, key: string, value: unknown): unknown {
  if (key === 'format' && value !== RECORDING_FORMAT) {
    throw new FixtureError(
      file,
      `format is ${JSON.stringify(value)}, expected "${RECORDING_FORMAT}": this file is not a replaygate recording.`,
    );
  }
  if (key === 'version' && value !== RECORDING_VERSION) {
    throw new FixtureError(
      file,
      `version is ${JSON.stringify(value)}, but streaming reads only version ${RECORDING_VERSION}. Upgrade replaygate, or re-record the session.`,
    );
  }
  if (key === 'events' || key === 'network') {
    throw new FixtureError(file, `${key} is not an array. Re-record the session.`);
  }
  const schema = FIELD_SCHEMAS[key];
  if (schema === undefined && key !== 'format' && key !== 'version') {
    throw new FixtureError(
      file,
      `unknown top-level key ${JSON.stringify(key)}. Remove it, or re-record the session.`,
    );
  }
  if (schema !== undefined) {
    const result = schema.safeParse(value);
    if (!result.success) {
      throw invalidPiece(file, key, result.error.issues);
    }
  }
  return value;
}

function checkEvent(file: string, index: number, value: unknown): eventWithTime {
  const event = value as { type?: unknown; timestamp?: unknown; data?: unknown } | null;
  const valid =
    typeof event === 'object' &&
    event !== null &&
    Number.isInteger(event.type) &&
    (event.type as number) >= 0 &&
    (event.type as number) <= 8 &&
    typeof event.timestamp === 'number' &&
    event.timestamp >= 0 &&
    typeof event.data === 'object' &&
    event.data !== null &&
    !Array.isArray(event.data);
  if (!valid) {
    throw new FixtureError(
      file,
      `events[${index}] is not an rrweb event: expected { type: 0-8, timestamp, data: {...} }. Re-record the session, or fix the event.`,
    );
  }
  return value as eventWithTime;
}

function checkExchange(file: string, index: number, value: unknown): NetworkExchange {
  const problem = findExchangeProblem(value);
  if (problem !== undefined) {
    throw new FixtureError(
      file,
      `network[${index}] is not a valid exchange: ${problem}. Re-record the session, or fix the exchange.`,
    );
  }
  return value as NetworkExchange;
}

function invalidPiece(
  file: string,
  where: string,
  issues: readonly z.core.$ZodIssue[],
): FixtureError {
  const listed = issues
    .slice(0, 5)
    .map(
      (issue) =>
        `  - ${where}${issue.path.length > 0 ? '.' : ''}${issue.path.length > 0 ? formatPath(issue.path) : ''}: ${issue.message}`,
    );
  return new FixtureError(
    file,
    [
      'is not a valid recording:',
      ...listed,
      'Re-record the session, or fix the listed fields.',
    ].join('\n'),
  );
}
