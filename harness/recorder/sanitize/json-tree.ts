import type { JsonPathRule } from '../../sanitize/value-rules.js';
import type { SanitizeContext } from '../../sanitize/walk/context.js';
import type { JsonPathSegment } from '../../sanitize/walk/json-path.js';
import { looksLikeUrl, sanitizeNumber, sanitizeText } from '../../sanitize/walk/text.js';
import { sanitizeUrl } from '../../sanitize/walk/url.js';

/** A parsed JSON value. */
export type JsonValue =
  null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/**
 * Returns a copy of a parsed JSON value with every string, object key and card-like number
 * sanitized: strings that are URLs as URLs, other strings as text. A string or number leaf
 * under one of `pathRules` is replaced whole instead, as `replaygate sanitize` does in JSON
 * bodies. Values that need no change are returned as they are, so `result === value` means
 * that nothing changed.
 */
export function sanitizeJsonTree(
  context: SanitizeContext,
  value: JsonValue,
  location: string,
  pathRules: readonly JsonPathRule[] = [],
): JsonValue {
  return sanitizeAt(context, value, location, pathRules, []);
}

function sanitizeAt(
  context: SanitizeContext,
  value: JsonValue,
  location: string,
  pathRules: readonly JsonPathRule[],
  path: JsonPathSegment[],
): JsonValue {
  if (typeof value === 'string' || typeof value === 'number') {
    const rule =
      pathRules.length > 0 ? pathRules.find((candidate) => candidate.matches(path)) : undefined;
    if (rule) {
      return replaceLeaf(context, value, location, rule);
    }
  }
  if (typeof value === 'string') {
    return looksLikeUrl(value)
      ? sanitizeUrl(context, value, location)
      : sanitizeText(context, value, location);
  }
  if (typeof value === 'number') {
    return sanitizeNumber(context, value, location);
  }
  if (Array.isArray(value)) {
    const items = value.map((item, index) => {
      path.push(index);
      const result = sanitizeAt(context, item, location, pathRules, path);
      path.pop();
      return result;
    });
    return items.some((item, index) => item !== value[index]) ? items : value;
  }
  if (value === null || typeof value !== 'object') {
    return value;
  }
  let changed = false;
  const result: { [key: string]: JsonValue } = {};
  for (const [key, child] of Object.entries(value)) {
    const newKey = sanitizeText(context, key, location);
    path.push(key);
    const newChild = sanitizeAt(context, child, location, pathRules, path);
    path.pop();
    changed ||= newKey !== key || newChild !== child;
    // An assignment to `__proto__` would set the prototype instead of adding the key.
    Object.defineProperty(result, newKey, {
      value: newChild,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return changed ? result : value;
}

/** Replaces a leaf under a JSON path rule; a number stays a number when the result is one. */
function replaceLeaf(
  context: SanitizeContext,
  value: string | number,
  location: string,
  rule: JsonPathRule,
): JsonValue {
  const text = String(value);
  if (text === '') {
    return value;
  }
  const replaced = context.text.replaceWhole(text, rule.detector, location, rule.mode);
  if (typeof value === 'string') {
    return replaced;
  }
  const asNumber = Number(replaced);
  return /^-?\d+(\.\d+)?$/.test(replaced) && Number.isFinite(asNumber) ? asNumber : replaced;
}
