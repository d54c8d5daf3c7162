import type { Finding } from '../types.js';
import type { Detector } from './detector.js';
import { CHARACTER, hasCharacters } from './text-profile.js';

/**
 * URL parameters whose value is a credential, after `?`, `&`, `#` (OAuth implicit flow) or
 * `;` (`&amp;` in HTML). The value ends at the next delimiter, quote, space or backslash.
 */
const URL_SECRET =
  /[?&#;](?:(?:access_|refresh_|id_)?token|key|api_?key|code|password|passwd|pwd|secret|client_secret|session(?:_?id)?|sid|signature|sig|auth|x-amz-signature|x-amz-security-token|x-amz-credential)=([^&#\s"'<>\\]{4,})/gi;

/**
 * String fields whose value is a credential, in JSON, JavaScript object literals and GraphQL
 * arguments: `"password": "..."`, `refreshToken: "..."`. Only names that always hold a
 * credential are listed. `key`, `code` and names ending in `token` (`pageToken`, a paging
 * cursor that a replay sends back in a URL) stay out, because replacing them in a body alone
 * would break the requests that carry them.
 */
const FIELD_SECRET =
  /(?:^|[^\w"'])(["']?)(?:password|passwd|pwd|passcode|secret|client_?secret|token|access_?token|refresh_?token|id_?token|auth_?token|api_?key|otp|session_?id|private_?key|csrf_?token|xsrf_?token)\1\s*:\s*"([^"\\]{4,})"/gi;

function collect(text: string, pattern: RegExp, findings: Finding[]): void {
  for (const match of text.matchAll(pattern)) {
    const value = match[match.length - 1] ?? '';
    const valueEnd = match[0].endsWith('"') ? match[0].length - 1 : match[0].length;
    const start = match.index + valueEnd - value.length;
    findings.push({ detector: 'url-secret', start, end: start + value.length, value });
  }
}

/**
 * Finds the values of credential parameters in URLs and query strings, and of credential
 * fields in JSON and object literals.
 */
export const urlSecretDetector: Detector = {
  name: 'url-secret',
  // The shortest URL match is a delimiter, a three-letter name, `=` and four characters:
  // `?sid=abcd`. The shortest field is `otp:"abcd"`.
  mayMatch: (text, profile) =>
    text.length >= 9 && (hasCharacters(profile, CHARACTER.equals) || profile.colons > 0),
  find(text) {
    const findings: Finding[] = [];
    collect(text, URL_SECRET, findings);
    if (text.includes(':')) {
      collect(text, FIELD_SECRET, findings);
    }
    return findings;
  },
};
