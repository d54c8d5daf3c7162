import type { SanitizeContext } from '../../sanitize/walk/context.js';
import { looksLikeUrl, sanitizeNumber, sanitizeText } from '../../sanitize/walk/text.js';
import { sanitizeUrl } from '../../sanitize/walk/url.js';

/** A parsed JSON value. */
export type JsonValue =
  null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/**
 * Returns a copy of a parsed JSON value with every string, object key and card-like number
 * sanitized: strings that are URLs as URLs, other strings as text. Values that need no change
 * are returned as they are, so `result === value` means that nothing changed.
 */
export function sanitizeJsonTree(
  context: SanitizeContext,
  value: JsonValue,
  location: string,
): JsonValue {
  if (typeof value === 'string') {
    return looksLikeUrl(value)
      ? sanitizeUrl(context, value, location)
      : sanitizeText(context, value, location);
  }
  if (typeof value === 'number') {
    return sanitizeNumber(context, value, location);
  }
  if (Array.isArray(value)) {
    const items = value.map((item) => sanitizeJsonTree(context, item, location));
    return items.some((item, index) => item !== value[index]) ? items : value;
  }
  if (value === null || typeof value !== 'object') {
    return value;
  }
  let changed = false;
  const result: { [key: string]: JsonValue } = {};
  for (const [key, child] of Object.entries(value)) {
    const newKey = sanitizeText(context, key, location);
    const newChild = sanitizeJsonTree(context, child, location);
    changed ||= newKey !== key || newChild !== child;
    result[newKey] = newChild;
  }
  return changed ? result : value;
}
