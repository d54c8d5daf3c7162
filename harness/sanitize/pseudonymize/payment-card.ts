import { isLuhnValid, luhnCheckDigit } from '../detect/checksums.js';
import { streamFor } from './keyed-stream.js';

/**
 * Card pseudonyms start with a public test prefix for the card's first digit: card numbers
 * that payment providers document for testing (Stripe's 4242 4242…, 5555 5555…, Amex
 * 3782 82…, Discover 6011 11…, Mastercard 2223 00…). `audit` does not report Luhn-valid
 * numbers in these ranges, so a real card in one of them would not be reported either.
 */
export const TEST_CARD_PREFIXES: Readonly<Record<string, string>> = {
  '2': '222300',
  '3': '378282',
  '4': '424242',
  '5': '555555',
  '6': '601111',
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

/** Tells whether `value` is a Luhn-valid card number in a public test range. */
export function isTestCardNumber(value: string): boolean {
  if (!/^[0-9][0-9 -]*$/.test(value)) {
    return false;
  }
  const digits = value.replace(/[^0-9]/g, '');
  const prefix = TEST_CARD_PREFIXES[digits.charAt(0)];
  return (
    digits.length >= 12 && prefix !== undefined && digits.startsWith(prefix) && isLuhnValid(digits)
  );
}

/**
 * Pseudonymizes a card number: same length and separators, the first digit kept, the test
 * prefix of that digit, keyed digits after it and a fixed Luhn check digit. The seed is the
 * digits alone, so `4111 1111 1111 1111` and `4111111111111111` map to the same digits.
 * Returns undefined for a value with fewer than 12 digits.
 */
export function pseudonymizeCard(value: string, key: Buffer): string | undefined {
  const positions = digitPositions(value);
  if (positions.length < 12) {
    return undefined;
  }
  const digits = positions.map((index) => value.charAt(index)).join('');
  const first = digits.charAt(0);
  const prefix = TEST_CARD_PREFIXES[first] ?? first;
  const stream = streamFor(key, 'payment-card', digits);
  let payload = prefix;
  while (payload.length < digits.length - 1) {
    payload += String(stream.nextInt(10));
  }
  const replaced = `${payload}${luhnCheckDigit(payload)}`;
  const chars = value.split('');
  positions.forEach((index, position) => {
    chars[index] = replaced.charAt(position);
  });
  return chars.join('');
}
