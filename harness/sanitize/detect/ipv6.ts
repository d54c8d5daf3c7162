import type { Finding } from '../types.js';
import { isWordAt, type Detector } from './detector.js';
import { isIpv6Address } from './ip-syntax.js';

function isHexCode(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 70) || (code >= 97 && code <= 102);
}

function isAddressCode(code: number): boolean {
  return isHexCode(code) || code === 58;
}

/**
 * Tells whether at most four hex digits and another colon follow `colon`. The first colon
 * of every IPv6 address passes, and most colons of JSON (`"x":12,`) fail at once.
 */
function startsGroupPair(text: string, colon: number): boolean {
  let index = colon + 1;
  const limit = Math.min(text.length, colon + 5);
  while (index < limit && isHexCode(text.charCodeAt(index))) {
    index += 1;
  }
  return text.charCodeAt(index) === 58;
}

/** Returns the candidate around a colon: hex digits and colons, and a dotted IPv4 tail. */
function expand(text: string, colon: number): { start: number; end: number } {
  let start = colon;
  while (start > 0 && isAddressCode(text.charCodeAt(start - 1))) {
    start -= 1;
  }
  let end = colon + 1;
  while (
    end < text.length &&
    (isAddressCode(text.charCodeAt(end)) || text.charCodeAt(end) === 46)
  ) {
    end += 1;
  }
  while (end > colon + 1 && /[.:]/.test(text.charAt(end - 1)) && !text.endsWith('::', end)) {
    end -= 1;
  }
  return { start, end };
}

/**
 * Tells whether a valid IPv6 address names a host worth hiding: at least three non-empty
 * groups, which rules out `::`, `::1`, `fe80::1` and code such as `std::` or `a::b`.
 */
function isHostAddress(candidate: string): boolean {
  if (!isIpv6Address(candidate)) {
    return false;
  }
  const groups = candidate.split(':').filter((group) => group !== '');
  // An IPv4 tail (`::ffff:81.2.69.142`) stands for two groups.
  const tailGroups = candidate.includes('.') ? 1 : 0;
  return groups.length + tailGroups >= 3;
}

/** Finds IPv6 addresses, full or compressed, with an optional IPv4 tail. */
export const ipv6Detector: Detector = {
  name: 'ipv6',
  // An address worth hiding has at least three groups, so at least two colons.
  mayMatch: (_text, profile) => profile.colons >= 2,
  find(text) {
    const findings: Finding[] = [];
    let colon = text.indexOf(':');
    while (colon >= 0) {
      if (!startsGroupPair(text, colon)) {
        colon = text.indexOf(':', colon + 1);
        continue;
      }
      const { start, end } = expand(text, colon);
      const value = text.slice(start, end);
      const hasTwoColons = value.indexOf(':') !== value.lastIndexOf(':');
      if (
        hasTwoColons &&
        !isWordAt(text, start - 1) &&
        !isWordAt(text, end) &&
        isHostAddress(value)
      ) {
        findings.push({ detector: 'ipv6', start, end, value });
      }
      colon = text.indexOf(':', Math.max(colon + 1, end));
    }
    return findings;
  },
};
