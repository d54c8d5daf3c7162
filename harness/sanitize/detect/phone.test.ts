import { describe, expect, it } from 'vitest';
import { createPhoneDetector, looksLikePhone } from './phone.js';

const detector = createPhoneDetector('US');

function values(text: string): string[] {
  return detector.find(text).map((finding) => finding.value);
}

describe('createPhoneDetector', () => {
  it.each([
    ['Call +1 (415) 555-2671 now', '+1 (415) 555-2671'],
    ['{"phone":"(212) 555-0147"}', '(212) 555-0147'],
    ['fax 415.555.2671', '415.555.2671'],
    ['plain 2125550147 digits', '2125550147'],
    ['London +44 20 7946 0958', '+44 20 7946 0958'],
    ['Paris +33 1 99 00 12 34', '+33 1 99 00 12 34'],
    ['desk +1 201 555 0123 ext. 45', '+1 201 555 0123 ext. 45'],
  ])('finds the number in %s', (text, expected) => {
    expect(values(text)).toEqual([expected]);
  });

  it.each([
    ['Berlin 0049 30 901820 12 ask for Anna', '0049 30 901820 12'],
    ['{"tel":"0033 1 42 68 53 00"}', '0033 1 42 68 53 00'],
    ['London 0044 20 7946 0958.', '0044 20 7946 0958'],
  ])('reads a leading 00 as + in %s', (text, expected) => {
    expect(values(text)).toEqual([expected]);
  });

  it('keeps a 00 number the region dials as its own prefix', () => {
    const german = createPhoneDetector('DE');
    expect(german.find('Tel. 0049 30 901820 12').map((finding) => finding.value)).toEqual([
      '0049 30 901820 12',
    ]);
  });

  it('finds national numbers of the configured region', () => {
    const british = createPhoneDetector('GB');
    expect(british.find('ring 020 7946 0958 today').map((finding) => finding.value)).toEqual([
      '020 7946 0958',
    ]);
  });

  it.each([
    '1796402758560',
    'epoch 1796402758',
    '2026-11-04 09:15:27',
    '04.11.2026',
    'v10.0.19041.1',
    '192.168.100.200',
    'pi 3.14159265358979',
    '{"id":1042,"x":318,"y":77}',
    '555-0123',
    'id-2125550147',
    'abc2125550147',
    '0000 0000 0000',
    '00 12 34 56',
  ])('finds nothing in %s', (text) => {
    expect(values(text)).toEqual([]);
  });
});

describe('looksLikePhone', () => {
  it.each([
    ['+1 415 555 2671', true],
    ['(415) 555-2671', true],
    ['4155552671', true],
    ['1796402758', false],
    ['1796402758560', false],
    ['2026-11-04', false],
    ['3.14159265', false],
    ['10.0.0.1', false],
  ])('returns %s for %s', (candidate, expected) => {
    expect(looksLikePhone(candidate)).toBe(expected);
  });
});
