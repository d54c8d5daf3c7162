import type { CapturedBody, NetworkExchange } from '../../fixture/recording.js';
import { findFieldSecrets, isSecretPartHeader, urlSecretDetector } from '../detect/url-secret.js';
import { multipartBoundary } from './content-type.js';
import { CREDENTIAL_HEADERS, SECRET_HEADER, type SanitizeContext } from './context.js';
import { replaceWholeOccurrences } from './whole-occurrences.js';

/** Shortest typed value that is looked for among the credentials a request sends. */
const MIN_CREDENTIAL_LENGTH = 8;
/** Maximum length of such a value: keys and passwords are shorter. */
const MAX_CREDENTIAL_LENGTH = 512;
/**
 * Maximum number of typed values looked for. Each costs one search of every request's bytes,
 * so the bound keeps a session with much typing from slowing the first pass.
 */
export const MAX_CREDENTIAL_CANDIDATES = 64;
/**
 * Maximum number of `Basic` passwords looked for in later text. Every text is searched for
 * each one, so a recording that sent thousands of distinct passwords took time quadratic in
 * its exchanges (99 s for 32,000). A session rarely signs in with more than a few.
 */
export const MAX_BASIC_PASSWORDS = 64;

/**
 * Tells whether a typed value could be a key, token or password that a request sends: at
 * least eight characters without spaces, with a letter, and without `@`. Addresses and card
 * numbers are left out, because detectors find them wherever they are typed, and only typed
 * values of this shape make the first pass read the requests.
 */
export function mayBeSentCredential(value: string): boolean {
  return (
    value.length >= MIN_CREDENTIAL_LENGTH &&
    value.length <= MAX_CREDENTIAL_LENGTH &&
    !/[\s@]/.test(value) &&
    /\p{L}/u.test(value)
  );
}

/**
 * Returns the values that an exchange's request sends as a credential: header values of
 * `Authorization`, `Cookie` and headers named for a secret (`x-api-key`), credential
 * parameters of its URL and form body, and credential fields of its text body. The sanitizer
 * replaces these whole, so a field where the same value was typed must be replaced whole too.
 * No detector recognizes an opaque key, so the Input events would keep it otherwise.
 */
export function sentCredentials(exchange: NetworkExchange): string[] {
  // The first pass reads exchanges before the second pass checks their shape.
  const request = exchange?.request as Partial<NetworkExchange['request']> | undefined;
  if (typeof request !== 'object' || request === null) {
    return [];
  }
  const values: string[] = [];
  const headers =
    typeof request.headers === 'object' && request.headers !== null ? request.headers : {};
  for (const [name, value] of Object.entries(headers)) {
    if (typeof value !== 'string') {
      continue;
    }
    const lowerName = name.toLowerCase();
    if (lowerName === 'cookie') {
      values.push(...cookieValues(value));
    } else if (CREDENTIAL_HEADERS.has(lowerName)) {
      // `Bearer <token>`, `Basic <base64 of user:password>`, or a bare token.
      values.push(value, value.slice(value.indexOf(' ') + 1));
      const password = basicPassword(value);
      if (password !== undefined) {
        values.push(password);
      }
    } else if (SECRET_HEADER.test(lowerName)) {
      values.push(value);
    }
  }
  if (typeof request.url === 'string') {
    values.push(...parameterSecrets(request.url));
  }
  const text = bodyText(request.body);
  if (text !== undefined) {
    values.push(...fieldSecrets(text), ...parameterSecrets(`?${text}`));
    const contentType = Object.entries(headers).find(
      ([name]) => name.toLowerCase() === 'content-type',
    )?.[1];
    values.push(...multipartSecrets(text, contentType));
  }
  // Headers and parameters may carry a key percent-encoded, as `encodeURIComponent` leaves it.
  return values.flatMap((value) => {
    const decoded = decodePercent(value);
    return decoded === value ? [value] : [value, decoded];
  });
}

/**
 * Returns the text of a request body: as recorded, or its base64 read one byte per character,
 * as multipart bodies of files are recorded. Undefined without a body.
 */
function bodyText(body: Partial<CapturedBody> | undefined): string | undefined {
  if (typeof body?.data !== 'string') {
    return undefined;
  }
  if (body.encoding !== 'base64') {
    return body.data;
  }
  try {
    return atob(body.data);
  } catch {
    return undefined;
  }
}

/**
 * Returns the values of credential fields in JSON or an object literal, and in the strings of
 * a JSON document, where a GraphQL query writes `login(password: "...")` with escaped quotes.
 */
function fieldSecrets(text: string): string[] {
  const found = findFieldSecrets(text, { passwords: true }).map((finding) => finding.value);
  if (text.includes('\\"') && /^\s*[[{]/.test(text)) {
    try {
      for (const leaf of stringLeaves(JSON.parse(text) as unknown)) {
        found.push(...findFieldSecrets(leaf, { passwords: true }).map((finding) => finding.value));
      }
    } catch {
      // Not JSON: the fields as written are all there is.
    }
  }
  return found;
}

/** Returns the strings of a parsed JSON document that contain a `:`, at most 10,000. */
function stringLeaves(value: unknown, leaves: string[] = []): string[] {
  if (leaves.length >= 10_000) {
    return leaves;
  }
  if (typeof value === 'string') {
    if (value.includes(':')) {
      leaves.push(value);
    }
  } else if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) {
      stringLeaves(child, leaves);
    }
  }
  return leaves;
}

/** Returns the values of the form fields named for a credential in a multipart body. */
function multipartSecrets(text: string, contentType: string | undefined): string[] {
  const delimiter = multipartBoundary(contentType);
  if (delimiter === undefined) {
    return [];
  }
  const values: string[] = [];
  for (const part of text.split(`--${delimiter}`)) {
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd >= 0 && isSecretPartHeader(part.slice(0, headerEnd))) {
      const content = part.slice(headerEnd + 4).replace(/\r\n$/, '');
      values.push(bytesAsUtf8(content) ?? content);
    }
  }
  return values;
}

/**
 * Reads text decoded one byte per character (by `atob`, or a multipart body so read) as
 * UTF-8, as a browser sends form fields and credentials. Returns undefined for invalid UTF-8.
 */
function bytesAsUtf8(text: string): string | undefined {
  if (!/[\u0080-\u00ff]/.test(text)) {
    return text;
  }
  try {
    const bytes = Uint8Array.from(text, (character) => character.charCodeAt(0));
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/** Decodes percent escapes (and `+` as a space when asked), or returns the value as written. */
function decodePercent(value: string, plusIsSpace = false): string {
  const spaced = plusIsSpace ? value.replace(/\+/g, ' ') : value;
  if (!spaced.includes('%')) {
    return spaced;
  }
  try {
    return decodeURIComponent(spaced);
  } catch {
    return value;
  }
}

/** Returns the password of a `Basic` authorization header, or undefined for another one. */
export function basicPassword(header: string): string | undefined {
  const match = /^basic\s+([A-Za-z0-9+/=]+)$/i.exec(header.trim());
  if (match === null) {
    return undefined;
  }
  let decoded: string | undefined;
  try {
    decoded = bytesAsUtf8(atob(match[1]!));
  } catch {
    // Not base64 after all.
  }
  if (decoded === undefined || !decoded.includes(':')) {
    return undefined;
  }
  return decoded.slice(decoded.indexOf(':') + 1);
}

/**
 * Names of cookies that hold a session or a credential: `sid`, `PHPSESSID`, `connect.sid`,
 * `auth_token`, `jwt`. Other cookies keep preferences (`tz=Europe/Berlin`, `theme=dark`),
 * whose values a page also shows and sends as ordinary values.
 */
const CREDENTIAL_COOKIE = /sess|sid|token|auth|jwt|key|secret|pass/i;

/** Returns the values of the session and credential cookies in a `Cookie` header. */
function cookieValues(header: string): string[] {
  return header.split(';').flatMap((pair) => {
    const equals = pair.indexOf('=');
    const name = pair.slice(0, Math.max(0, equals)).trim();
    return equals > 0 && CREDENTIAL_COOKIE.test(name) ? [pair.slice(equals + 1).trim()] : [];
  });
}

/** Returns the values of credential parameters in query text, as written and decoded. */
function parameterSecrets(query: string): string[] {
  return urlSecretDetector.find(query).flatMap(({ value }) => {
    const decoded = decodePercent(value, true);
    return decoded === value ? [value] : [value, decoded];
  });
}

/**
 * Replaces each place in text of a typed value that the recording's requests send as a
 * credential, standing as a whole value, with the `url-secret` replacement that the request
 * and the Input events get. No detector recognizes such a key or password, so page text and
 * bodies that show it (`Your key: ...`) would keep it otherwise, before the typing and after.
 */
export function replaceSentCredentials(
  context: SanitizeContext,
  text: string,
  location: string,
): string {
  for (const value of context.sentCredentials ?? []) {
    if (!text.includes(value)) {
      continue;
    }
    // Counted once per place, as the detectors count their findings.
    const { places } = replaceWholeOccurrences(text, value, value);
    let replacement = value;
    for (let count = 0; count < places; count++) {
      replacement = context.text.replaceWhole(value, 'url-secret', location);
    }
    text = replaceWholeOccurrences(text, value, replacement).text;
  }
  return text;
}

/**
 * Adds the password of a `Basic` authorization header to the values replaced wherever they
 * appear, for the exchanges sanitized after it. The header itself is removed, but an API may
 * echo the password (`your password ... is weak`), and a password field that the recorder
 * masked gives no typed value to find it by. Only the first {@link MAX_BASIC_PASSWORDS}
 * distinct passwords are added.
 */
export function noteBasicPassword(context: SanitizeContext, header: string): void {
  const password = basicPassword(header);
  const known = context.sentCredentials;
  const noted = context.basicPasswords;
  if (
    known === undefined ||
    noted === undefined ||
    password === undefined ||
    noted.size >= MAX_BASIC_PASSWORDS ||
    !looksLikePassword(password) ||
    known.includes(password)
  ) {
    return;
  }
  noted.add(password);
  // Longer passwords come first, so one that contains another is replaced before it.
  const position = known.findIndex((value) => value.length < password.length);
  known.splice(position < 0 ? known.length : position, 0, password);
}

/**
 * Tells whether a `Basic` password is distinct enough to replace wherever it appears: eight
 * characters or more, without spaces, with a letter and a character that is not one. A word
 * such as `password` or `secret` is also the app's own text (`Choose a strong password.`).
 */
function looksLikePassword(password: string): boolean {
  return (
    password.length >= 8 &&
    !/\s/.test(password) &&
    /\p{L}/u.test(password) &&
    /[^\p{L}]/u.test(password)
  );
}
