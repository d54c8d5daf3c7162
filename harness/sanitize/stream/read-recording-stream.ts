import type { eventWithTime } from '@rrweb/types';
import type { z } from 'zod';
import { FixtureError } from '../../fixture/fixture-error.js';
import { formatPath } from '../../fixture/read-recording.js';
import type { NetworkExchange } from '../../fixture/recording.js';
import { RECORDING_FORMAT, RECORDING_VERSION } from '../../fixture/recording.js';
import { recordingMetaSchema, sanitizationSummarySchema } from '../../fixture/schema.js';
import { findExchangeProblem } from './check-exchange.js';
import type { SplitPart } from './json-splitter.js';
import { importHint } from '../../fixture/import-hint.js';
import { readPlainEvent } from './plain-event.js';
import { parsePart, readSplitPartBatches } from './read-parts.js';

/** One validated piece of a recording, in file order. */
export type RecordingItem =
  | { kind: 'field'; key: string; value: unknown }
  | { kind: 'array-start'; key: string }
  | { kind: 'event'; index: number; event: eventWithTime }
  /**
   * An event of numbers only, such as a mouse move, left as its raw bytes (see
   * `readPlainEvent`): nothing in it needs sanitizing, so it needs no parsing.
   */
  | { kind: 'plain-event'; index: number; raw: Buffer; source: number; timestamp: number }
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
      const plain = readPlainEvent(part.raw);
      if (plain !== undefined) {
        // Plain events are incremental snapshots (type 3).
        this.firstSnapshotType ??= 3;
        return { kind: 'plain-event', index: part.index, raw: part.raw, ...plain };
      }
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
    const afterFormat = this.seen.has('format');
    this.markSeen(part.key);
    return {
      kind: 'field',
      key: part.key,
      value: checkField(file, part.key, parsePart(file, part), afterFormat),
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

/**
 * Validates one top-level field. `afterFormat` is true when the `format` key came before it,
 * because an unknown key before `format` suggests a session export of another tool.
 */
function checkField(file: string, key: string, value: unknown, afterFormat: boolean): unknown {
  if (key === 'format' && value !== RECORDING_FORMAT) {
    throw new FixtureError(
      file,
      `format is ${JSON.stringify(value)}, not "${RECORDING_FORMAT}", so the file is a session export of another format, not a replaygate recording. ${importHint(file)}`,
    );
  }
  if (key === 'version' && value !== RECORDING_VERSION) {
    throw new FixtureError(
      file,
      `version is ${JSON.stringify(value)}, but replaygate sanitize and audit read version ${RECORDING_VERSION} recordings only. Upgrade replaygate if the file is newer, or re-record the session.`,
    );
  }
  if (key === 'events' || key === 'network') {
    throw new FixtureError(file, `${key} is not an array. Re-record the session.`);
  }
  const schema = FIELD_SCHEMAS[key];
  if (schema === undefined && key !== 'format' && key !== 'version') {
    const fix = afterFormat
      ? 'Remove it, or re-record the session.'
      : `Remove it, or re-record the session. If the file is a session export from rrweb, PostHog or Sentry, it is not a replaygate recording: ${importHint(file)}`;
    throw new FixtureError(file, `unknown top-level key ${JSON.stringify(key)}. ${fix}`);
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
    // A number too large for a double parses to Infinity, which JSON.stringify writes as null.
    Number.isFinite(event.timestamp) &&
    (event.timestamp as number) >= 0 &&
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

/** Position of an event or exchange in a recording. */
export interface ElementPlace {
  key: 'events' | 'network';
  index: number;
  /** rrweb event type of an event, which selects the advice. */
  eventType?: number;
}

/**
 * Runs `step` (sanitizing, auditing or writing one event or exchange) and turns a stack
 * overflow into an error for that element. The walkers recurse once per level of DOM or
 * JSON nesting, so a few thousand nested elements or JSON levels exhaust the stack. One
 * guard here covers every walker that the step calls.
 *
 * @throws FixtureError naming the file, the element and what to do when `step` overflows the
 *   stack; any other error of `step` unchanged.
 */
export function guardNesting<Result>(
  file: string,
  place: ElementPlace,
  step: () => Result,
): Result {
  try {
    return step();
  } catch (error) {
    if (!isStackOverflow(error)) {
      throw error;
    }
    throw new FixtureError(file, tooDeepMessage(place), { cause: error });
  }
}

function isStackOverflow(error: unknown): boolean {
  return error instanceof RangeError && /call stack/i.test(error.message);
}

function tooDeepMessage({ key, index, eventType }: ElementPlace): string {
  const problem = `${key}[${index}] nests too deeply to be walked for sensitive values.`;
  if (key === 'network') {
    return `${problem} Record the session again without that request (the recorder's networkDeny option), or make the server send a flatter body.`;
  }
  // rrweb event types 2 and 3 are full and incremental snapshots, which carry DOM nodes.
  if (eventType === 2 || eventType === 3) {
    return `${problem} Record the session again without the deeply nested element: block it with the recorder's blockSelector option, and rrweb records an empty box of the same size in its place.`;
  }
  return `${problem} Record the session again without the deeply nested value in the payload of this event.`;
}
