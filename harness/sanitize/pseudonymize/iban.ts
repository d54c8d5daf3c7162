import { IBAN_LENGTHS, ibanCheckDigits, isIbanChecksumValid } from '../detect/checksums.js';
import { fillSlots, toChars, variableSlots, type Slot } from './format-preserving.js';
import { streamFor } from './keyed-stream.js';
import { hasTag, writeTag } from './public-tag.js';

const IBAN_LABEL = 'iban';
const TAG_DIGITS = 4;

/** Returns the last digits of the BBAN, which carry the public tag. */
function tagSlotsOf(bbanSlots: readonly Slot[]): Slot[] {
  const digits = bbanSlots.filter((slot) => slot.slotClass === 'digit');
  return digits.slice(Math.max(0, digits.length - TAG_DIGITS));
}

/**
 * Tells whether a compact IBAN is a pseudonym: mod 97 valid with the public tag in the last
 * four BBAN digits. The tag ignores the check digits, which depend on it.
 */
export function isIbanPseudonym(value: string): boolean {
  const compact = value.replace(/ /g, '').toUpperCase();
  if (!isIbanChecksumValid(compact)) {
    return false;
  }
  const chars = toChars(`${compact.slice(0, 2)}${compact.slice(4)}`);
  const slots = variableSlots(chars.join(''), 2);
  return hasTag(`${IBAN_LABEL}:${compact.slice(0, 2)}`, chars, slots, tagSlotsOf(slots));
}

/**
 * Pseudonymizes an IBAN: the country code, length, spaces and class of every BBAN character
 * are kept, the BBAN gets keyed characters and a public tag, and the check digits are
 * recomputed so the result passes mod 97. National check digits inside the BBAN (the French
 * RIB key, the Italian CIN) are not recomputed.
 * Returns undefined for a value that is not an IBAN of a known country.
 */
export function pseudonymizeIban(value: string, key: Buffer): string | undefined {
  const compact = value.replace(/ /g, '').toUpperCase();
  const country = compact.slice(0, 2);
  if (IBAN_LENGTHS[country] !== compact.length) {
    return undefined;
  }
  const body = toChars(`${country}${compact.slice(4)}`);
  const slots = variableSlots(body.join(''), 2);
  fillSlots(body, slots, streamFor(key, IBAN_LABEL, compact));
  writeTag(`${IBAN_LABEL}:${country}`, body, slots, tagSlotsOf(slots));
  const bban = body.slice(2).join('');
  const replaced = `${country}${ibanCheckDigits(country, bban)}${bban}`;
  let position = 0;
  // Each character keeps its case, so an IBAN typed in lower case stays in lower case.
  return value.replace(/[^ ]/g, (original) => {
    const char = replaced.charAt(position);
    position += 1;
    return original === original.toUpperCase() ? char : char.toLowerCase();
  });
}
