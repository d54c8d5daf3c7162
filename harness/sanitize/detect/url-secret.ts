import type { Finding } from '../types.js';
import type { Detector } from './detector.js';
import { CHARACTER, hasCharacters } from './text-profile.js';

/**
 * URL parameters whose value is a credential, after `?`, `&`, `#` (OAuth implicit flow) or
 * `;` (`&amp;` in HTML). The value ends at the next delimiter, quote, space or backslash.
 */
const URL_SECRET =
  /[?&#;](?:(?:access_|refresh_|id_)?token|key|api_?key|code|password|passwd|pwd|secret|client_secret|session(?:_?id)?|sid|signature|sig|auth|x-amz-signature|x-amz-security-token|x-amz-credential)=([^&#\s"'<>\\]{4,})/gi;

/** Finds the values of credential parameters in URLs and query strings. */
export const urlSecretDetector: Detector = {
  name: 'url-secret',
  // The shortest match is a delimiter, a three-letter name, `=` and four characters: `?sid=abcd`.
  mayMatch: (text, profile) => text.length >= 9 && hasCharacters(profile, CHARACTER.equals),
  find(text) {
    const findings: Finding[] = [];
    for (const match of text.matchAll(URL_SECRET)) {
      const value = match[1] ?? '';
      const start = match.index + match[0].length - value.length;
      findings.push({ detector: 'url-secret', start, end: start + value.length, value });
    }
    return findings;
  },
};
