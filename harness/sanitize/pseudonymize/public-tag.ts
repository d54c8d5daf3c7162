import { createHash } from 'node:crypto';
import { alphabetOf, type Slot } from './format-preserving.js';

/**
 * Public tags make pseudonyms recognizable without the key, so `audit` passes on sanitized
 * output. A tag is a few characters of a pseudonym computed by an unkeyed SHA-256 over the
 * rest of it. The keyed part hides the original value; the tag only marks the result.
 * A real value carries a valid tag by chance with probability 1 / (alphabet size ^ length),
 * and such a value is then not reported by `audit`.
 */
const TAG_DOMAIN = 'replaygate-pseudonym-v1';

/** Length of the tag of a value with `slotCount` replaceable characters. */
export function tokenTagLength(slotCount: number): number {
  if (slotCount >= 24) {
    return 8;
  }
  if (slotCount >= 12) {
    return 6;
  }
  return Math.floor(slotCount / 2);
}

/**
 * Hashes the characters of `slots` that are not tag slots. Separators, escapes (`\n`) and
 * percent-encodings are left out, so a pseudonym keeps its tag when the text around it is
 * JSON-decoded or URL-decoded.
 */
function tagDigest(
  label: string,
  chars: readonly string[],
  slots: readonly Slot[],
  tagSlots: readonly Slot[],
): Buffer {
  const tagIndexes = new Set(tagSlots.map((slot) => slot.index));
  let covered = '';
  for (const slot of slots) {
    if (!tagIndexes.has(slot.index)) {
      covered += chars[slot.index] ?? '';
    }
  }
  return createHash('sha256').update(`${TAG_DOMAIN}\u0000${label}\u0000${covered}`).digest();
}

function expectedTag(
  label: string,
  chars: readonly string[],
  slots: readonly Slot[],
  tagSlots: readonly Slot[],
): string[] {
  const digest = tagDigest(label, chars, slots, tagSlots);
  return tagSlots.map((slot, position) => {
    const alphabet = alphabetOf(slot.slotClass);
    const byteValue = digest.readUInt16BE((position * 2) % (digest.length - 1));
    return alphabet.charAt(byteValue % alphabet.length);
  });
}

/**
 * Writes into `tagSlots` the tag of the other `slots` of `chars`; `tagSlots` must be a
 * subset of `slots`.
 */
export function writeTag(
  label: string,
  chars: string[],
  slots: readonly Slot[],
  tagSlots: readonly Slot[],
): void {
  const tag = expectedTag(label, chars, slots, tagSlots);
  tagSlots.forEach((slot, position) => {
    chars[slot.index] = tag[position] as string;
  });
}

/** Tells whether `chars` carries the tag of `label` in `tagSlots`; an empty tag never counts. */
export function hasTag(
  label: string,
  chars: readonly string[],
  slots: readonly Slot[],
  tagSlots: readonly Slot[],
): boolean {
  if (tagSlots.length === 0) {
    return false;
  }
  const tag = expectedTag(label, chars, slots, tagSlots);
  return tagSlots.every((slot, position) => chars[slot.index] === tag[position]);
}

/** Returns a decimal tag of `length` digits for digit-only formats (phones, SSNs). */
export function digitTag(label: string, input: string, length: number): string {
  const digest = createHash('sha256').update(`${TAG_DOMAIN}\u0000${label}\u0000${input}`).digest();
  const value = digest.readUInt32BE(0) % 10 ** length;
  return String(value).padStart(length, '0');
}
