import { isIPv4, isIPv6 } from 'node:net';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { describe, expect, it } from 'vitest';
import { isIbanChecksumValid, isLuhnValid } from './detect/checksums.js';
import { NEGATIVE_CORPUS, POSITIVE_CORPUS, type CorpusEntry } from './detect/corpus.js';
import { isJwtHeader } from './detect/jwt.js';
import { isValidSsn } from './detect/us-ssn.js';
import { isReservedEmail } from './pseudonymize/email.js';
import { isDocumentationIpv4, isDocumentationIpv6 } from './pseudonymize/ip-address.js';
import { createTextSanitizer } from './text-sanitizer.js';
import type { TextSanitizer } from './types.js';

const KEY = Buffer.from('5f1d3c9a7e2b4f6081a3c5e7092b4d6f8a1c3e5f7092b4d6f8a1c3e5f7092b4d', 'hex');
const OTHER_KEY = Buffer.from(
  '0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
  'hex',
);

function pseudonymOf(sanitizer: TextSanitizer, entry: CorpusEntry): string {
  const prefix = entry.text.slice(0, entry.text.indexOf(entry.value));
  const suffix = entry.text.slice(prefix.length + entry.value.length);
  const output = sanitizer.sanitize(entry.text, 'test');
  expect(output.startsWith(prefix), `prefix kept in ${output}`).toBe(true);
  expect(output.endsWith(suffix), `suffix kept in ${output}`).toBe(true);
  return output.slice(prefix.length, output.length - suffix.length);
}

const EMAIL_SYNTAX = /^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$/;

function expectValidFormat(entry: CorpusEntry, pseudonym: string): void {
  const digits = pseudonym.replace(/\D/g, '');
  switch (entry.detector) {
    case 'email':
      expect(pseudonym).toMatch(EMAIL_SYNTAX);
      expect(isReservedEmail(pseudonym)).toBe(true);
      break;
    case 'phone':
      expect(parsePhoneNumberFromString(pseudonym, 'US')?.isValid()).toBe(true);
      break;
    case 'payment-card':
      expect(isLuhnValid(digits)).toBe(true);
      expect(pseudonym.charAt(0)).toBe(entry.value.charAt(0));
      break;
    case 'iban':
      expect(isIbanChecksumValid(pseudonym.replace(/ /g, ''))).toBe(true);
      expect(pseudonym.slice(0, 2)).toBe(entry.value.slice(0, 2));
      break;
    case 'us-ssn':
      expect(isValidSsn(digits.slice(0, 3), digits.slice(3, 5), digits.slice(5))).toBe(true);
      break;
    case 'jwt':
      expect(pseudonym.split('.')).toHaveLength(3);
      expect(isJwtHeader(pseudonym.split('.')[0] ?? '')).toBe(true);
      break;
    case 'ipv4':
      expect(isIPv4(pseudonym)).toBe(true);
      expect(isDocumentationIpv4(pseudonym)).toBe(true);
      break;
    case 'ipv6':
      expect(isIPv6(pseudonym)).toBe(true);
      expect(isDocumentationIpv6(pseudonym)).toBe(true);
      break;
    default:
      expect(pseudonym.replace(/[A-Za-z]/g, 'a').replace(/\d/g, '0')).toBe(
        entry.value.replace(/[A-Za-z]/g, 'a').replace(/\d/g, '0'),
      );
  }
}

/** Detectors whose pseudonyms keep the length and the class of every character. */
const SAME_SHAPE = new Set([
  'phone',
  'payment-card',
  'iban',
  'us-ssn',
  'bearer-token',
  'api-key',
  'private-key',
  'url-secret',
]);

function shapeOf(value: string): string {
  return value.replace(/[a-z]/g, 'a').replace(/[A-Z]/g, 'A').replace(/\d/g, '0');
}

describe('createTextSanitizer corpus', () => {
  const sanitizer = createTextSanitizer({ key: KEY });

  it.each(POSITIVE_CORPUS.map((entry) => [entry.detector, entry.value, entry] as const))(
    'detects %s %s',
    (detector, value) => {
      const entry = POSITIVE_CORPUS.find((candidate) => candidate.value === value) as CorpusEntry;
      const findings = sanitizer.scan(entry.text);
      expect(findings).toHaveLength(1);
      expect(findings[0]?.detector).toBe(detector);
      expect(findings[0]?.value).toBe(value);
      expect(entry.text.slice(findings[0]?.start, findings[0]?.end)).toBe(value);
    },
  );

  it.each(POSITIVE_CORPUS.map((entry) => [entry.detector, entry.value, entry] as const))(
    'replaces %s %s with a valid pseudonym',
    (detector, value, entry) => {
      const pseudonym = pseudonymOf(sanitizer, entry);
      expect(pseudonym).not.toBe(value);
      expect(pseudonym).not.toContain(value);
      expectValidFormat(entry, pseudonym);
      if (SAME_SHAPE.has(detector)) {
        expect(shapeOf(pseudonym)).toBe(shapeOf(value));
      }
    },
  );

  it.each(POSITIVE_CORPUS.map((entry) => [entry.detector, entry.value, entry] as const))(
    'finds nothing in sanitized %s %s',
    (_detector, _value, entry) => {
      expect(sanitizer.scan(sanitizer.sanitize(entry.text, 'test'))).toEqual([]);
    },
  );

  it('gives the same pseudonyms in a new session with the same key', () => {
    const again = createTextSanitizer({ key: KEY });
    for (const entry of POSITIVE_CORPUS) {
      expect(again.sanitize(entry.text, 'other')).toBe(sanitizer.sanitize(entry.text, 'test'));
    }
  });

  it('gives different pseudonyms with another key', () => {
    const other = createTextSanitizer({ key: OTHER_KEY });
    for (const entry of POSITIVE_CORPUS) {
      expect(pseudonymOf(other, entry), entry.value).not.toBe(pseudonymOf(sanitizer, entry));
    }
  });

  it.each(NEGATIVE_CORPUS.map((text) => [text]))('finds nothing in %s', (text) => {
    expect(sanitizer.scan(text)).toEqual([]);
    expect(sanitizer.sanitize(text, 'test')).toBe(text);
  });
});

describe('createTextSanitizer on repeated text', () => {
  const text = 'Ship to alice.martin@northwind-trading.com, call +1 415 555 2671';

  it('returns the same result each time', () => {
    const sanitizer = createTextSanitizer({ key: KEY });
    const first = sanitizer.sanitize(text, 'dom.text');
    expect(first).not.toBe(text);
    expect(sanitizer.sanitize(text, 'dom.text')).toBe(first);
    expect(sanitizer.sanitize(text, 'input')).toBe(first);
  });

  it('counts every occurrence at its location', () => {
    const sanitizer = createTextSanitizer({ key: KEY });
    sanitizer.sanitize(text, 'dom.text');
    sanitizer.sanitize(text, 'dom.text');
    sanitizer.sanitize(text, 'input');
    expect(sanitizer.counts).toEqual({
      'email/dom.text': 2,
      'phone/dom.text': 2,
      'email/input': 1,
      'phone/input': 1,
    });
  });

  it('scans its sanitized form as clean each time', () => {
    const sanitizer = createTextSanitizer({ key: KEY });
    const sanitized = sanitizer.sanitize(text, 'dom.text');
    expect(sanitizer.scan(sanitized)).toEqual([]);
    expect(sanitizer.scan(sanitized)).toEqual([]);
    expect(sanitizer.scan(text).map((finding) => finding.detector)).toEqual(['email', 'phone']);
  });
});
