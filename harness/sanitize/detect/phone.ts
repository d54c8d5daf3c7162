import {
  findPhoneNumbersInText,
  parsePhoneNumberFromString,
  type CountryCode,
  type PhoneNumber,
} from 'libphonenumber-js/max';
import type { Finding } from '../types.js';
import { isWordAt, isWordBefore, type Detector } from './detector.js';

/** A run of digits with phone separators, an optional `+` and an optional extension. */
const CANDIDATE =
  /\+?\(?\d[\d \u00a0().-]{5,24}\d(?:[ \u00a0]*(?:[eE][xX][tT]\.?|x|#)[ \u00a0]*\d{1,6})?/g;
const DATE_LIKE = /^(?:\d{4}[-.]\d{1,2}[-.]\d{1,2}|\d{1,2}[-.]\d{1,2}[-.]\d{2,4})(?!\d)/;
const IPV4_LIKE = /^\d{1,3}(?:\.\d{1,3}){3}$/;
const DECIMAL = /^\d+\.\d+$/;

/** Distinct candidates whose libphonenumber results are remembered; the memory starts over beyond it. */
const REMEMBERED_CANDIDATES = 10_000;

/** `00` and the first digit of a calling code, as dialled where `00` is the international prefix. */
const DOUBLE_ZERO_PREFIX = /^00[1-9]/;

/** A phone number found in a text, as libphonenumber reports it. */
export interface FoundPhoneNumber {
  startsAt: number;
  endsAt: number;
  number: PhoneNumber;
}

/**
 * Finds valid phone numbers in `text` with libphonenumber. When it finds none and the text
 * starts with `00` and a digit, it looks again with the `00` read as `+`, because
 * libphonenumber strips only the default region's own international prefix (`011` in the US).
 */
export function findPhoneNumbers(text: string, defaultRegion: CountryCode): FoundPhoneNumber[] {
  const found = findPhoneNumbersInText(text, defaultRegion);
  if (found.length > 0 || !DOUBLE_ZERO_PREFIX.test(text)) {
    return found;
  }
  // ` +` keeps the offsets; a number found at the `+` starts at the `00`.
  return findPhoneNumbersInText(` +${text.slice(2)}`, defaultRegion).map((match) => ({
    startsAt: match.startsAt === 1 ? 0 : match.startsAt,
    endsAt: match.endsAt,
    number: match.number,
  }));
}

/**
 * Parses a phone number like `parsePhoneNumberFromString`, reading a leading `00` as `+`
 * when the number is not valid otherwise (see `findPhoneNumbers`).
 */
export function parsePhoneNumber(
  value: string,
  defaultRegion: CountryCode,
): PhoneNumber | undefined {
  const number = parsePhoneNumberFromString(value, defaultRegion);
  if ((number !== undefined && number.isValid()) || !DOUBLE_ZERO_PREFIX.test(value)) {
    return number;
  }
  return parsePhoneNumberFromString(`+${value.slice(2)}`, defaultRegion) ?? number;
}

/** Ten digits not starting with 1 (not epoch seconds), or eleven: a plain national number. */
function isNationalLength(digits: string): boolean {
  return (digits.length === 10 && !digits.startsWith('1')) || digits.length === 11;
}

/**
 * Tells whether a candidate looks like a phone number before libphonenumber is asked:
 * a `+`, or separators that are not a date, a decimal or an IPv4 address, or a plain run
 * of 10 or 11 digits (a national number). This keeps epoch milliseconds (13 digits),
 * epoch seconds, node ids and decimals out, and keeps libphonenumber off most digits.
 */
export function looksLikePhone(candidate: string): boolean {
  if (/^\d+$/.test(candidate)) {
    return isNationalLength(candidate);
  }
  const main = candidate.replace(/(?:[eE][xX][tT]\.?|x|#).*$/, '').trim();
  const digits = main.replace(/\D/g, '');
  if (digits.length < 7 || digits.length > 15) {
    return false;
  }
  if (main.startsWith('+')) {
    return true;
  }
  if (/^\d+$/.test(main)) {
    return isNationalLength(main);
  }
  return !DATE_LIKE.test(main) && !IPV4_LIKE.test(main) && !DECIMAL.test(main);
}

/**
 * Creates the phone number detector: candidates that look like phone numbers, validated by
 * libphonenumber (leniency VALID, full metadata) with `defaultRegion` for numbers written
 * without a calling code. A leading `00` counts as `+` in any region.
 */
export function createPhoneDetector(defaultRegion: CountryCode): Detector {
  // libphonenumber's result depends only on the candidate and the region, and it costs far
  // more than a lookup. The same numbers (and typed prefixes of them) recur in a recording.
  let remembered = new Map<string, ReadonlyArray<{ startsAt: number; endsAt: number }>>();
  const findInCandidate = (candidate: string) => {
    let found = remembered.get(candidate);
    if (found === undefined) {
      found = findPhoneNumbers(candidate, defaultRegion).map(({ startsAt, endsAt }) => ({
        startsAt,
        endsAt,
      }));
      if (remembered.size >= REMEMBERED_CANDIDATES) {
        remembered = new Map();
      }
      remembered.set(candidate, found);
    }
    return found;
  };
  return {
    name: 'phone',
    // `looksLikePhone` accepts no number with fewer than seven digits.
    mayMatch: (_text, profile) => profile.digits >= 7,
    find(text) {
      const findings: Finding[] = [];
      CANDIDATE.lastIndex = 0;
      for (let match = CANDIDATE.exec(text); match !== null; match = CANDIDATE.exec(text)) {
        const start = match.index;
        const end = start + match[0].length;
        const before = text.charAt(start - 1);
        if (before === '%') {
          // The first two digits belong to a percent-encoding (`%20`): look again after them.
          CANDIDATE.lastIndex = start + 2;
          continue;
        }
        if (isWordBefore(text, start) || before === '.' || before === '-' || isWordAt(text, end)) {
          continue;
        }
        if (!looksLikePhone(match[0])) {
          continue;
        }
        for (const found of findInCandidate(match[0])) {
          const value = match[0].slice(found.startsAt, found.endsAt);
          if (looksLikePhone(value)) {
            findings.push({
              detector: 'phone',
              start: start + found.startsAt,
              end: start + found.endsAt,
              value,
            });
          }
        }
      }
      return findings;
    },
  };
}
