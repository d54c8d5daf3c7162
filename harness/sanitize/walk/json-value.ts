import {
  countReplacement,
  CREDENTIAL_HEADER_DETECTOR,
  CREDENTIAL_HEADERS,
  REMOVED_HEADER_VALUE,
  type SanitizeContext,
} from './context.js';
import { sanitizeJsonString } from './json-body.js';
import { sanitizeNumber, sanitizeText } from './text.js';

/**
 * Sanitizes a parsed JSON value such as a custom event payload or a plugin payload. Strings
 * are sanitized as text (URLs as URLs, JSON text as JSON), and so are card-like numbers.
 * A string under a key named like a credential header (`authorization`, `cookie`) gets the
 * fixed removed value. Keys are sanitized as text too, because an app may key a map by e-mail
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
    for (const [key, child] of Object.entries(record)) {
      if (typeof child === 'string' && CREDENTIAL_HEADERS.has(key.toLowerCase())) {
        if (child !== REMOVED_HEADER_VALUE) {
          record[key] = REMOVED_HEADER_VALUE;
          countReplacement(context, CREDENTIAL_HEADER_DETECTOR, location);
        }
      } else {
        record[key] = sanitizeJsonValue(context, child, location);
      }
    }
    sanitizeKeys(context, record, location);
  }
  return value;
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
