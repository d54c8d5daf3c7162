import { describe, expect, it } from 'vitest';
import { createDetectors, findAll } from './index.js';

const detectors = createDetectors({}, 'US');

function values(text: string): string[] {
  return findAll(text, detectors).map((finding) => `${finding.detector}:${finding.value}`);
}

describe('built-in detectors in percent-encoded text', () => {
  it.each([
    ['client%2081.2.69.142%20connected', 'ipv4:81.2.69.142'],
    ['to=%20alice%40contoso.io', 'email:alice%40contoso.io'],
    ['card%3A%204532015112830366%0A', 'payment-card:4532015112830366'],
    ['ssn%3D123-45-6789', 'us-ssn:123-45-6789'],
    ['iban%3DDE89370400440532013000', 'iban:DE89370400440532013000'],
    [
      'Authorization%3A%20Bearer%20W8c5ci9q1fp4rNWiLLgNGOlSnVM5whEd',
      'bearer-token:W8c5ci9q1fp4rNWiLLgNGOlSnVM5whEd',
    ],
    [
      'key%3D' + ['AKIA', 'Q3EGV7ZTXW4LMRNP'].join(''),
      `api-key:${['AKIA', 'Q3EGV7ZTXW4LMRNP'].join('')}`,
    ],
  ])('finds the value in %s', (text, expected) => {
    expect(values(text)).toEqual([expected]);
  });

  it('takes no digits of an escape into a number', () => {
    expect(values('client%20192.0.2.162%20connected')).toEqual(['ipv4:192.0.2.162']);
  });
});
