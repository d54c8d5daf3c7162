import type { Finding } from '../types.js';
import { isWordBefore, type Detector } from './detector.js';
import { CHARACTER, hasCharacters } from './text-profile.js';

/** RFC 6750 b64token after the case-insensitive scheme name and a space, also as `%20`. */
const BEARER = /bearer(?:[ \t]+|%20)([A-Za-z0-9\-._~+/]+=*)/gi;

/**
 * Tells whether a bearer credential looks like a token rather than a word: at least 16
 * characters with a digit or with both letter cases.
 */
function isTokenLike(token: string): boolean {
  return token.length >= 16 && (/\d/.test(token) || (/[a-z]/.test(token) && /[A-Z]/.test(token)));
}

/** Finds the credential of `Bearer <token>`. The finding is the token, not the scheme. */
export const bearerTokenDetector: Detector = {
  name: 'bearer-token',
  // `bearer`, a space and a token of 16 characters with a digit or an upper-case letter.
  mayMatch: (text, profile) =>
    text.length >= 23 &&
    (profile.digits > 0 || hasCharacters(profile, CHARACTER.upper)) &&
    /bearer/i.test(text),
  find(text) {
    const findings: Finding[] = [];
    for (const match of text.matchAll(BEARER)) {
      const token = match[1] ?? '';
      // The scheme must start a word. A lookbehind in the regex would slow the search a lot.
      if (!isWordBefore(text, match.index) && isTokenLike(token)) {
        const start = match.index + match[0].length - token.length;
        findings.push({ detector: 'bearer-token', start, end: start + token.length, value: token });
      }
    }
    return findings;
  },
};
