import { isIPv4, isIPv6 } from 'node:net';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { describe, expect, it } from 'vitest';
import { isIbanChecksumValid, isLuhnValid } from '../detect/checksums.js';
import { isReservedEmail, pseudonymizeEmail } from './email.js';
import { isIbanPseudonym, pseudonymizeIban } from './iban.js';
import {
  isDocumentationIpv4,
  isDocumentationIpv6,
  pseudonymizeIpv4,
  pseudonymizeIpv6,
} from './ip-address.js';
import { isTestCardNumber, pseudonymizeCard } from './payment-card.js';
import { isPhonePseudonym, pseudonymizePhone } from './phone.js';
import { isPrivateKeyPseudonym, pseudonymizePrivateKey } from './private-key.js';
import { isTokenPseudonym, pseudonymizeToken } from './token.js';
import { isSsnPseudonym, pseudonymizeSsn } from './us-ssn.js';

const KEY = Buffer.alloc(32, 9);
const OTHER_KEY = Buffer.alloc(32, 10);

describe('pseudonymizeEmail', () => {
  it('keeps the local part shape and moves the domain to .example', () => {
    const pseudonym = pseudonymizeEmail('Alice.Martin@northwind.co.uk', KEY) ?? '';
    expect(pseudonym).toMatch(/^[A-Z][a-z]{4}\.[A-Z][a-z]{5}@[a-z]{9}-[a-z]{2}\.example$/);
    expect(isReservedEmail(pseudonym)).toBe(true);
  });

  it('maps case variants to the same letters', () => {
    const lower = pseudonymizeEmail('alice@contoso.io', KEY) ?? '';
    const mixed = pseudonymizeEmail('Alice@Contoso.io', KEY) ?? '';
    expect(mixed.toLowerCase()).toBe(lower);
  });

  it('gives one pseudonym domain per domain', () => {
    const first = pseudonymizeEmail('alice@contoso.io', KEY) ?? '';
    const second = pseudonymizeEmail('bob@contoso.io', KEY) ?? '';
    expect(first.split('@')[1]).toBe(second.split('@')[1]);
  });

  it('returns undefined without @', () => {
    expect(pseudonymizeEmail('alice', KEY)).toBeUndefined();
  });
});

describe('pseudonymizeCard', () => {
  it('keeps separators, first digit and Luhn validity in a test range', () => {
    const pseudonym = pseudonymizeCard('5404-4874-2356-7916', KEY) ?? '';
    expect(pseudonym).toMatch(/^5555-55\d\d-\d{4}-\d{4}$/);
    expect(isLuhnValid(pseudonym.replace(/-/g, ''))).toBe(true);
    expect(isTestCardNumber(pseudonym)).toBe(true);
  });

  it('maps grouped and compact forms to the same digits', () => {
    const grouped = pseudonymizeCard('4532 0151 1283 0366', KEY) ?? '';
    expect(grouped.replace(/ /g, '')).toBe(pseudonymizeCard('4532015112830366', KEY));
  });

  it('differs between keys', () => {
    expect(pseudonymizeCard('4532015112830366', KEY)).not.toBe(
      pseudonymizeCard('4532015112830366', OTHER_KEY),
    );
  });
});

describe('pseudonymizeIban', () => {
  it('keeps country, length and spaces and passes mod 97', () => {
    const pseudonym = pseudonymizeIban('GB29 NWBK 6016 1331 9268 19', KEY) ?? '';
    expect(pseudonym).toMatch(/^GB\d\d [A-Z]{4} \d{4} \d{4} \d{4} \d\d$/);
    expect(isIbanChecksumValid(pseudonym.replace(/ /g, ''))).toBe(true);
    expect(isIbanPseudonym(pseudonym)).toBe(true);
  });

  it('does not mark the original as a pseudonym', () => {
    expect(isIbanPseudonym('GB29 NWBK 6016 1331 9268 19')).toBe(false);
  });
});

describe('pseudonymizeSsn', () => {
  it('keeps the separators and writes a tagged serial', () => {
    const pseudonym = pseudonymizeSsn('123-45-6789', KEY) ?? '';
    expect(pseudonym).toMatch(/^\d{3}-\d{2}-\d{4}$/);
    expect(isSsnPseudonym(pseudonym)).toBe(true);
    expect(isSsnPseudonym('123-45-6789')).toBe(false);
  });
});

describe('pseudonymizePhone', () => {
  it('keeps the calling code and formatting and stays valid', () => {
    const pseudonym = pseudonymizePhone('+44 20 7946 0958', KEY, 'US') ?? '';
    expect(pseudonym).toMatch(/^\+44 \d\d \d{4} \d{4}$/);
    const parsed = parsePhoneNumberFromString(pseudonym);
    expect(parsed?.isValid()).toBe(true);
    expect(parsed?.country).toBe('GB');
    expect(isPhonePseudonym(pseudonym, 'US')).toBe(true);
  });

  it('maps national and international forms to the same digits', () => {
    const national = pseudonymizePhone('(415) 555-2671', KEY, 'US') ?? '';
    const international = pseudonymizePhone('+1 415-555-2671', KEY, 'US') ?? '';
    expect(national.replace(/\D/g, '')).toBe(international.replace(/\D/g, '').slice(1));
  });

  it('does not mark the original as a pseudonym', () => {
    expect(isPhonePseudonym('+44 20 7946 0958', 'US')).toBe(false);
  });
});

describe('pseudonymizeIpv4 and pseudonymizeIpv6', () => {
  it('moves IPv4 into a documentation range', () => {
    const pseudonym = pseudonymizeIpv4('81.2.69.142', KEY);
    expect(isIPv4(pseudonym)).toBe(true);
    expect(isDocumentationIpv4(pseudonym)).toBe(true);
  });

  it('moves IPv6 into 2001:db8::/32', () => {
    const pseudonym = pseudonymizeIpv6('2606:4700:4700::1111', KEY);
    expect(isIPv6(pseudonym)).toBe(true);
    expect(isDocumentationIpv6(pseudonym)).toBe(true);
  });
});

describe('pseudonymizeToken', () => {
  it('keeps the prefix and shape and carries the tag', () => {
    const value = ['sk', 'live', '51HxQk2Lm9NvBzR8TyUo3Wp4'].join('_');
    const pseudonym = pseudonymizeToken(value, KEY, 8);
    expect(pseudonym.startsWith('sk_live_')).toBe(true);
    expect(pseudonym).toHaveLength(value.length);
    expect(isTokenPseudonym(pseudonym)).toBe(true);
    expect(isTokenPseudonym(value)).toBe(false);
  });
});

describe('pseudonymizePrivateKey', () => {
  it('keeps the armour lines and tags the body', () => {
    const value = [
      '-----BEGIN',
      'PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIPafl\n-----END PRIVATE KEY-----',
    ].join(' ');
    const pseudonym = pseudonymizePrivateKey(value, KEY) ?? '';
    expect(pseudonym.split('\n')[0]).toBe(value.split('\n')[0]);
    expect(pseudonym.split('\n')[2]).toBe(value.split('\n')[2]);
    expect(pseudonym).not.toBe(value);
    expect(isPrivateKeyPseudonym(pseudonym)).toBe(true);
    expect(isPrivateKeyPseudonym(value)).toBe(false);
  });
});

describe('public tags', () => {
  it('survive JSON-decoding of a private key pseudonym', () => {
    const value = [
      '-----BEGIN',
      'PRIVATE KEY-----\\nMC4CAQAwBQYDK2VwBCIEIPafl\\n-----END PRIVATE KEY-----',
    ].join(' ');
    const pseudonym = pseudonymizePrivateKey(value, KEY) ?? '';
    expect(isPrivateKeyPseudonym(JSON.parse(`"${pseudonym}"`) as string)).toBe(true);
  });

  it('survive URL-decoding of a token pseudonym', () => {
    const pseudonym = pseudonymizeToken('4%2F0AX4XfWhQ2abc', KEY);
    expect(isTokenPseudonym(decodeURIComponent(pseudonym))).toBe(true);
  });
});
