import type { Finding } from '../types.js';
import {
  isInsidePercentEncoding,
  isWordAt,
  isWordBefore,
  isWordCode,
  type Detector,
} from './detector.js';
import { CHARACTER, hasCharacters } from './text-profile.js';

const CANDIDATE = /\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}/g;
const OCTET = /^(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
/**
 * Words that put a number with four dotted parts in a version, a document section or an
 * object identifier: `Version 1.2.3.4`, `node 18.19.1.1`, `section 3.2.1.4`, `OID 2.5.4.3`,
 * also as a JSON key (`"version": "1.2.3.4"`), and the cache-busting parameter `?v=1.2.3.4`.
 */
const VERSION_WORD =
  /(?:version|ver\.|release|build|node|firmware|kernel|revision|rev\.|section|chapter|clause|oid|§)(?:\s|:|\+|%20|%3A|%22|"|')*$|[?&;](?:v|ver)=$/i;

/**
 * Tells whether four octets name a host worth hiding: not 0.x, loopback 127.x, multicast
 * or reserved (224 and up, which also covers netmasks like 255.255.255.0), and not a
 * network address ending in .0 (which also covers version strings like `120.0.0.0`).
 */
function isHostAddress(octets: string[]): boolean {
  if (!octets.every((octet) => OCTET.test(octet))) {
    return false;
  }
  const first = Number(octets[0]);
  return first !== 0 && first !== 127 && first < 224 && octets[3] !== '0';
}

/**
 * Tells whether the text around a candidate marks a version rather than an address. That is
 * a letter or digit right before it (`v1.2.3.4`), a product name and a slash
 * (`Chrome/120.0.6099.71`), a word such as `version` or `section` before it, or more dotted
 * parts or a suffix after it (`1.2.3.4-beta`).
 */
function isVersionContext(text: string, start: number, end: number): boolean {
  const before = text.charAt(start - 1);
  if (isWordBefore(text, start) || before === '.' || before === '-') {
    return true;
  }
  // The word may be URL-encoded (`Version%201.2.3.4`), so the window reaches past a `%20`.
  if (VERSION_WORD.test(text.slice(Math.max(0, start - 16), start))) {
    return true;
  }
  if (before === '/' && isWordCode(text.charCodeAt(start - 2))) {
    return true;
  }
  const after = text.slice(end, end + 2);
  return isWordAt(text, end) || /^\.\d/.test(after) || /^-[A-Za-z0-9]/.test(after);
}

/** Finds IPv4 host addresses with valid octets, skipping versions, loopback and netmasks. */
export const ipv4Detector: Detector = {
  name: 'ipv4',
  mayMatch: (text, profile) =>
    profile.digits >= 4 && hasCharacters(profile, CHARACTER.dot) && /\d\.\d+\.\d+\.\d/.test(text),
  find(text) {
    const findings: Finding[] = [];
    CANDIDATE.lastIndex = 0;
    for (let match = CANDIDATE.exec(text); match !== null; match = CANDIDATE.exec(text)) {
      const start = match.index;
      if (isInsidePercentEncoding(text, start)) {
        // Digits of an escape (`%2081.2.69.142`): look again right after the escape.
        CANDIDATE.lastIndex = text.charAt(start - 1) === '%' ? start + 2 : start + 1;
        continue;
      }
      const end = start + match[0].length;
      if (isHostAddress(match[0].split('.')) && !isVersionContext(text, start, end)) {
        findings.push({ detector: 'ipv4', start, end, value: match[0] });
      }
    }
    return findings;
  },
};
