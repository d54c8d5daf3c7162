/**
 * rrweb's incremental sources whose data contains numbers only: mouse moves (1), mouse
 * interactions (2), scrolls (3), viewport resizes (4), touch moves (6) and drags (12). They
 * are often a third or more of a recording's events, and none can carry personal data.
 */
export const PLAIN_SOURCES: ReadonlySet<number> = new Set([1, 2, 3, 4, 6, 12]);

/** Source and timestamp of an event that {@link readPlainEvent} accepts. */
export interface PlainEvent {
  /** `data.source`, one of {@link PLAIN_SOURCES}. */
  source: number;
  timestamp: number;
}

const bytes = (text: string) => Buffer.from(text, 'latin1');
const keyBytes = (key: string) => bytes(`"${key}":`);
/** Start of an incremental snapshot event as `JSON.stringify` writes it. */
const TYPE = bytes('{"type":3,');
const TIMESTAMP = bytes('"timestamp":');
const DATA = bytes('"data":{"source":');
const POSITIONS = bytes(',"positions":[');
/**
 * The keys of each source's data after `source`, in the order rrweb writes them. Each
 * may be missing, as `JSON.stringify` drops keys whose value is undefined.
 */
const DATA_KEYS: ReadonlyMap<number, readonly Buffer[]> = new Map(
  (
    [
      [2, ['type', 'id', 'x', 'y', 'pointerType']],
      [3, ['id', 'x', 'y']],
      [4, ['width', 'height']],
    ] as const
  ).map(([source, keys]) => [source, keys.map(keyBytes)]),
);
/** The keys of one entry of `positions`, in the order rrweb writes them. */
const POSITION_KEYS = ['x', 'y', 'id', 'timeOffset'].map(keyBytes);
/**
 * Maximum number of digits before the decimal point in a plain event's numbers. The audit
 * scans numbers from 10^11 on as possible card numbers. With 10 digits, no fraction rounds a
 * number up to 10^11, so a plain event has none, except its epoch `timestamp`, which the
 * audit skips.
 */
const MAX_INTEGER_DIGITS = 10;
/** Maximum integer digits of a `timestamp`: any such number is exact as a double. */
const MAX_TIMESTAMP_DIGITS = 15;
/** Maximum digits after the decimal point. An event with longer fractions is parsed. */
const MAX_FRACTION_DIGITS = 17;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;
const MINUS = 0x2d;
const DOT = 0x2e;
const DIGIT_ZERO = 0x30;
const DIGIT_NINE = 0x39;
const NO_MATCH = -1;

/**
 * Recognizes an rrweb event of a {@link PLAIN_SOURCES} source from its raw JSON, without
 * parsing it, and returns its source and timestamp. Such an event can pass from input to
 * output as its raw bytes: the sanitizer leaves it as it is, and the audit finds nothing in
 * it. Returns undefined for anything else, and the caller then parses the event as usual.
 *
 * It accepts only the layout that `JSON.stringify` gives these events: the keys of each
 * source in rrweb's order, each at most once, and plain decimal numbers. A number has at
 * most 10 integer digits (15 for the `timestamp`) and 17 fraction digits, trailing zeros
 * such as in `2.50` included. Whitespace, strings, escapes, exponents, `-0`, `true`,
 * `false` and `null` are rejected. So the bytes are ASCII, parse to the same values as the
 * event `JSON.stringify` writes again, and contain nothing a detector reads. Events written
 * another way are parsed, which gives the same result more slowly.
 */
export function readPlainEvent(raw: Buffer): PlainEvent | undefined {
  const start = matchBytes(raw, 0, TYPE);
  if (start === NO_MATCH) {
    return undefined;
  }

  // rrweb writes `data` before `timestamp`, and replaygate's recorder writes `timestamp` first.
  const timestampStart = matchBytes(raw, start, TIMESTAMP);
  const dataStart = timestampStart === NO_MATCH ? start : NO_MATCH;
  const timestampEnd = skipTimestamp(raw, timestampStart);
  const data = readData(raw, dataStart === NO_MATCH ? next(raw, timestampEnd, COMMA) : dataStart);
  if (data === undefined) {
    return undefined;
  }

  let end: number;
  let timestamp: number;
  if (dataStart === NO_MATCH) {
    end = next(raw, data.end, CLOSE_BRACE);
    timestamp = readNumber(raw, timestampStart, timestampEnd);
  } else {
    const lateStart = matchBytes(
      raw,
      next(raw, next(raw, data.end, CLOSE_BRACE), COMMA),
      TIMESTAMP,
    );
    end = skipTimestamp(raw, lateStart);
    timestamp = end === NO_MATCH ? NaN : readNumber(raw, lateStart, end);
  }

  if (next(raw, end, CLOSE_BRACE) !== raw.length) {
    return undefined;
  }
  return { source: data.source, timestamp };
}

/**
 * Reads `"data":{"source":N...` up to the data's closing brace, and returns the source and
 * the position of that brace.
 */
function readData(raw: Buffer, from: number): { source: number; end: number } | undefined {
  const sourceStart = matchBytes(raw, from, DATA);
  const sourceEnd = skipNumber(raw, sourceStart, 2);
  if (sourceEnd === NO_MATCH) {
    return undefined;
  }
  const source = readInteger(raw, sourceStart, sourceEnd);
  if (!PLAIN_SOURCES.has(source)) {
    return undefined;
  }
  const keys = DATA_KEYS.get(source);
  const end =
    keys === undefined
      ? skipPositions(raw, sourceEnd)
      : skipNumberFields(raw, sourceEnd, keys, true);
  return end === NO_MATCH ? undefined : { source, end };
}

/** Skips an event's `timestamp` value, which must not be negative. */
function skipTimestamp(raw: Buffer, from: number): number {
  return from === NO_MATCH || raw[from] === MINUS
    ? NO_MATCH
    : skipNumber(raw, from, MAX_TIMESTAMP_DIGITS);
}

/** Returns the position after `byte` when it is the byte at `at`. */
function next(raw: Buffer, at: number, byte: number): number {
  return at !== NO_MATCH && raw[at] === byte ? at + 1 : NO_MATCH;
}

/** Skips `,"positions":[{...},...]` of a mouse move, touch move or drag. */
function skipPositions(raw: Buffer, from: number): number {
  let at = matchBytes(raw, from, POSITIONS);
  while (at !== NO_MATCH) {
    if (raw[at] !== OPEN_BRACE) {
      return NO_MATCH;
    }
    at = skipNumberFields(raw, at + 1, POSITION_KEYS, false);
    if (at === NO_MATCH || raw[at] !== CLOSE_BRACE) {
      return NO_MATCH;
    }
    at += 1;
    if (raw[at] === CLOSE_BRACKET) {
      return at + 1;
    }
    at = next(raw, at, COMMA);
  }
  return NO_MATCH;
}

/**
 * Skips fields `"key":number` separated by commas, whose keys come in the order of `keys`,
 * each at most once. `afterField` tells whether a field comes before them, so the first
 * one needs a comma too. Returns the position after the last field.
 */
function skipNumberFields(
  raw: Buffer,
  from: number,
  keys: readonly Buffer[],
  afterField: boolean,
): number {
  let at = from;
  let needsComma = afterField;
  for (const key of keys) {
    const keyStart = needsComma ? next(raw, at, COMMA) : at;
    const valueStart = matchBytes(raw, keyStart, key);
    if (valueStart !== NO_MATCH) {
      at = skipNumber(raw, valueStart, MAX_INTEGER_DIGITS);
      if (at === NO_MATCH) {
        return NO_MATCH;
      }
      needsComma = true;
    }
  }
  return at;
}

/** Returns the position after `expected` when the bytes at `at` are `expected`. */
function matchBytes(raw: Buffer, at: number, expected: Buffer): number {
  if (at === NO_MATCH || at + expected.length > raw.length) {
    return NO_MATCH;
  }
  for (let offset = 0; offset < expected.length; offset++) {
    if (raw[at + offset] !== expected[offset]) {
      return NO_MATCH;
    }
  }
  return at + expected.length;
}

/**
 * Skips a JSON number without an exponent that has at most `maxDigits` digits before its
 * decimal point and {@link MAX_FRACTION_DIGITS} after it, and returns the position after it.
 * A number that starts with `-0` is not skipped, because `JSON.stringify` writes -0 as 0.
 */
function skipNumber(raw: Buffer, from: number, maxDigits: number): number {
  if (from === NO_MATCH) {
    return NO_MATCH;
  }
  let at = from;
  if (raw[at] === MINUS) {
    at++;
    if (raw[at] === DIGIT_ZERO) {
      return NO_MATCH;
    }
  }
  const integerStart = at;
  while (isDigit(raw[at])) {
    at++;
  }
  const digits = at - integerStart;
  if (digits === 0 || digits > maxDigits || (digits > 1 && raw[integerStart] === DIGIT_ZERO)) {
    return NO_MATCH;
  }
  if (raw[at] === DOT) {
    at++;
    const fractionStart = at;
    while (isDigit(raw[at])) {
      at++;
    }
    const fractionDigits = at - fractionStart;
    if (fractionDigits === 0 || fractionDigits > MAX_FRACTION_DIGITS) {
      return NO_MATCH;
    }
  }
  return at;
}

/** Reads the number that {@link skipNumber} skipped. Returns -1 when it has a sign or a fraction. */
function readInteger(raw: Buffer, start: number, end: number): number {
  let value = 0;
  for (let at = start; at < end; at++) {
    const byte = raw[at]!;
    if (!isDigit(byte)) {
      return NO_MATCH;
    }
    value = value * 10 + byte - DIGIT_ZERO;
  }
  return value;
}

function readNumber(raw: Buffer, start: number, end: number): number {
  const integer = readInteger(raw, start, end);
  // A timestamp with a fraction is rare, so only it costs a string.
  return integer >= 0 ? integer : Number(raw.toString('latin1', start, end));
}

function isDigit(byte: number | undefined): boolean {
  return byte !== undefined && byte >= DIGIT_ZERO && byte <= DIGIT_NINE;
}
