import { isIPv4, isIPv6 } from 'node:net';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { describe, expect, it } from 'vitest';
import { isIbanChecksumValid, isLuhnValid, luhnCheckDigit } from '../detect/checksums.js';
import { CARD_NETWORKS, findCardRange, isCardNumber } from '../detect/payment-card.js';
import { isReservedEmail, pseudonymizeEmail } from './email.js';
import { isIbanPseudonym, pseudonymizeIban } from './iban.js';
import {
  isDocumentationIpv4,
  isDocumentationIpv6,
  pseudonymizeIpv4,
  pseudonymizeIpv6,
} from './ip-address.js';
import { isTestCardNumber, pseudonymizeCard, RANGE_PREFIXES } from './payment-card.js';
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

  it.each(['José.García@correo.es', 'jörg@müller.de', 'пример@почта.рф', 'Jose\u0301ǅ@correo.es'])(
    'replaces every letter of %s with ASCII',
    (address) => {
      const pseudonym = pseudonymizeEmail(address, KEY) ?? '';
      expect(pseudonym).toMatch(/^[A-Za-z.]+@[a-z-]+\.example$/);
      expect(isReservedEmail(pseudonym)).toBe(true);
    },
  );

  it('keeps the local part length and separators of a Unicode address', () => {
    const pseudonym = pseudonymizeEmail('José.García@correo.es', KEY) ?? '';
    expect(pseudonym).toMatch(/^[A-Z][a-z]{3}\.[A-Z][a-z]{5}@[a-z]{6}\.example$/);
  });

  it('maps escaped, encoded and decomposed forms to one pseudonym', () => {
    const plain = pseudonymizeEmail('josé@müller.de', KEY);
    expect(pseudonymizeEmail('jos\\u00e9@m\\u00fcller.de', KEY)).toBe(plain);
    expect(pseudonymizeEmail('jose\u0301@mu\u0308ller.de', KEY)).toBe(plain);
    const encoded = pseudonymizeEmail('jos%C3%A9%40m%C3%BCller.de', KEY);
    expect(encoded).toBe(plain?.replace('@', '%40'));
  });

  it('maps escaped ASCII letters to the plain pseudonym', () => {
    const plain = pseudonymizeEmail('alice@contoso.io', KEY);
    expect(pseudonymizeEmail('%61lice@contoso.io', KEY)).toBe(plain);
    expect(pseudonymizeEmail('&#97;lice@contoso.io', KEY)).toBe(plain);
    expect(pseudonymizeEmail('alice%40%63ontoso%2Eio', KEY)).toBe(plain?.replace('@', '%40'));
  });

  it('keeps the pseudonyms of ASCII addresses from before Unicode support', () => {
    expect(pseudonymizeEmail('Alice.Martin@northwind.co.uk', KEY)).toBe(
      'Kofju.Projcd@pnnaioojj-hb.example',
    );
    expect(pseudonymizeEmail('bob_1+x%2B@mail.fabrikam.io', KEY)).toBe(
      'ged_1+m%2B@vprt-yojbbzlz.example',
    );
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

  it.each([
    ['4532015112830366', '4242429021943668'],
    ['5404487423567916', '5555554134816275'],
    ['371449635398431', '378282154492878'],
    ['6011000990139424', '6011114462189377'],
    ['2221000000000116', '2223004297153370'],
    ['4916338506085', '4242423599483'],
  ])('keeps the pseudonym of %s from before network ranges', (card, pseudonym) => {
    expect(pseudonymizeCard(card, KEY)).toBe(pseudonym);
  });

  it.each([
    ['Diners', '30569309025904', 'diners'],
    ['JCB', '3530111333300018', 'jcb'],
    ['Maestro', '6763701234567896', 'maestro'],
    ['UnionPay', '621234567890123457', 'unionpay'],
  ])('keeps a %s card on its network', (_name, card, network) => {
    const pseudonym = pseudonymizeCard(card, KEY) ?? '';
    expect(pseudonym).toHaveLength(card.length);
    expect(isCardNumber(pseudonym)).toBe(true);
    expect(findCardRange(pseudonym)?.network.name).toBe(network);
  });
});

/** Builds a Luhn-valid number of `length` digits that starts with `prefix`, varied by `seed`. */
function cardIn(prefix: string, length: number, seed: number): string {
  let payload = prefix;
  for (let index = 0; payload.length < length - 1; index += 1) {
    payload += String((seed * 7 + index * 3) % 10);
  }
  return `${payload}${luhnCheckDigit(payload)}`;
}

describe('pseudonymizeCard on every network', () => {
  const cases = CARD_NETWORKS.flatMap((network) =>
    network.ranges.flatMap((range) =>
      network.lengths.flatMap((length) =>
        [range[0], range[1]].map((prefix, seed) => [network.name, prefix, length, seed] as const),
      ),
    ),
  );

  it.each(cases)('keeps %s range %s, length %i (%i)', (name, prefix, length, seed) => {
    const card = cardIn(prefix, length, seed);
    const range = findCardRange(card)?.range;
    const pseudonym = pseudonymizeCard(card, KEY) ?? '';
    expect(pseudonym).toHaveLength(length);
    expect(isLuhnValid(pseudonym)).toBe(true);
    expect(isCardNumber(pseudonym)).toBe(true);
    expect(findCardRange(pseudonym)?.network.name).toBe(name);
    expect(findCardRange(pseudonym)?.range).toBe(range);
    expect(isTestCardNumber(pseudonym)).toBe(true);
    expect(pseudonymizeCard(card, KEY)).toBe(pseudonym);
    expect(pseudonymizeCard(card, OTHER_KEY)).not.toBe(pseudonym);
  });

  it('gives every range without a test prefix a prefix inside it', () => {
    for (const network of CARD_NETWORKS) {
      for (const range of network.ranges) {
        const prefix = RANGE_PREFIXES[range[0]];
        if (prefix !== undefined) {
          expect({ range, inside: findCardRange(cardIn(prefix, 16, 1))?.range }).toEqual({
            range,
            inside: network.lengths.includes(16) ? range : undefined,
          });
        }
      }
    }
  });

  it('does not mark a real card of a range prefix without its tag', () => {
    expect(isTestCardNumber('3566002020360505')).toBe(false);
    expect(isTestCardNumber('3530111333300018')).toBe(false);
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

  it('keeps lower-case IBANs in lower case', () => {
    const upper = pseudonymizeIban('GB29 NWBK 6016 1331 9268 19', KEY) ?? '';
    const lower = pseudonymizeIban('gb29 nwbk 6016 1331 9268 19', KEY) ?? '';
    expect(lower).toBe(upper.toLowerCase());
    expect(isIbanPseudonym(lower)).toBe(true);
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

  it.each([
    ['0049 30 901820 12', '+49 30 901820 12', 'DE'],
    ['0033 1 42 68 53 00', '+33 1 42 68 53 00', 'FR'],
  ])('keeps the 00 prefix and format of %s', (value, plus, country) => {
    const pseudonym = pseudonymizePhone(value, KEY, 'US') ?? '';
    expect(pseudonym.slice(0, 5)).toBe(value.slice(0, 5));
    expect(pseudonym.replace(/\d/g, '0')).toBe(value.replace(/\d/g, '0'));
    const parsed = parsePhoneNumberFromString(`+${pseudonym.slice(2)}`);
    expect(parsed?.isValid()).toBe(true);
    expect(parsed?.country).toBe(country);
    expect(isPhonePseudonym(pseudonym, 'US')).toBe(true);
    expect(isPhonePseudonym(value, 'US')).toBe(false);
    expect(pseudonym.slice(2)).toBe(pseudonymizePhone(plus, KEY, 'US')?.slice(1));
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

  it('replaces the body of a block cut off before its END line', () => {
    const value = ['-----BEGIN', 'PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIPaflDB+i7nrnwRfE1E9'].join(
      ' ',
    );
    const pseudonym = pseudonymizePrivateKey(value, KEY) ?? '';
    expect(pseudonym.split('\n')[0]).toBe(value.split('\n')[0]);
    expect(pseudonym.split('\n')[1]).not.toBe(value.split('\n')[1]);
    expect(pseudonym).toHaveLength(value.length);
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
