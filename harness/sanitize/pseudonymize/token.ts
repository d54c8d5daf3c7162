import { fillSlots, toChars, variableSlots } from './format-preserving.js';
import { streamFor } from './keyed-stream.js';
import { hasTag, tokenTagLength, writeTag } from './public-tag.js';

const TOKEN_LABEL = 'token';

/**
 * Pseudonymizes an opaque value (a token, an API key, a URL secret, a custom match): same
 * length and class per position, the first `fixedPrefix` characters kept (`sk_live_`),
 * and a public tag in the last letters and digits. Every token detector shares one seed
 * label, so a token sent as a bearer header and as a URL parameter gets one pseudonym.
 */
export function pseudonymizeToken(value: string, key: Buffer, fixedPrefix = 0): string {
  const chars = toChars(value);
  const slots = variableSlots(value);
  const replaceable = slots.filter((slot) => slot.index >= fixedPrefix);
  const tagCount = Math.min(tokenTagLength(slots.length), replaceable.length);
  fillSlots(chars, replaceable, streamFor(key, TOKEN_LABEL, value));
  writeTag(TOKEN_LABEL, chars, slots, slots.slice(slots.length - tagCount));
  return chars.join('');
}

/** Tells whether `value` is a token pseudonym, by its public tag. */
export function isTokenPseudonym(value: string): boolean {
  const slots = variableSlots(value);
  const tagCount = tokenTagLength(slots.length);
  return hasTag(TOKEN_LABEL, toChars(value), slots, slots.slice(slots.length - tagCount));
}
