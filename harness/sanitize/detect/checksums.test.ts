import { describe, expect, it } from 'vitest';
import { ibanCheckDigits, isIbanChecksumValid, isLuhnValid, luhnCheckDigit } from './checksums.js';

describe('checksums', () => {
  it('validates Luhn numbers', () => {
    expect(isLuhnValid('4532015112830366')).toBe(true);
    expect(isLuhnValid('4532015112830367')).toBe(false);
  });

  it('computes the Luhn check digit', () => {
    expect(luhnCheckDigit('453201511283036')).toBe('6');
  });

  it('validates IBANs by mod 97', () => {
    expect(isIbanChecksumValid('GB29NWBK60161331926819')).toBe(true);
    expect(isIbanChecksumValid('GB28NWBK60161331926819')).toBe(false);
  });

  it('computes IBAN check digits', () => {
    expect(ibanCheckDigits('DE', '370400440532013000')).toBe('89');
  });
});
