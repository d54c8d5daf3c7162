import type { Finding } from '../types.js';
import { isWordBefore, type Detector } from './detector.js';

const CANDIDATE = /eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g;

/** Tells whether a base64url segment decodes to a JSON object with a string `alg`. */
export function isJwtHeader(segment: string): boolean {
  try {
    const header = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8')) as unknown;
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
  mayMatch: (text) => text.includes('eyJ'),
  find(text) {
    const findings: Finding[] = [];
    for (const match of text.matchAll(CANDIDATE)) {
      const start = match.index;
      const end = start + match[0].length;
      const before = text.charAt(start - 1);
      if (isWordBefore(text, start) || before === '-' || before === '.') {
        continue;
      }
      if (text.charAt(end) !== '.' && isJwtHeader(match[0].slice(0, match[0].indexOf('.')))) {
        findings.push({ detector: 'jwt', start, end, value: match[0] });
      }
    }
    return findings;
  },
};
