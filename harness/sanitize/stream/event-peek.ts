/**
 * Cheap checks of the raw JSON of one rrweb event, for the first pass of the file sanitizer,
 * which parses only the events that matter to typing chains. `mightBeInputEvent` may return
 * true for an event that is not an Input event, but never false for one that is.
 */

import { BACKSLASH, CLOSE_BRACE, COLON, COMMA, isJsonWhitespace } from './json-bytes.js';

/** rrweb writes `type` first, so the event type is usually readable from the first bytes. */
const TYPE_PREFIX = Buffer.from('{"type":');
/** The same with any whitespace JSON allows, for events written by other tools. */
const LEADING_TYPE = /^\s*\{\s*"type"\s*:\s*(\d+)\s*[,}]/;
const SOURCE_KEY = Buffer.from('"source"');
const UNICODE_ESCAPE = Buffer.from('\\u');
const DIGIT_ZERO = 0x30;
const DIGIT_NINE = 0x39;
/** rrweb's `IncrementalSource.Input`. */
const INPUT_SOURCE = 5;
/** Bytes a JSON number can contain: digits, sign, decimal point and exponent. */
const NUMBER_BYTE = /^[-+.0-9eE]$/;

function isDigit(byte: number | undefined): boolean {
  return byte !== undefined && byte >= DIGIT_ZERO && byte <= DIGIT_NINE;
}

/**
 * Reads the event type from the first bytes, or returns undefined when it is not there. The
 * first `type` key is trusted, although JSON.parse keeps the last of duplicate keys, so the
 * caller must be able to detect a wrong result.
 */
export function peekEventType(raw: Buffer): number | undefined {
  const digit = raw[TYPE_PREFIX.length];
  const after = raw[TYPE_PREFIX.length + 1];
  if (
    isDigit(digit) &&
    (after === COMMA || after === CLOSE_BRACE) &&
    raw.compare(TYPE_PREFIX, 0, TYPE_PREFIX.length, 0, TYPE_PREFIX.length) === 0
  ) {
    return digit! - DIGIT_ZERO;
  }
  const match = LEADING_TYPE.exec(raw.subarray(0, 64).toString('latin1'));
  return match ? Number(match[1]) : undefined;
}

/**
 * Tells whether an event might be an rrweb Input event once parsed, whatever its key order
 * and whitespace. It returns true when any `"source"` key has a number equal to 5 (`5`,
 * `5.0`, `5e0`), or when a `\u` escape could spell a key. Other escapes cannot produce the
 * letters of `source`. JSON.stringify, which rrweb recordings are written with, writes `\u`
 * only for control characters and lone surrogates, so most events are decided without
 * parsing.
 */
export function mightBeInputEvent(raw: Buffer): boolean {
  if (hasUnicodeEscape(raw)) {
    return true;
  }
  for (
    let at = raw.indexOf(SOURCE_KEY);
    at >= 0;
    at = raw.indexOf(SOURCE_KEY, at + SOURCE_KEY.length)
  ) {
    if (numberAfterKey(raw, at + SOURCE_KEY.length) === INPUT_SOURCE) {
      return true;
    }
  }
  return false;
}

/** Tells whether the bytes contain `\u` that is an escape, not an escaped backslash and a `u`. */
function hasUnicodeEscape(raw: Buffer): boolean {
  for (let at = raw.indexOf(UNICODE_ESCAPE); at >= 0; at = raw.indexOf(UNICODE_ESCAPE, at + 2)) {
    let backslashes = 1;
    while (at - backslashes >= 0 && raw[at - backslashes] === BACKSLASH) {
      backslashes++;
    }
    if (backslashes % 2 === 1) {
      return true;
    }
  }
  return false;
}

/**
 * Returns the number that follows `:` after a key ending at `position`, or undefined when no
 * colon and number follow, as for a string value that reads `"source"`.
 */
function numberAfterKey(raw: Buffer, position: number): number | undefined {
  let at = position;
  while (isJsonWhitespace(raw[at])) {
    at++;
  }
  if (raw[at] !== COLON) {
    return undefined;
  }
  at++;
  while (isJsonWhitespace(raw[at])) {
    at++;
  }
  const start = at;
  while (at < raw.length && NUMBER_BYTE.test(String.fromCharCode(raw[at]!))) {
    at++;
  }
  return at > start ? Number(raw.toString('latin1', start, at)) : undefined;
}
