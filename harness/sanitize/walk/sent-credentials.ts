import type { NetworkExchange } from '../../fixture/recording.js';
import { findFieldSecrets, urlSecretDetector } from '../detect/url-secret.js';
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
  const body = request.body;
  if (body?.encoding === 'text' && typeof body.data === 'string') {
    values.push(...findFieldSecrets(body.data, { passwords: true }).map((found) => found.value));
    values.push(...parameterSecrets(`?${body.data}`));
  }
  return values;
}

/** Returns the password of a `Basic` authorization header, or undefined for another one. */
function basicPassword(header: string): string | undefined {
  const match = /^basic\s+([A-Za-z0-9+/=]+)$/i.exec(header.trim());
  if (match === null) {
    return undefined;
  }
  let decoded: string;
  try {
    const bytes = Uint8Array.from(atob(match[1]!), (character) => character.charCodeAt(0));
    decoded = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : decoded.slice(colon + 1);
}

/** Returns the values of `name=value` pairs in a `Cookie` header. */
function cookieValues(header: string): string[] {
  return header.split(';').map((pair) => pair.slice(pair.indexOf('=') + 1).trim());
}

/** Returns the values of credential parameters in query text, as written and decoded. */
function parameterSecrets(query: string): string[] {
  return urlSecretDetector.find(query).flatMap(({ value }) => {
    try {
      const decoded = decodeURIComponent(value.replace(/\+/g, ' '));
      return decoded === value ? [value] : [value, decoded];
    } catch {
      return [value];
    }
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
