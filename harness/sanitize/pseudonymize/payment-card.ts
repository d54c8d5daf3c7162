import { isLuhnValid, luhnCheckDigit } from '../detect/checksums.js';
import { findCardRange, isInIinRange } from '../detect/payment-card.js';
import { streamFor } from './keyed-stream.js';
import { digitTag } from './public-tag.js';

const CARD_LABEL = 'payment-card';
/** Digits of the public tag before the check digit of a pseudonym with a range prefix. */
const TAG_LENGTH = 3;

/**
 * Public test prefixes by first digit: card numbers that payment providers document for
 * testing (Stripe's 4242 4242…, 5555 5555…, Amex 3782 82…, Discover 6011 11…, Mastercard
 * 2223 00…). A card in an IIN range that contains the prefix of its first digit gets a
 * pseudonym with that prefix. `audit` does not report Luhn-valid numbers with these
 * prefixes, so a real card with one of them would not be reported either.
 */
export const TEST_CARD_PREFIXES: Readonly<Record<string, string>> = {
  '2': '222300',
  '3': '378282',
  '4': '424242',
  '5': '555555',
  '6': '601111',
};

/**
 * Pseudonym prefixes of the other IIN ranges, keyed by the low end of the range, each inside
 * its range. Most are prefixes of test cards in Stripe's list (Diners 3056 93…, 3622 72…,
 * 3852 00…, JCB 3566 00…, UnionPay 6200 00…, 6555 90…). A real card may start with any of
 * them, so these pseudonyms also end in a public tag before the check digit.
 */
export const RANGE_PREFIXES: Readonly<Record<string, string>> = {
  '34': '343434',
  '644': '644444',
  '65': '655590',
  '3528': '356600',
  '300': '305693',
  '3095': '309500',
  '36': '362272',
  '38': '385200',
  '62': '620000',
  '50': '500000',
  '56': '560000',
  '6304': '630400',
  '6759': '675900',
  '6761': '676100',
};

function digitPositions(value: string): number[] {
  const positions: number[] = [];
  for (let index = 0; index < value.length; index += 1) {
    const code = value.charCodeAt(index);
    if (code >= 48 && code <= 57) {
      positions.push(index);
    }
  }
  return positions;
}

/**
 * Returns the prefix of the pseudonym of a card number and whether the pseudonym carries a
 * tag: the test prefix of its first digit when that lies in the card's IIN range, else the
 * range's own prefix. A number of no known network keeps the test prefix of its first digit.
 */
function pseudonymPrefix(digits: string): { prefix: string; tagged: boolean } {
  const first = digits.charAt(0);
  const testPrefix = TEST_CARD_PREFIXES[first];
  const range = findCardRange(digits)?.range;
  if (range !== undefined && (testPrefix === undefined || !isInIinRange(testPrefix, range))) {
    const rangePrefix = RANGE_PREFIXES[range[0]];
    if (rangePrefix !== undefined) {
      return { prefix: rangePrefix, tagged: true };
    }
  }
  return { prefix: testPrefix ?? first, tagged: false };
}

function cardTag(payload: string): string {
  return digitTag(CARD_LABEL, payload, TAG_LENGTH);
}

/** Tells whether a card number starts with its range's prefix and carries the public tag. */
function hasRangeTag(digits: string): boolean {
  const range = findCardRange(digits)?.range;
  const prefix = range === undefined ? undefined : RANGE_PREFIXES[range[0]];
  if (prefix === undefined || !digits.startsWith(prefix)) {
    return false;
  }
  const tagStart = digits.length - 1 - TAG_LENGTH;
  return digits.slice(tagStart, -1) === cardTag(digits.slice(0, tagStart));
}

/**
 * Tells whether `value` is a Luhn-valid card number in a public test range or a card
 * pseudonym with a range prefix and its tag.
 */
export function isTestCardNumber(value: string): boolean {
  if (!/^[0-9][0-9 -]*$/.test(value)) {
    return false;
  }
  const digits = value.replace(/[^0-9]/g, '');
  if (digits.length < 12 || !isLuhnValid(digits)) {
    return false;
  }
  const testPrefix = TEST_CARD_PREFIXES[digits.charAt(0)];
  return (testPrefix !== undefined && digits.startsWith(testPrefix)) || hasRangeTag(digits);
}

/**
 * Pseudonymizes a card number: same length and separators, a prefix in the card's IIN range
 * (see `pseudonymPrefix`), keyed digits after it, the public tag where the prefix needs one,
 * and a fixed Luhn check digit. So the pseudonym is a valid number of the same network. The
 * seed is the digits alone, so `4111 1111 1111 1111` and `4111111111111111` map to the same
 * digits. Returns undefined for a value with fewer than 12 digits.
 */
export function pseudonymizeCard(value: string, key: Buffer): string | undefined {
  const positions = digitPositions(value);
  if (positions.length < 12) {
    return undefined;
  }
  const digits = positions.map((index) => value.charAt(index)).join('');
  const { prefix, tagged } = pseudonymPrefix(digits);
  const stream = streamFor(key, CARD_LABEL, digits);
  const keyedEnd = digits.length - 1 - (tagged ? TAG_LENGTH : 0);
  let payload = prefix;
  while (payload.length < keyedEnd) {
    payload += String(stream.nextInt(10));
  }
  if (tagged) {
    payload += cardTag(payload);
  }
  const replaced = `${payload}${luhnCheckDigit(payload)}`;
  const chars = value.split('');
  positions.forEach((index, position) => {
    chars[index] = replaced.charAt(position);
  });
  return chars.join('');
}
