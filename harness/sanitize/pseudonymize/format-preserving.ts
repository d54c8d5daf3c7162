import type { KeyedStream } from './keyed-stream.js';

/** The class of a replaceable character, kept by every format-preserving replacement. */
export type SlotClass = 'digit' | 'lower' | 'upper';

/** A replaceable character of a value: its UTF-16 index and class. */
export interface Slot {
  index: number;
  slotClass: SlotClass;
}

const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const DIGITS = '0123456789';
const HEX = /^[0-9A-Fa-f]{4}$/;
const HEX_PAIR = /^[0-9A-Fa-f]{2}$/;

/** Returns the alphabet of a slot class. */
export function alphabetOf(slotClass: SlotClass): string {
  if (slotClass === 'digit') {
    return DIGITS;
  }
  return slotClass === 'lower' ? LOWER : UPPER;
}

function classify(char: string): SlotClass | undefined {
  const code = char.charCodeAt(0);
  if (code >= 48 && code <= 57) {
    return 'digit';
  }
  if (code >= 97 && code <= 122) {
    return 'lower';
  }
  if (code >= 65 && code <= 90) {
    return 'upper';
  }
  if (code < 128 || (code >= 0xd800 && code <= 0xdfff)) {
    return undefined;
  }
  // Non-ASCII letters and digits become ASCII ones of the same class, so a name such as
  // "Jürgen" leaves no letter behind. The UTF-16 length stays the same.
  if (/\p{Lu}/u.test(char)) {
    return 'upper';
  }
  if (/\p{Ll}|\p{Lo}/u.test(char)) {
    return 'lower';
  }
  return /\p{Nd}/u.test(char) ? 'digit' : undefined;
}

/**
 * Returns the index after the escape that starts at `index`. A run of backslashes counts as
 * one, so text escaped twice (`\\n` in a JSON string that contains JSON) keeps the same letters
 * fixed as text escaped once (`\n`): the letter after the run, or `u` and four hex digits.
 * Any other character after the run is left to the caller.
 */
function skipEscape(value: string, index: number): number {
  let next = index + 1;
  while (value.charAt(next) === '\\') {
    next += 1;
  }
  const escaped = value.charAt(next);
  if (escaped === 'u' && HEX.test(value.slice(next + 1, next + 5))) {
    return next + 5;
  }
  return /[A-Za-z]/.test(escaped) ? next + 1 : next;
}

/**
 * Returns the letters and digits of `value[from, to)` that a replacement may change.
 * Backslash escapes (`\n`, `\u00e9`) and percent-encodings (`%2F`) stay fixed, so a value
 * taken from JSON or a URL stays well formed after replacement.
 */
export function variableSlots(value: string, from = 0, to = value.length): Slot[] {
  const slots: Slot[] = [];
  let index = from;
  while (index < to) {
    const char = value.charAt(index);
    if (char === '\\') {
      index = skipEscape(value, index);
      continue;
    }
    if (char === '%' && HEX_PAIR.test(value.slice(index + 1, index + 3))) {
      index += 3;
      continue;
    }
    const slotClass = classify(char);
    if (slotClass !== undefined) {
      slots.push({ index, slotClass });
    }
    index += 1;
  }
  return slots;
}

/** Replaces every slot in `chars` by a character of the same class drawn from `stream`. */
export function fillSlots(chars: string[], slots: readonly Slot[], stream: KeyedStream): void {
  for (const slot of slots) {
    const alphabet = alphabetOf(slot.slotClass);
    chars[slot.index] = alphabet.charAt(stream.nextInt(alphabet.length));
  }
}

/** Returns `value` with the slots in `[from, to)` masked: digits by `X`, letters by `*`. */
export function maskRange(value: string, from = 0, to = value.length): string {
  const chars = Array.from({ length: value.length }, (_, index) => value.charAt(index));
  for (const slot of variableSlots(value, from, to)) {
    chars[slot.index] = slot.slotClass === 'digit' ? 'X' : '*';
  }
  return chars.join('');
}

/** Splits a string into UTF-16 code units, so indexes match `Slot.index`. */
export function toChars(value: string): string[] {
  return Array.from({ length: value.length }, (_, index) => value.charAt(index));
}
