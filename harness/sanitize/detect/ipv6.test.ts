import { describe, expect, it } from 'vitest';
import { ipv6Detector } from './ipv6.js';

function values(text: string): string[] {
  return ipv6Detector.find(text).map((finding) => finding.value);
}

describe('ipv6Detector', () => {
  it.each([
    ['from 2a02:8070:a188:6c00:35b1:1f2e:b4d3:9a7c', '2a02:8070:a188:6c00:35b1:1f2e:b4d3:9a7c'],
    ['{"resolver":"2606:4700:4700::1111"}', '2606:4700:4700::1111'],
    ['http://[2001:db8:85a3::8a2e:370:7334]:8080/', '2001:db8:85a3::8a2e:370:7334'],
    ['mapped ::ffff:81.2.69.142 here', '::ffff:81.2.69.142'],
    ['end 2a02:8070:a188::1.', '2a02:8070:a188::1'],
  ])('finds the address in %s', (text, expected) => {
    expect(values(text)).toEqual([expected]);
  });

  it.each([
    ['loopback', 'http://[::1]:3000/'],
    ['the unspecified address', 'listen [::]:80'],
    ['CSS pseudo-elements', 'a::before, li::marker, p::after'],
    ['C++ scopes', 'std::vector<int> and dead::beef'],
    ['a time', '12:30:45'],
    ['a MAC address', '00:1a:2b:3c:4d:5e'],
    ['JSON', '{"a":1,"b":"c","d":{"e":2}}'],
  ])('finds nothing in %s', (_case, text) => {
    expect(values(text)).toEqual([]);
  });
});
