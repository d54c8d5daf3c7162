import { describe, expect, it } from 'vitest';
import { emailDetector } from './email.js';

function values(text: string): string[] {
  return emailDetector.find(text).map((finding) => finding.value);
}

describe('emailDetector', () => {
  it.each([
    ['alice@northwind-trading.com', 'alice@northwind-trading.com'],
    ['mailto:Bob.Okafor+x@mail.fabrikam.co.uk?subject=hi', 'Bob.Okafor+x@mail.fabrikam.co.uk'],
    ['end of sentence carol@contoso.io.', 'carol@contoso.io'],
    ['{"to":"dave_1@tailspin.de"}', 'dave_1@tailspin.de'],
    ['filename="rosalind.brack@quayside-ledger.net.txt"', 'rosalind.brack@quayside-ledger.net'],
    ['/uploads/mara.quill@larchmail.com.png', 'mara.quill@larchmail.com'],
  ])('finds the address in %s', (text, expected) => {
    expect(values(text)).toEqual([expected]);
  });

  it('reports offsets of the address', () => {
    const [finding] = emailDetector.find('To: erin@contoso.io, cc');
    expect(finding).toEqual({ detector: 'email', start: 4, end: 19, value: 'erin@contoso.io' });
  });

  it('skips the letter of a JSON escape before the address', () => {
    expect(values('first\\nfrank@contoso.io')).toEqual(['frank@contoso.io']);
  });

  it.each([
    'icon@2x.png',
    'logo@brand.dark.svg',
    'jquery@3.6.0.min.js',
    'logo@3x.webp',
    'hero@1.5x.jpg',
    'npm i lodash@4.17.21 @scope/pkg@1.2.3',
    'user@localhost',
    'bundle@main.js and theme@dark.css',
    'just an @ sign',
  ])('finds nothing in %s', (text) => {
    expect(values(text)).toEqual([]);
  });
});

describe('emailDetector on URLs', () => {
  it('finds a percent-encoded address', () => {
    expect(values('/invite?to=alice.martin%40northwind-trading.com&x=1')).toEqual([
      'alice.martin%40northwind-trading.com',
    ]);
  });

  it.each([
    ['%61lice%40quillpost.org', '%61lice%40quillpost.org'],
    ['to=bob%40%71uillpost%2Eorg&x=1', 'bob%40%71uillpost%2Eorg'],
    ['<p>&#97;lice@quillpost.org</p>', '&#97;lice@quillpost.org'],
    ['<p>&#x61;lice@quillpost.org</p>', '&#x61;lice@quillpost.org'],
    ['to=alice%40quillpost.org%2E%2E', 'alice%40quillpost.org'],
  ])('finds the address with escaped letters in %s', (text, expected) => {
    expect(values(text)).toEqual([expected]);
  });

  it('finds the address after a long run of encoded separators', () => {
    // Each `%40` of the run ends a local part that reaches back over the run, too long to count.
    const text = `${'%40'.repeat(20_000)}&to=alice.martin%40northwind-trading.com`;
    expect(values(text)).toEqual(['alice.martin%40northwind-trading.com']);
  });

  it('finds no address whose local part is longer than any written form', () => {
    expect(values(`${'a'.repeat(800)}@contoso.io`)).toEqual([]);
    expect(values(`${'%C3%A9'.repeat(64)}@contoso.io`)).toEqual([
      `${'%C3%A9'.repeat(64)}@contoso.io`,
    ]);
  });
});

describe('emailDetector on internationalized addresses', () => {
  it.each([
    ['an ASCII local part on an IDN domain', 'mail anna@müller.de.', 'anna@müller.de'],
    ['accented local part', '{"to":"José.García@correo.es"}', 'José.García@correo.es'],
    ['umlaut at the start', 'from jörg@beispiel.de', 'jörg@beispiel.de'],
    ['Cyrillic address and TLD', 'пишите: пример@почта.рф', 'пример@почта.рф'],
    ['Devanagari with combining marks', 'संपर्क@डाटामेल.भारत', 'संपर्क@डाटामेल.भारत'],
    ['a punycode TLD', 'info@xn--80ak6aa92e.xn--p1ai', 'info@xn--80ak6aa92e.xn--p1ai'],
    ['decomposed accents', 'Jose\u0301@correo.es', 'Jose\u0301@correo.es'],
    [
      'JSON escapes',
      '{"to":"Jos\\u00e9.Garc\\u00eda@correo.es"}',
      'Jos\\u00e9.Garc\\u00eda@correo.es',
    ],
    ['an escaped first letter', '"\\u00e9lodie@m\\u00fcller.de"', '\\u00e9lodie@m\\u00fcller.de'],
    ['percent-encoded UTF-8', '?to=jos%C3%A9%40m%C3%BCller.de&x=1', 'jos%C3%A9%40m%C3%BCller.de'],
  ])('finds %s', (_case, text, expected) => {
    expect(values(text)).toEqual([expected]);
  });

  it('still drops the letter of a JSON escape before a Unicode address', () => {
    expect(values('first\\nJosé@correo.es')).toEqual(['José@correo.es']);
  });

  it.each(['café@home', 'Grüße@team', 'naïve@2x.png', 'ñandú@logo.svg', '@süß.de'])(
    'finds nothing in %s',
    (text) => {
      expect(values(text)).toEqual([]);
    },
  );
});
