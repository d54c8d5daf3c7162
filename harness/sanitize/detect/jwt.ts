import type { Finding } from '../types.js';
import { isWordBefore, type Detector } from './detector.js';
import { CHARACTER, hasCharacters } from './text-profile.js';

/** Three base64url parts, matched only at an `eyJ` (`{"` encoded) that starts a token. */
const CANDIDATE = /eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/y;

const UTF8 = new TextDecoder();

/**
 * Decodes base64url text and then its UTF-8 bytes, as Node's base64url decoding does for the
 * alphabet the candidate pattern allows: padding is optional, and a lone last character
 * (6 bits, no whole byte) is dropped. Uses `atob`, so it also runs in a browser.
 */
function decodeBase64Url(segment: string): string {
  const whole = segment.length % 4 === 1 ? segment.slice(0, -1) : segment;
  const base64 = whole.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(base64.padEnd(Math.ceil(base64.length / 4) * 4, '='));
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index++) {
    bytes[index] = binary.charCodeAt(index);
  }
  return UTF8.decode(bytes);
}

/** Tells whether a base64url segment decodes to a JSON object with a string `alg`. */
export function isJwtHeader(segment: string): boolean {
  try {
    const header = JSON.parse(decodeBase64Url(segment)) as unknown;
    return (
      typeof header === 'object' &&
      header !== null &&
      typeof (header as { alg?: unknown }).alg === 'string'
    );
  } catch {
    return false;
  }
}

/** Finds JSON Web Tokens: three base64url parts whose header is JSON with an `alg`. */
export const jwtDetector: Detector = {
  name: 'jwt',
  mayMatch: (text, profile) =>
    hasCharacters(profile, CHARACTER.dot | CHARACTER.upper | CHARACTER.lower) &&
    text.includes('eyJ'),
  find(text) {
    const findings: Finding[] = [];
    // The pattern runs only at an `eyJ` that can start a token. Run at every `eyJ` of a long
    // run such as `eyJeyJ…`, it read to the run's end each time, in quadratic time.
    let start = text.indexOf('eyJ');
    while (start >= 0) {
      const before = text.charAt(start - 1);
      if (isWordBefore(text, start) || before === '-' || before === '.') {
        start = text.indexOf('eyJ', start + 1);
        continue;
      }
      CANDIDATE.lastIndex = start;
      const match = CANDIDATE.exec(text);
      if (match === null) {
        start = text.indexOf('eyJ', start + 1);
        continue;
      }
      const end = start + match[0].length;
      if (text.charAt(end) !== '.' && isJwtHeader(match[0].slice(0, match[0].indexOf('.')))) {
        findings.push({ detector: 'jwt', start, end, value: match[0] });
      }
      start = text.indexOf('eyJ', end);
    }
    return findings;
  },
};
