import {
  parsePhoneNumberFromString,
  type CountryCode,
  type PhoneNumber,
} from 'libphonenumber-js/max';
import { findPhoneNumbers, parsePhoneNumber } from '../detect/phone.js';
import { streamFor } from './keyed-stream.js';
import { digitTag } from './public-tag.js';

const PHONE_LABEL = 'phone';
/** Candidates tried before giving up; each is valid with a probability of 10 % or more. */
const MAX_ATTEMPTS = 200;
/** Attempts that keep the first digit of the national number (mobile or area prefix). */
const ATTEMPTS_KEEPING_FIRST_DIGIT = 60;

function tagLength(nationalLength: number): number {
  if (nationalLength >= 9) {
    return 4;
  }
  return nationalLength >= 7 ? 3 : 2;
}

function phoneTag(callingCode: string, head: string, length: number): string {
  return digitTag(PHONE_LABEL, `${callingCode}:${head}`, length);
}

function hasPhoneTag(number: PhoneNumber): boolean {
  const national = number.nationalNumber as string;
  const length = tagLength(national.length);
  const head = national.slice(0, national.length - length);
  return national.slice(head.length) === phoneTag(number.countryCallingCode, head, length);
}

/**
 * Tells whether `value` is a phone pseudonym: the last digits of its national number are the
 * public tag of the calling code and the digits before them.
 */
export function isPhonePseudonym(value: string, defaultRegion: CountryCode): boolean {
  const number = parsePhoneNumber(value, defaultRegion);
  return number !== undefined && hasPhoneTag(number);
}

function writeDigits(value: string, from: number, digits: string): string {
  let position = 0;
  let seen = 0;
  return value.replace(/[0-9]/g, (digit) => {
    seen += 1;
    if (seen <= from || position >= digits.length) {
      return digit;
    }
    const char = digits.charAt(position);
    position += 1;
    return char;
  });
}

/** Tells whether the phone detector finds `text` whole, as one valid tagged number. */
function roundTrips(text: string, region: CountryCode, country: string | undefined): boolean {
  const found = findPhoneNumbers(text, region);
  const only = found[0];
  return (
    found.length === 1 &&
    only !== undefined &&
    only.startsAt === 0 &&
    only.endsAt === text.length &&
    only.number.country === country &&
    hasPhoneTag(only.number)
  );
}

function candidateDigits(national: string, attempt: number, seed: string, key: Buffer): string {
  const stream = streamFor(key, PHONE_LABEL, seed, attempt);
  const length = tagLength(national.length);
  let head = attempt < ATTEMPTS_KEEPING_FIRST_DIGIT ? national.charAt(0) : '';
  while (head.length < national.length - length) {
    head += String(stream.nextInt(10));
  }
  return head;
}

/**
 * Pseudonymizes a phone number: the calling code, national prefix and formatting stay, the
 * national number gets keyed digits ending in a public tag, and candidates are drawn until
 * libphonenumber validates one for the same region. The seed is the E.164 form, so
 * `(201) 555-0123` and `+1 201-555-0123` get the same digits, and so do `+49 30 901820` and
 * `0049 30 901820`, whose `00` stays. An extension gets keyed digits.
 * Returns undefined when the value is not a phone number or no candidate validates.
 */
export function pseudonymizePhone(
  value: string,
  key: Buffer,
  defaultRegion: CountryCode,
): string | undefined {
  const number = parsePhoneNumber(value, defaultRegion);
  if (number === undefined) {
    return undefined;
  }
  const digits = value.replace(/[^0-9]/g, '');
  const extension = number.ext ?? '';
  const national = number.nationalNumber as string;
  const main = digits.slice(0, digits.length - extension.length);
  if (!main.endsWith(national)) {
    return undefined;
  }
  const seed = `${number.number}${extension === '' ? '' : `x${extension}`}`;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
    const head = candidateDigits(national, attempt, seed, key);
    const length = national.length - head.length;
    const replaced = `${head}${phoneTag(number.countryCallingCode, head, length)}`;
    const candidate = parsePhoneNumberFromString(`+${number.countryCallingCode}${replaced}`);
    if (candidate === undefined || !candidate.isValid() || candidate.country !== number.country) {
      continue;
    }
    const stream = streamFor(key, `${PHONE_LABEL}-extension`, seed);
    const newExtension = extension.replace(/[0-9]/g, () => String(stream.nextInt(10)));
    const rendered = writeDigits(
      value,
      main.length - national.length,
      `${replaced}${newExtension}`,
    );
    if (roundTrips(rendered, defaultRegion, number.country)) {
      return rendered;
    }
  }
  return undefined;
}
