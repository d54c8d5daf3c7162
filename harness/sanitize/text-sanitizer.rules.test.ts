import { describe, expect, it } from 'vitest';
import { UsageError } from '../shared/errors.js';
import { benchmarkTextSanitizer, generateRecordingText } from './text-sanitizer.bench.js';
import { createTextSanitizer } from './text-sanitizer.js';

const KEY = Buffer.alloc(32, 21);

describe('createTextSanitizer modes', () => {
  it('masks at the same length', () => {
    const sanitizer = createTextSanitizer({
      key: KEY,
      rules: { modes: { 'payment-card': 'mask', email: 'mask' } },
    });
    expect(sanitizer.sanitize('card 4532 0151 1283 0366 of bob@contoso.io', 'dom.text')).toBe(
      'card XXXX XXXX XXXX XXXX of ***@*******.**',
    );
  });

  it('drops a value', () => {
    const sanitizer = createTextSanitizer({ key: KEY, rules: { modes: { 'us-ssn': 'drop' } } });
    expect(sanitizer.sanitize('ssn 123-45-6789.', 'input')).toBe('ssn .');
  });

  it('finds nothing in masked output', () => {
    const sanitizer = createTextSanitizer({
      key: KEY,
      rules: { modes: { 'private-key': 'mask', 'url-secret': 'mask', jwt: 'mask' } },
    });
    const key = [
      '-----BEGIN',
      'PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIPafl\n-----END PRIVATE KEY-----',
    ].join(' ');
    const masked = sanitizer.sanitize(`${key}\n/cb?token=Zx81mQ2v9LkP`, 'network.response.body');
    expect(masked).toContain('\n**X***');
    expect(masked).toContain('?token=**XX**X*X***');
    expect(sanitizer.scan(masked)).toEqual([]);
  });
});

describe('createTextSanitizer rules', () => {
  it('leaves allowed values', () => {
    const sanitizer = createTextSanitizer({
      key: KEY,
      rules: { allow: ['support@contoso.io', '/^81\\.2\\./'] },
    });
    const text = 'mail support@contoso.io from 81.2.69.142';
    expect(sanitizer.scan(text)).toEqual([]);
    expect(sanitizer.sanitize(text, 'dom.text')).toBe(text);
  });

  it('replaces custom pattern matches with their mode', () => {
    const sanitizer = createTextSanitizer({
      key: KEY,
      rules: {
        patterns: [
          { name: 'member', pattern: 'MBR-\\d{6}' },
          { name: 'ticket', pattern: 'TCK\\d+', mode: 'drop' },
        ],
      },
    });
    const output = sanitizer.sanitize('MBR-123456 TCK99', 'dom.text');
    expect(output).toMatch(/^[A-Z]{3}-\d{6} $/);
    expect(output).not.toContain('123456');
    expect(sanitizer.scan(output)).toEqual([]);
    expect(sanitizer.counts).toEqual({ 'custom:member/dom.text': 1, 'custom:ticket/dom.text': 1 });
  });

  it('rejects an unknown phone region', () => {
    expect(() => createTextSanitizer({ key: KEY, rules: { phoneRegion: 'XX' } })).toThrow(
      UsageError,
    );
  });

  it('rejects a short key', () => {
    expect(() => createTextSanitizer({ key: Buffer.alloc(8) })).toThrow(RangeError);
  });
});

describe('TextSanitizer.sanitize', () => {
  it('counts replacements per detector and location', () => {
    const sanitizer = createTextSanitizer({ key: KEY });
    sanitizer.sanitize('a@contoso.io b@contoso.io', 'dom.text');
    sanitizer.sanitize('81.2.69.142', 'network.request.header');
    expect(sanitizer.counts).toEqual({ 'email/dom.text': 2, 'ipv4/network.request.header': 1 });
  });

  it('gives one pseudonym to a value in several locations', () => {
    const sanitizer = createTextSanitizer({ key: KEY });
    const typed = sanitizer.sanitize('alice@contoso.io', 'input');
    const shown = sanitizer.sanitize('<p>Welcome alice@contoso.io</p>', 'dom.text');
    expect(shown).toBe(`<p>Welcome ${typed}</p>`);
  });

  it('gives one pseudonym to a token in a header and a URL', () => {
    const sanitizer = createTextSanitizer({ key: KEY });
    const token = 'W8c5ci9q1fp4rNWiLLgNGOlSnVM5whEd';
    const header = sanitizer.sanitize(`Bearer ${token}`, 'network.request.header');
    const url = sanitizer.sanitize(`/ws?access_token=${token}`, 'meta.url');
    expect(url.slice('/ws?access_token='.length)).toBe(header.slice('Bearer '.length));
  });

  it('leaves a typed prefix of an address as it is', () => {
    const sanitizer = createTextSanitizer({ key: KEY });
    expect(sanitizer.sanitize('alice@conto', 'input')).toBe('alice@conto');
  });

  it('replaces an e-mail inside a URL parameter as an e-mail', () => {
    const sanitizer = createTextSanitizer({ key: KEY });
    const output = sanitizer.sanitize('/s?session=alice@contoso.io&x=1', 'meta.url');
    expect(output).toMatch(/^\/s\?session=[a-z]{5}@[a-z]{7}\.example&x=1$/);
  });
});

describe('TextSanitizer.replaceWhole', () => {
  it('pseudonymizes free text and keeps embedded findings recognizable', () => {
    const sanitizer = createTextSanitizer({ key: KEY });
    const output = sanitizer.replaceWhole(
      'Alice Martin, alice@contoso.io',
      'custom:customer',
      'dom.text',
    );
    expect(output).toMatch(/^[A-Z][a-z]{4} [A-Z][a-z]{5}, [a-z]{5}@[a-z]{7}\.example$/);
    expect(output).toContain(sanitizer.sanitize('alice@contoso.io', 'dom.text'));
    expect(sanitizer.scan(output)).toEqual([]);
    expect(sanitizer.counts['custom:customer/dom.text']).toBe(1);
  });

  it('uses the detector pseudonym for a built-in detector', () => {
    const sanitizer = createTextSanitizer({ key: KEY });
    expect(sanitizer.replaceWhole('4532015112830366', 'payment-card', 'input')).toBe(
      sanitizer.sanitize('4532015112830366', 'input'),
    );
  });

  it('applies the mode of a header rule', () => {
    const sanitizer = createTextSanitizer({
      key: KEY,
      rules: { headers: [{ name: 'session', header: 'x-session', mode: 'mask' }] },
    });
    expect(sanitizer.replaceWhole('abc-123', 'custom:session', 'network.request.header')).toBe(
      '***-XXX',
    );
  });

  it('applies an explicit mode', () => {
    const sanitizer = createTextSanitizer({ key: KEY });
    expect(sanitizer.replaceWhole('secret', 'custom:any', 'input', 'drop')).toBe('');
  });
});

describe('benchmarkTextSanitizer', () => {
  it('generates recording text with findings', () => {
    const sanitizer = createTextSanitizer({ key: KEY });
    const text = generateRecordingText(200_000);
    expect(text.length).toBeGreaterThanOrEqual(200_000);
    const kinds = new Set(sanitizer.scan(text).map((finding) => finding.detector));
    expect([...kinds].sort()).toEqual(['bearer-token', 'email', 'ipv4', 'payment-card', 'phone']);
  });

  it('reports the replacements of one pass', () => {
    const result = benchmarkTextSanitizer(0.2, 1);
    expect(result.replacements).toBeGreaterThan(0);
    expect(result.bytes).toBeGreaterThanOrEqual(200_000);
  });
});
