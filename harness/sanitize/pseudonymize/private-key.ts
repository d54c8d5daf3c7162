import { fillSlots, toChars, variableSlots, type Slot } from './format-preserving.js';
import { streamFor } from './keyed-stream.js';
import { hasTag, writeTag } from './public-tag.js';

const PRIVATE_KEY_LABEL = 'private-key';
const TAG_LENGTH = 8;

/**
 * Returns the `[from, to)` range of the body after the BEGIN line: up to the END line, or to
 * the end of the value when a cut-off text lost the END line.
 */
export function privateKeyBody(value: string): { from: number; to: number } | undefined {
  const beginEnd = value.indexOf('-----', 5);
  if (!value.startsWith('-----BEGIN') || beginEnd < 0) {
    return undefined;
  }
  const from = beginEnd + 5;
  const endStart = value.lastIndexOf('-----END');
  return { from, to: endStart >= from ? endStart : value.length };
}

function tagSlotsOf(slots: readonly Slot[]): readonly Slot[] {
  return slots.slice(Math.max(0, slots.length - TAG_LENGTH));
}

/** Tells whether a private key block is a pseudonym, by the public tag ending its body. */
export function isPrivateKeyPseudonym(value: string): boolean {
  const body = privateKeyBody(value);
  if (body === undefined) {
    return false;
  }
  const slots = variableSlots(value, body.from, body.to);
  return hasTag(PRIVATE_KEY_LABEL, toChars(value), slots, tagSlotsOf(slots));
}

/**
 * Pseudonymizes a PEM or OpenPGP private key block, also one cut off before its END line.
 * The BEGIN and END lines, line breaks (also `\n` escapes inside JSON) and base64
 * punctuation stay. Every letter and digit of the body (armour headers included) gets a
 * keyed one of its class, and the body ends in a public tag, so the result does not parse
 * as a key. Returns undefined for a value that does not start with a BEGIN line.
 */
export function pseudonymizePrivateKey(value: string, key: Buffer): string | undefined {
  const body = privateKeyBody(value);
  if (body === undefined) {
    return undefined;
  }
  const chars = toChars(value);
  const slots = variableSlots(value, body.from, body.to);
  fillSlots(chars, slots, streamFor(key, PRIVATE_KEY_LABEL, value));
  writeTag(PRIVATE_KEY_LABEL, chars, slots, tagSlotsOf(slots));
  return chars.join('');
}
