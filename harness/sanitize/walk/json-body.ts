import { getManyValues, isMany, none } from 'stream-chain/defs.js';
import { jsonParser, type Token } from 'stream-json/core/parser.js';
import type { JsonPathRule } from '../rules.js';
import { decodeBase64Text } from './base64-text.js';
import { replaceFieldSecrets } from './field-secrets.js';
import { countReplacement, TYPED_VALUE_DETECTOR, type SanitizeContext } from './context.js';
import type { JsonPathSegment } from './json-path.js';
import { isCardLikeDigits, sanitizeStringValue, sanitizeText } from './text.js';

const PERCENT_ESCAPE = /%[0-9A-Fa-f]{2}/;

/**
 * Tells whether the text has escapes (`\u0040`, `\"`) or percent-encoding, which change what
 * a detector finds in the raw text, so a body that has any of them is walked string by
 * string. Native substring searches rule most bodies out faster than one regular expression.
 */
function hasHidingEscapes(text: string): boolean {
  return text.includes('\\') || (text.includes('%') && PERCENT_ESCAPE.test(text));
}

/**
 * Sanitizes JSON text. A first pass runs over the text as written, so detectors that need
 * the key (`"api_key": "..."`) or match values in their JSON-escaped form find them, and the
 * layout stays as it was. A second pass walks the document key by key when the text has
 * escapes or percent-encoding that could hide a value, or when `rules.jsonPaths` apply.
 * Before both, a string that is exactly a typed value gets that value's replacement.
 * It keeps keys, sanitizes string leaves (URLs as URLs, strings containing JSON as JSON)
 * and numbers with as many digits as a payment card, and replaces values under a JSON path
 * rule whole. Only when that pass replaces something is the document written again, without
 * whitespace and with every number exactly as it was written. Text that is not JSON gets
 * the first pass only.
 */
export function sanitizeJsonText(context: SanitizeContext, json: string, location: string): string {
  // Strings that echo a typed value get its replacement before a detector reads them as a
  // whole value of their own (`ann@quill.ne` as an address).
  const echoes = context.typed?.replaceInJson(json);
  if (echoes !== undefined && echoes.replaced > 0) {
    for (let count = 0; count < echoes.replaced; count++) {
      countReplacement(context, TYPED_VALUE_DETECTOR, location);
    }
    json = echoes.json;
  }
  json = replaceFieldSecrets(context, json, location);
  const first = sanitizeText(context, json, location);
  if (
    context.rules.jsonPaths.length === 0 &&
    !hasHidingEscapes(first) &&
    !hasCardLikeNumber(first) &&
    !hasBase64Text(first)
  ) {
    return first;
  }
  const tokens = tokenize(first);
  if (tokens === undefined) {
    return first;
  }
  return rewriteTokens(context, location, tokens) ?? first;
}

/** A string value, or a parameter value in a URL inside one, that may be base64. */
const BASE64_CANDIDATE = /["=]([A-Za-z0-9+/_-]{16,}={0,2})(?=["&\\])/g;

/**
 * Tells whether a string or a URL parameter in the JSON text is base64 of text, such as a
 * sign-in `state`, whose content only the walk of each string decodes.
 */
function hasBase64Text(json: string): boolean {
  for (const match of json.matchAll(BASE64_CANDIDATE)) {
    if (decodeBase64Text(match[1] ?? '') !== undefined) {
      return true;
    }
  }
  return false;
}

function hasCardLikeNumber(json: string): boolean {
  return /(^|[^\d."\w])\d{12,19}([^\d."\w]|$)/.test(json);
}

/**
 * Sanitizes a string found inside JSON. A string that is itself JSON (a body logged by the
 * console plugin, a serialized state) is sanitized as JSON, so detectors that need the key
 * (`"api_key": "..."`) see it without the escaping of the outer document.
 */
export function sanitizeJsonString(
  context: SanitizeContext,
  value: string,
  location: string,
): string {
  // A string that is not JSON may still hold fields: a GraphQL query's `password: "..."`.
  return sanitizeStringValue(
    context,
    replaceFieldSecrets(context, value, location),
    location,
    sanitizeJsonText,
  );
}

function tokenize(json: string): Token[] | undefined {
  try {
    const parse = jsonParser({ packValues: true, streamValues: false });
    // The parser is a stream-chain stage: `none` marks the end of the input and flushes it.
    const flush = parse as unknown as (end: typeof none) => unknown;
    const tokens: Token[] = [];
    for (const result of [parse(json), flush(none)]) {
      if (isMany(result)) {
        tokens.push(...(getManyValues(result) as Token[]));
      }
    }
    return tokens;
  } catch {
    return undefined;
  }
}

interface Container {
  isArray: boolean;
  count: number;
}

interface JsonWalk {
  context: SanitizeContext;
  location: string;
}

/** Writes the tokens back as JSON with leaves replaced; returns undefined when nothing changed. */
function rewriteTokens(
  context: SanitizeContext,
  location: string,
  tokens: Token[],
): string | undefined {
  const walk: JsonWalk = { context, location };
  const out: string[] = [];
  const containers: Container[] = [];
  const path: JsonPathSegment[] = [];
  let changed = false;

  const beginValue = () => {
    const parent = containers[containers.length - 1];
    if (parent?.isArray) {
      out.push(parent.count > 0 ? ',' : '');
      path[path.length - 1] = parent.count;
      parent.count += 1;
    }
  };

  for (const token of tokens) {
    switch (token.name) {
      case 'startObject':
      case 'startArray':
        beginValue();
        out.push(token.name === 'startObject' ? '{' : '[');
        containers.push({ isArray: token.name === 'startArray', count: 0 });
        path.push(0);
        break;
      case 'endObject':
      case 'endArray':
        out.push(token.name === 'endObject' ? '}' : ']');
        containers.pop();
        path.pop();
        break;
      case 'keyValue': {
        const parent = containers[containers.length - 1]!;
        out.push(`${parent.count > 0 ? ',' : ''}${JSON.stringify(token.value)}:`);
        parent.count += 1;
        path[path.length - 1] = token.value;
        break;
      }
      case 'stringValue': {
        beginValue();
        const replaced = sanitizeStringLeaf(walk, token.value, path);
        changed ||= replaced !== token.value;
        out.push(JSON.stringify(replaced));
        break;
      }
      case 'numberValue': {
        beginValue();
        const replaced = sanitizeNumberLeaf(walk, token.value, path);
        changed ||= replaced !== token.value;
        out.push(replaced);
        break;
      }
      case 'nullValue':
      case 'trueValue':
      case 'falseValue':
        beginValue();
        out.push(String(token.value));
        break;
      default:
        break;
    }
  }
  return changed ? out.join('') : undefined;
}

function ruleFor(
  context: SanitizeContext,
  path: readonly JsonPathSegment[],
): JsonPathRule | undefined {
  return context.rules.jsonPaths.find((rule) => rule.matches(path));
}

function sanitizeStringLeaf(
  walk: JsonWalk,
  value: string,
  path: readonly JsonPathSegment[],
): string {
  const { context, location } = walk;
  const rule = ruleFor(context, path);
  if (rule) {
    return value === ''
      ? value
      : context.text.replaceWhole(value, rule.detector, location, rule.mode);
  }
  return sanitizeJsonString(context, value, location);
}

/** Returns the JSON text of a number leaf: the digits as written, or their replacement. */
function sanitizeNumberLeaf(
  walk: JsonWalk,
  digits: string,
  path: readonly JsonPathSegment[],
): string {
  const { context, location } = walk;
  const rule = ruleFor(context, path);
  let replaced = digits;
  if (rule) {
    replaced = context.text.replaceWhole(digits, rule.detector, location, rule.mode);
  } else if (isCardLikeDigits(digits)) {
    replaced = context.text.sanitize(digits, location);
  }
  if (replaced === digits) {
    return digits;
  }
  return /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/.test(replaced)
    ? replaced
    : JSON.stringify(replaced);
}
