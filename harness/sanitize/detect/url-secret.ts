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
 * Names of string fields whose value is a credential, in JSON, JavaScript object literals and
 * GraphQL arguments (`"password": "..."`, `refreshToken: "..."`), in lower case without
 * underscores. Only names that always hold a credential are listed. `key`, `code` and names
 * ending in `token` (`pageToken`, a paging cursor that a replay sends back in a URL) stay out,
 * because replacing them in a body alone would break the requests that carry them.
 */
const SECRET_FIELDS: ReadonlySet<string> = new Set([
  'password',
  'passwd',
  'pwd',
  'passcode',
  'secret',
  'clientsecret',
  'token',
  'accesstoken',
  'refreshtoken',
  'idtoken',
  'authtoken',
  'apikey',
  'otp',
  'sessionid',
  'privatekey',
  'csrftoken',
  'xsrftoken',
]);
/** First and last letters of those names, which rule out most keys without building a string. */
const FIELD_FIRST_LETTERS = new Set([...SECRET_FIELDS].map((name) => name.charCodeAt(0)));
const FIELD_LAST_LETTERS = new Set(
  [...SECRET_FIELDS].map((name) => name.charCodeAt(name.length - 1)),
);
const MIN_FIELD_NAME = 3;
const MAX_FIELD_NAME = 16;
const MIN_SECRET_LENGTH = 4;

function collectUrlSecrets(text: string, findings: Finding[]): void {
  for (const match of text.matchAll(URL_SECRET)) {
    const value = match[1] ?? '';
    const start = match.index + match[0].length - value.length;
    findings.push({ detector: 'url-secret', start, end: start + value.length, value });
  }
}

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

function isNameCode(code: number): boolean {
  return (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a) || code === 0x5f;
}

function isWordOrQuote(code: number): boolean {
  return isNameCode(code) || (code >= 0x30 && code <= 0x39) || code === 0x22 || code === 0x27;
}

/**
 * Finds the string values of credential fields. It visits each `:` and reads the name before
 * it and the quoted value after it, so no regular expression tries every position of a long
 * body.
 */
function collectFieldSecrets(text: string, findings: Finding[]): void {
  for (let colon = text.indexOf(':'); colon >= 0; colon = text.indexOf(':', colon + 1)) {
    let end = colon;
    while (end > 0 && isSpace(text.charCodeAt(end - 1))) {
      end--;
    }
    const quote = text.charCodeAt(end - 1);
    const quoted = quote === 0x22 || quote === 0x27;
    if (quoted) {
      end--;
    }
    let start = end;
    while (start > 0 && isNameCode(text.charCodeAt(start - 1))) {
      start--;
    }
    if (end - start < MIN_FIELD_NAME || end - start > MAX_FIELD_NAME) {
      continue;
    }
    let before = start - 1;
    if (quoted) {
      if (text.charCodeAt(before) !== quote) {
        continue;
      }
      before--;
    }
    if (before >= 0 && isWordOrQuote(text.charCodeAt(before))) {
      continue;
    }
    // `| 0x20` lower-cases an ASCII letter.
    if (
      !FIELD_FIRST_LETTERS.has(text.charCodeAt(start) | 0x20) ||
      !FIELD_LAST_LETTERS.has(text.charCodeAt(end - 1) | 0x20) ||
      !SECRET_FIELDS.has(text.slice(start, end).toLowerCase().replace(/_/g, ''))
    ) {
      continue;
    }
    let valueStart = colon + 1;
    while (isSpace(text.charCodeAt(valueStart))) {
      valueStart++;
    }
    if (text.charCodeAt(valueStart) !== 0x22) {
      continue;
    }
    valueStart++;
    let valueEnd = valueStart;
    while (valueEnd < text.length && text[valueEnd] !== '"' && text[valueEnd] !== '\\') {
      valueEnd++;
    }
    if (text[valueEnd] === '"' && valueEnd - valueStart >= MIN_SECRET_LENGTH) {
      const value = text.slice(valueStart, valueEnd);
      findings.push({ detector: 'url-secret', start: valueStart, end: valueEnd, value });
    }
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
    if (text.includes('=')) {
      collectUrlSecrets(text, findings);
    }
    // A field's value is in double quotes, which URLs, CSS and prose rarely contain.
    if (text.includes('"')) {
      collectFieldSecrets(text, findings);
    }
    return findings;
  },
};
