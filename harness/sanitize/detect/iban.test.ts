import { describe, expect, it } from 'vitest';
import { ibanDetector } from './iban.js';

function values(text: string): string[] {
  return ibanDetector.find(text).map((finding) => finding.value);
}

describe('ibanDetector', () => {
  it.each([
    ['IBAN: DE89370400440532013000', 'DE89370400440532013000'],
    ['to GB29 NWBK 6016 1331 9268 19 today', 'GB29 NWBK 6016 1331 9268 19'],
    ['GB29 NWBK 6016 1331 9268 19 EUR', 'GB29 NWBK 6016 1331 9268 19'],
    ['{"iban":"FR1420041010050500013M02606"}', 'FR1420041010050500013M02606'],
    ['typed in lower case: de89370400440532013000', 'de89370400440532013000'],
    ['gb29 nwbk 6016 1331 9268 19', 'gb29 nwbk 6016 1331 9268 19'],
  ])('finds the IBAN in %s', (text, expected) => {
    expect(values(text)).toEqual([expected]);
  });

  it.each([
    ['a wrong check digit', 'DE88370400440532013000'],
    ['a wrong length', 'DE8937040044053201300'],
    ['an unknown country', 'ZZ89370400440532013000'],
    ['a longer word', 'XDE89370400440532013000'],
    ['letters of both cases', 'gb29 NWBK 6016 1331 9268 19'],
    ['a lower-case wrong check digit', 'de88370400440532013000'],
  ])('finds nothing with %s', (_case, text) => {
    expect(values(text)).toEqual([]);
  });
});
