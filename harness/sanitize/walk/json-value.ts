import {
  isFlagValue,
  isNamedSecret,
  isSecretFieldName,
  looksRandom,
} from '../detect/url-secret.js';
import {
  countReplacement,
  CREDENTIAL_HEADER_DETECTOR,
  CREDENTIAL_HEADERS,
  REMOVED_HEADER_VALUE,
  SECRET_HEADER,
  type SanitizeContext,
} from './context.js';
import { sanitizeJsonString } from './json-body.js';
import { sanitizeNumber, sanitizeText } from './text.js';

/**
 * Sanitizes a parsed JSON value such as a custom event payload or a plugin payload. Strings
 * are sanitized as text (URLs as URLs, JSON text as JSON), and so are card-like numbers.
 * A string under a key named like a credential header (`authorization`, `cookie`) gets the
 * fixed removed value. The value of a credential field (`apiKey`), or of a pair that names a
 * credential (`{ name: "X-Api-Key", value }`), is replaced whole. Keys are sanitized as text too, because an app may key a map by e-mail
 * address or card number. Objects and arrays are changed in place, and the value is returned.
 */
export function sanitizeJsonValue(
  context: SanitizeContext,
  value: unknown,
  location: string,
): unknown {
  if (typeof value === 'string') {
    return sanitizeJsonString(context, value, location);
  }
  if (typeof value === 'number') {
    return sanitizeNumber(context, value, location);
  }
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      value[index] = sanitizeJsonValue(context, value[index], location);
    }
    return value;
  }
  if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    const pairedName = credentialNameOfPair(record);
    for (const [key, child] of Object.entries(record)) {
      if (typeof child !== 'string') {
        record[key] = sanitizeJsonValue(context, child, location);
        continue;
      }
      const isPairValue = pairedName !== undefined && PAIR_VALUE_KEYS.has(key);
      if (
        isCredentialHeaderKey(key, child) ||
        (isPairValue && CREDENTIAL_HEADERS.has(pairedName))
      ) {
        if (child !== REMOVED_HEADER_VALUE) {
          record[key] = REMOVED_HEADER_VALUE;
          countReplacement(context, CREDENTIAL_HEADER_DETECTOR, location);
        }
      } else if (
        (isNamedSecret(key, child) || (isPairValue && looksLikeCredential(child))) &&
        !isReplacementValue(context, child)
      ) {
        record[key] = context.text.replaceWhole(child, 'url-secret', location);
      } else {
        record[key] = sanitizeJsonString(context, child, location);
      }
    }
    sanitizeKeys(context, record, location);
  }
  return value;
}

/** Keys of the value in a name and value pair: a header entry, a storage change. */
const PAIR_VALUE_KEYS: ReadonlySet<string> = new Set(['value', 'newValue', 'oldValue']);

/**
 * Tells whether a paired value has the shape of a credential: one run without spaces, not a
 * flag or JSON, of eight characters with a digit or sixteen characters. A session store also
 * keeps page state under such names (`{ key: "session", newValue: "{...}" }`).
 */
function looksLikeCredential(value: string): boolean {
  return !/[\s{}[\]"]/.test(value) && !isFlagValue(value) && looksRandom(value);
}

/**
 * Returns the lower-case credential name of an object that pairs a name with a value, such as
 * a HAR header entry (`{ name: "X-Api-Key", value }`) or a storage change (`{ key:
 * "authToken", newValue }`), or undefined for another object.
 */
function credentialNameOfPair(record: Record<string, unknown>): string | undefined {
  const name = record.name ?? record.key;
  if (typeof name !== 'string' || name.length > 64) {
    return undefined;
  }
  const lower = name.toLowerCase();
  return CREDENTIAL_HEADERS.has(lower) || SECRET_HEADER.test(lower) || isSecretFieldName(name)
    ? lower
    : undefined;
}

/**
 * Tells whether a key names a credential header (`authorization`, `cookie`), or a cookie
 * string that a script read (`documentCookie: "sid=...; theme=dark"`).
 */
function isCredentialHeaderKey(key: string, value: string): boolean {
  const lower = key.toLowerCase();
  if (CREDENTIAL_HEADERS.has(lower)) {
    return true;
  }
  // Only a script's copy of the cookie jar: `acceptedCookies` lists consent choices.
  return COOKIE_STRING_KEYS.has(lower) && value.includes('=');
}

const COOKIE_STRING_KEYS: ReadonlySet<string> = new Set(['cookies', 'documentcookie']);

/** Tells whether a value is a replacement already, so sanitizing twice changes nothing. */
function isReplacementValue(context: SanitizeContext, value: string): boolean {
  return (
    value === REMOVED_HEADER_VALUE || context.text.isReplacement?.(value, 'url-secret') === true
  );
}

/** Replaces keys that hold a value a detector finds, keeping the order of the keys. */
function sanitizeKeys(
  context: SanitizeContext,
  record: Record<string, unknown>,
  location: string,
): void {
  let renamed: Map<string, string> | undefined;
  for (const key in record) {
    const sanitized = sanitizeText(context, key, location);
    if (sanitized !== key) {
      renamed ??= new Map();
      renamed.set(key, sanitized);
    }
  }
  if (renamed === undefined) {
    return;
  }
  const entries = Object.entries(record);
  for (const [key] of entries) {
    delete record[key];
  }
  for (const [key, child] of entries) {
    // Defined rather than assigned, so a `__proto__` key of parsed JSON stays a plain key.
    Object.defineProperty(record, renamed.get(key) ?? key, {
      value: child,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
}
