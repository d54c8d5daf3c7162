import type { Finding } from '../types.js';
import { IBAN_LENGTHS, isIbanChecksumValid } from './checksums.js';
import { isWordAt, isWordBefore, type Detector } from './detector.js';
import { CHARACTER, hasCharacters } from './text-profile.js';

const CANDIDATE = /([A-Z]{2})\d{2}(?: ?[A-Z0-9]){11,30}/g;
/**
 * The same in lower case, as typed into a field that shows it upper-cased (`text-transform`).
 * Letters of both cases in one value are not taken for an IBAN.
 */
const LOWER_CASE_CANDIDATE = /([a-z]{2})\d{2}(?: ?[a-z0-9]){11,30}/g;

/** Returns the prefix of `candidate` holding exactly `length` IBAN characters, spaces kept. */
function takeCharacters(candidate: string, length: number): string | undefined {
  let count = 0;
  for (let index = 0; index < candidate.length; index += 1) {
    if (candidate.charAt(index) !== ' ') {
      count += 1;
    }
    if (count === length) {
      return candidate.slice(0, index + 1);
    }
  }
  return undefined;
}

/**
 * Finds IBANs in upper or lower case, compact or in groups of four: a known country code,
 * that country's length and a valid mod 97 check.
 */
export const ibanDetector: Detector = {
  name: 'iban',
  // Norway's IBANs are the shortest, with 15 characters.
  mayMatch: (text, profile) =>
    text.length >= 15 &&
    profile.digits >= 2 &&
    ((hasCharacters(profile, CHARACTER.upper) && /[A-Z]{2}\d{2}/.test(text)) ||
      (hasCharacters(profile, CHARACTER.lower) && /[a-z]{2}\d{2}/.test(text))),
  find(text) {
    return [...findIbans(text, CANDIDATE), ...findIbans(text, LOWER_CASE_CANDIDATE)].sort(
      (left, right) => left.start - right.start,
    );
  },
};

/** Finds the IBANs that one candidate pattern matches. */
function findIbans(text: string, candidate: RegExp): Finding[] {
  const findings: Finding[] = [];
  for (const match of text.matchAll(candidate)) {
    // The country code must start a word. A lookbehind in the regex would slow the search.
    if (isWordBefore(text, match.index)) {
      continue;
    }
    const length = IBAN_LENGTHS[(match[1] ?? '').toUpperCase()];
    const value = length === undefined ? undefined : takeCharacters(match[0], length);
    if (value === undefined) {
      continue;
    }
    const end = match.index + value.length;
    if (!isWordAt(text, end) && isIbanChecksumValid(value.replace(/ /g, '').toUpperCase())) {
      findings.push({ detector: 'iban', start: match.index, end, value });
    }
  }
  return findings;
}
