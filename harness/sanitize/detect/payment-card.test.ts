import { describe, expect, it } from 'vitest';
import { hasKnownIin, isCardNumber, paymentCardDetector } from './payment-card.js';

function values(text: string): string[] {
  return paymentCardDetector.find(text).map((finding) => finding.value);
}

describe('paymentCardDetector', () => {
  it.each([
    ['Visa 4532 0151 1283 0366 exp', '4532 0151 1283 0366'],
    ['{"pan":"5404487423567916"}', '5404487423567916'],
    ['Amex 3714-496353-98431', '3714-496353-98431'],
    ['4532 0151 1283 0366 12', '4532 0151 1283 0366'],
    ['qty 2 4532 0151 1283 0366', '4532 0151 1283 0366'],
    ['visa13 4916338506085', '4916338506085'],
  ])('finds the card in %s', (text, expected) => {
    expect(values(text)).toEqual([expected]);
  });

  it.each([
    ['epoch milliseconds', '1796402758560'],
    ['a Luhn failure', '4532 0151 1283 0367'],
    ['mixed separators', '4532-0151 1283 0366'],
    ['an unknown IIN', '9999 9999 9999 9995'],
    ['a longer digit run', '45320151128303661'],
    ['a decimal', '0.4532015112830366'],
    ['an identifier suffix', 'order-4532015112830366'],
  ])('finds nothing in %s', (_case, text) => {
    expect(values(text)).toEqual([]);
  });
});

describe('paymentCardDetector on runs of digit groups', () => {
  it.each([
    ['4111111111111111 4539148803436467', ['4111111111111111', '4539148803436467']],
    ['4111 1111 1111 1111 4539 1488 0343 6467', ['4111 1111 1111 1111', '4539 1488 0343 6467']],
    ['at 1700000000000 4111 1111 1111 1111', ['4111 1111 1111 1111']],
    ['ref 0000 0000 4111-1111-1111-1111', ['4111-1111-1111-1111']],
  ])('finds every card in %s', (text, expected) => {
    expect(values(text)).toEqual(expected);
  });

  it('finds the card after a long run of groups', () => {
    const text = `${'4111 1111 '.repeat(8_000)}x 4532 0151 1283 0366`;
    expect(values(text).at(-1)).toBe('4532 0151 1283 0366');
  });
});

describe('isCardNumber', () => {
  it('accepts a Luhn-valid number with a known IIN and length', () => {
    expect(isCardNumber('6011000990139424')).toBe(true);
  });

  it('rejects a Visa number of a length Visa does not issue', () => {
    expect(hasKnownIin('45320151128303')).toBe(false);
  });
});
