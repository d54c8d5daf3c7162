import { isIPv4, isIPv6 } from 'node:net';
import { describe, expect, it } from 'vitest';
import { isIpv4Address, isIpv6Address } from './ip-syntax.js';

/** Deterministic numbers, so a failing generated case shows up on every run. */
function createRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
    return state / 2 ** 32;
  };
}

/** Strings built from address parts: valid and broken groups, octets, colons and zones. */
function generatedCandidates(count: number): string[] {
  const random = createRandom(7);
  const parts = ['0', '1', 'ff', 'FFFF', 'abcd', '12345', 'g1', '', '81.2.69.142', '01.2.3.4'];
  const separators = [':', ':', ':', '::', ':::', '.'];
  const zones = ['', '', '', '%eth0', '%', '%en 0', '%a:b.c-d'];
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const candidates: string[] = [];
  for (let index = 0; index < count; index++) {
    const groups = 1 + Math.floor(random() * 10);
    let text = random() < 0.3 ? pick(separators) : '';
    for (let group = 0; group < groups; group++) {
      text += pick(parts) + (group < groups - 1 ? pick(separators) : '');
    }
    candidates.push(text + (random() < 0.2 ? pick(separators) : '') + pick(zones));
  }
  return candidates;
}

describe('isIpv6Address', () => {
  it.each([
    ['a full address', '2001:0db8:85a3:0000:0000:8a2e:0370:7334'],
    ['a compressed middle', '2001:db8:85a3::8a2e:370:7334'],
    ['a leading compression', '::ffff:abcd'],
    ['a trailing compression', '2a02:8070:a188::'],
    ['the unspecified address', '::'],
    ['loopback', '::1'],
    ['seven groups and a compression', '1:2:3:4:5:6:7::'],
    ['upper-case hex', 'FE80::1'],
    ['an embedded IPv4 address', '::ffff:81.2.69.142'],
    ['six groups and IPv4', '1:2:3:4:5:6:81.2.69.142'],
    ['a compression before IPv4', '1:2:3:4:5::81.2.69.142'],
    ['a zone id', 'fe80::1%eth0'],
    ['a zone id with dots and colons', 'fe80::1%a:b.c-d'],
  ])('accepts %s', (_case, text) => {
    expect(isIpv6Address(text)).toBe(true);
  });

  it.each([
    ['an empty string', ''],
    ['an IPv4 address', '81.2.69.142'],
    ['seven groups', '1:2:3:4:5:6:7'],
    ['nine groups', '1:2:3:4:5:6:7:8:9'],
    ['eight groups and a compression', '1:2:3:4:5:6:7::8'],
    ['two compressions', '1::2::3'],
    ['a triple colon', '1:::2'],
    ['a five-digit group', '00000::1'],
    ['a non-hex digit', 'fe80::g1'],
    ['a leading single colon', ':1:2:3:4:5:6:7'],
    ['a trailing single colon', '1:2:3:4:5:6:7:'],
    ['seven groups and IPv4', '1:2:3:4:5:6:7:81.2.69.142'],
    ['six groups, a compression and IPv4', '1:2:3:4:5:6::81.2.69.142'],
    ['an IPv4 octet with a leading zero', '::ffff:81.02.69.142'],
    ['an IPv4 tail of three octets', '::ffff:81.2.69'],
    ['an IPv4 address before the groups', '81.2.69.142::1'],
    ['an empty zone id', 'fe80::1%'],
    ['a space in the zone id', 'fe80::1%en 0'],
    ['two zone ids', 'fe80::1%eth0%1'],
    ['an underscore in the zone id', 'fe80::1%_x'],
  ])('rejects %s', (_case, text) => {
    expect(isIpv6Address(text)).toBe(false);
  });

  it('agrees with node:net on generated strings', () => {
    const disagreements = generatedCandidates(20_000).filter(
      (text) => isIpv6Address(text) !== isIPv6(text),
    );
    expect(disagreements).toEqual([]);
  });

  it('accepts some generated strings', () => {
    // Guards the comparison above against a generator that only makes invalid strings.
    expect(generatedCandidates(20_000).filter(isIPv6).length).toBeGreaterThan(100);
  });
});

describe('isIpv4Address', () => {
  it('agrees with node:net on octet forms', () => {
    const octets = ['0', '9', '10', '99', '100', '199', '249', '255', '256', '01', '00', '', 'a'];
    const disagreements: string[] = [];
    for (const first of octets) {
      for (const second of octets) {
        const text = `${first}.2.${second}.4`;
        if (isIpv4Address(text) !== isIPv4(text)) {
          disagreements.push(text);
        }
      }
    }
    expect(disagreements).toEqual([]);
  });

  it.each(['1.2.3', '1.2.3.4.5', '1.2.3.4 ', ' 1.2.3.4'])('rejects %s', (text) => {
    expect(isIpv4Address(text)).toBe(false);
  });
});
