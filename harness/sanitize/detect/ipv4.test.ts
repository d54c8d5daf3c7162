import { describe, expect, it } from 'vitest';
import { ipv4Detector } from './ipv4.js';

function values(text: string): string[] {
  return ipv4Detector.find(text).map((finding) => finding.value);
}

describe('ipv4Detector', () => {
  it.each([
    ['client 81.2.69.142 connected', '81.2.69.142'],
    ['http://8.8.4.4/dns-query', '8.8.4.4'],
    ['{"ip":"172.16.254.1"}', '172.16.254.1'],
    ['X-Forwarded-For: 203.0.113.7, 81.2.69.142', '203.0.113.7'],
    ['server 81.2.69.142 rebuilt', '81.2.69.142'],
  ])('finds the address in %s', (text, expected) => {
    expect(values(text)[0]).toBe(expected);
  });

  it.each([
    ['a three-part version', '1.2.3'],
    ['a prefixed version', 'v1.2.3.4'],
    ['a user agent version', 'Chrome/120.0.6099.71 and Chrome/120.1.2.3'],
    ['a five-part version', '1.2.3.4.5'],
    ['a pre-release suffix', '1.2.3.4-beta'],
    ['an octet above 255', '256.1.2.3'],
    ['a leading zero', '10.01.2.3'],
    ['loopback', 'http://127.0.0.1:4173/'],
    ['a netmask', '255.255.255.0'],
    ['a network address', '10.0.0.0'],
    ['a dotted date', '04.11.2026'],
    ['a named version', 'Version 1.2.3.4 and node 18.19.1.1'],
    ['a cache-busting parameter', '/app.js?v=2.1.0.15 and /app.css?a=1&ver=2.1.0.16'],
    ['a section number', 'see section 3.2.1.4 and § 4.1.2.3'],
    ['an object identifier', 'OID 2.5.4.3'],
    ['a version field', '{"version": "1.2.3.4"}'],
  ])('finds nothing in %s', (_case, text) => {
    expect(values(text)).toEqual([]);
  });
});
