import {
  BASE64_DATA_URL,
  decodeDataUrl,
  encodeBase64Content,
  firstLineLength,
  mayContainDataUrl,
} from './content-type.js';
import {
  countReplacement,
  LOCATIONS,
  TYPED_VALUE_DETECTOR,
  type SanitizeContext,
} from './context.js';
import { decodeEscapes, decodePercentEscapes, type DecodedEscapes } from './escaped-text.js';
import { replaceSentCredentials } from './sent-credentials.js';
import { sanitizeFormText, sanitizeUrl } from './url.js';

/** Whole numbers with as many digits as a payment card, checked like text. */
const CARD_LIKE_NUMBER = /^\d{12,19}$/;
/**
 * The parts of CSS that can carry data: `url(...)` references (quoted or not) and quoted
 * strings such as `content: "..."`. Everything else (selectors, numbers, colours) is
 * syntax. Group 1-3 hold a URL, group 4 a string with its quotes. A bare URL contains no
 * unescaped `(`, as in CSS's own grammar, so a text of many `url(` is read in linear time:
 * when each bare URL ran on to the next `url(`, 80 KB of them took 7 s.
 */
export const CSS_DATA_TOKENS =
  /url\(\s*(?:"((?:[^"\\\n]|\\.)*)"|'((?:[^'\\\n]|\\.)*)'|((?:[^()'"\s\\]|\\.)*))\s*\)|("(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')/gi;

/**
 * Sanitizes free text. Base64 `data:` URLs of binary types (images, fonts) inside the text
 * are kept as they are, because their payload is data, and a match of a detector in it
 * would corrupt the image rather than remove a secret. The payload of any other base64
 * `data:` URL is sanitized as decoded text.
 */
export function sanitizeText(context: SanitizeContext, text: string, location: string): string {
  if (text.length === 0) {
    return text;
  }
  const sanitized = replaceDecodedValues(
    context,
    sanitizeTextAsWritten(context, text, location),
    location,
    decodeEscapes,
    (replacement) => replacement,
  );
  // URLs and form bodies were read parameter by parameter, decoded, so only other text is
  // read decoded as a whole, as the audit reads it (`Call me at %2B1%20415%20555%202671`).
  return looksLikeUrl(text) || looksLikeFormText(text)
    ? sanitized
    : replaceDecodedValues(context, sanitized, location, decodePercentEscapes, encodeURIComponent);
}

/**
 * Replaces the values that a detector finds only in the decoded text: with HTML references
 * and JavaScript escapes decoded (`rosalind&#64;...`, `\u002B44 20 ...`), or percent escapes.
 * The value's replacement is written back with `encode`.
 */
function replaceDecodedValues(
  context: SanitizeContext,
  text: string,
  location: string,
  decode: (text: string) => DecodedEscapes | undefined,
  encode: (replacement: string) => string,
): string {
  const decoded = decode(text);
  if (decoded === undefined) {
    return text;
  }
  let result = '';
  let copied = 0;
  for (const finding of context.text.scan(decoded.text)) {
    const start = decoded.writtenIndex[finding.start] ?? text.length;
    const end = decoded.writtenIndex[finding.end] ?? text.length;
    // A value that the first pass replaced is a pseudonym by now, which `scan` leaves out. A
    // value written plainly is found here only with the decoded context (`Bearer&#32;...`).
    if (start < copied) {
      continue;
    }
    result += text.slice(copied, start);
    result += encode(context.text.replaceWhole(finding.value, finding.detector, location));
    copied = end;
  }
  return copied === 0 ? text : result + text.slice(copied);
}

function sanitizeTextAsWritten(context: SanitizeContext, text: string, location: string): string {
  text = replaceSentCredentials(context, text, location);
  const echo = context.typed?.replacementOf(text);
  if (echo !== undefined) {
    // A whole value that a detector finds too (the address typed in full) counts under that
    // detector, as it would without the typing. A partial value counts as typed.
    const [finding] = context.text.scan(text);
    countReplacement(context, finding?.detector ?? TYPED_VALUE_DETECTOR, location);
    return echo;
  }
  const inside = context.typed?.replaceInside(text, (scanned) => context.text.scan(scanned));
  if (inside !== undefined) {
    // Counted like an echo of the whole text: a value that a detector finds whole counts
    // under that detector.
    for (const [typed, places] of inside.replaced) {
      const [finding] = context.text.scan(typed);
      const detector =
        finding?.start === 0 && finding.end === typed.length
          ? finding.detector
          : TYPED_VALUE_DETECTOR;
      for (let count = 0; count < places; count++) {
        countReplacement(context, detector, location);
      }
    }
    text = inside.text;
  }
  const grouped = context.typed?.replaceGroupedInside(text);
  if (grouped !== undefined) {
    for (let count = 0; count < grouped.places; count++) {
      countReplacement(context, TYPED_VALUE_DETECTOR, location);
    }
    text = grouped.text;
  }
  // The audit reads such text as a URL or a form body and decodes it (`+` as a space), so it is
  // sanitized the same way. Read as written, a `+` would stay inside one replaced value.
  if (looksLikeUrl(text)) {
    return sanitizeUrl(context, text, location);
  }
  if (looksLikeFormText(text)) {
    return sanitizeFormText(context, text, location);
  }
  if (!mayContainDataUrl(text)) {
    return context.text.sanitize(text, location);
  }
  let result = '';
  let last = 0;
  for (const match of text.matchAll(BASE64_DATA_URL)) {
    result += context.text.sanitize(text.slice(last, match.index), location);
    result += sanitizeDataUrl(context, match, location);
    last = match.index + match[0].length;
  }
  return last === 0
    ? context.text.sanitize(text, location)
    : result + context.text.sanitize(text.slice(last), location);
}

/**
 * Sanitizes one base64 `data:` URL found in text. A binary payload stays as it is. A text
 * payload hides its content from a scan of the base64 letters, so it is decoded, sanitized
 * as text (a `data:` URL inside it included) and encoded again. The audit also scans the
 * letters as text, so they are sanitized as text too.
 */
function sanitizeDataUrl(
  context: SanitizeContext,
  match: RegExpMatchArray,
  location: string,
): string {
  const decoded = decodeDataUrl(match);
  if (decoded === undefined) {
    // Only the payload is data. The parameters (`name=...`) and the lines after a wrapped
    // binary payload are read as text.
    const whole = match[0];
    const payloadStart = whole.indexOf(',') + 1;
    const firstLine = firstLineLength(whole);
    return (
      context.text.sanitize(whole.slice(0, payloadStart), location) +
      whole.slice(payloadStart, firstLine) +
      sanitizeText(context, whole.slice(firstLine), location)
    );
  }
  const sanitized = sanitizeText(context, decoded.text, location);
  const dataUrl =
    sanitized === decoded.text
      ? match[0]
      : `${match[0].slice(0, match[0].indexOf(',') + 1)}${encodeBase64Content(sanitized, decoded.encoding)}`;
  return context.text.sanitize(dataUrl, location);
}

/**
 * Sanitizes CSS: only URLs in `url(...)` and quoted strings change, because selectors,
 * numbers and colours carry no personal data, and a detector match in them (a 10-digit
 * `z-index` read as a phone number) would change the rendering.
 */
export function sanitizeCss(context: SanitizeContext, css: string, location: string): string {
  if (!css.includes('url(') && !css.includes('"') && !css.includes("'")) {
    return css;
  }
  return css.replace(
    CSS_DATA_TOKENS,
    (
      whole: string,
      doubleQuoted?: string,
      singleQuoted?: string,
      bare?: string,
      quoted?: string,
    ) => {
      if (quoted !== undefined) {
        const inner = quoted.slice(1, -1);
        const sanitized = sanitizeText(context, inner, location);
        return sanitized === inner ? whole : `${quoted[0]}${sanitized}${quoted[0]}`;
      }
      const url = doubleQuoted ?? singleQuoted ?? bare ?? '';
      const sanitized = sanitizeUrl(context, url, location);
      if (sanitized === url) {
        return whole;
      }
      let quote = '';
      if (doubleQuoted !== undefined) {
        quote = '"';
      } else if (singleQuoted !== undefined) {
        quote = "'";
      }
      return `url(${quote}${sanitized}${quote})`;
    },
  );
}

/**
 * Sanitizes every string inside a style sheet event as CSS, in place, so only URLs and quoted
 * strings change. Returns the value, or the sanitized string when `value` is a string.
 */
export function sanitizeCssStrings(context: SanitizeContext, value: unknown): unknown {
  if (typeof value === 'string') {
    return sanitizeCss(context, value, LOCATIONS.domCss);
  }
  if (Array.isArray(value)) {
    value.forEach((item, index) => {
      value[index] = sanitizeCssStrings(context, item);
    });
  } else if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    for (const [key, child] of Object.entries(record)) {
      record[key] = sanitizeCssStrings(context, child);
    }
  }
  return value;
}

/**
 * Sanitizes a number that has as many digits as a payment card. The result stays a number
 * when the replacement is digits only and survives the round trip, so the JSON type holds.
 */
export function sanitizeNumber(
  context: SanitizeContext,
  value: number,
  location: string,
): number | string {
  if (!Number.isSafeInteger(value) || value < 0) {
    return value;
  }
  const digits = String(value);
  if (!CARD_LIKE_NUMBER.test(digits)) {
    return value;
  }
  const sanitized = context.text.sanitize(digits, location);
  if (sanitized === digits) {
    return value;
  }
  const asNumber = Number(sanitized);
  return /^\d+$/.test(sanitized) && Number.isSafeInteger(asNumber) && String(asNumber) === sanitized
    ? asNumber
    : sanitized;
}

/** Tells whether digits of a JSON number token look like a payment card number. */
export function isCardLikeDigits(digits: string): boolean {
  return CARD_LIKE_NUMBER.test(digits);
}

const SLASH = 0x2f;
const LOWER_H = 0x68;
const LOWER_W = 0x77;
const FORM_TEXT = /^[^\s=&]+=[^\s&]*(&[^\s=&]+=[^\s&]*)*$/;

/** Tells whether a string is `key=value` parameters joined by `&`, without spaces. */
export function looksLikeFormText(value: string): boolean {
  return value.includes('=') && FORM_TEXT.test(value);
}

/** Tells whether a string is an absolute or root-relative URL rather than prose. */
export function looksLikeUrl(value: string): boolean {
  // Every text of a page passes here, and most start with another character.
  const first = value.charCodeAt(0) | 0x20;
  if (first !== SLASH && first !== LOWER_H && first !== LOWER_W) {
    return false;
  }
  return /^(https?:|wss?:)\/\/[^\s]+$/i.test(value) || /^\/[^\s/][^\s]*$/.test(value);
}

/** Sanitizes JSON text and returns the same string when nothing was replaced. */
export type JsonTextSanitizer = (
  context: SanitizeContext,
  text: string,
  location: string,
) => string;

/**
 * Sanitizes a string value: one that is itself JSON (a logged body, a serialized state) as
 * JSON with `json`, a URL as a URL, and anything else as text. The page bundle and
 * `replaygate sanitize` pass their own JSON walker.
 */
export function sanitizeStringValue(
  context: SanitizeContext,
  value: string,
  location: string,
  json: JsonTextSanitizer,
): string {
  if (looksLikeJson(value)) {
    return json(context, value, location);
  }
  return looksLikeUrl(value)
    ? sanitizeUrl(context, value, location)
    : sanitizeText(context, value, location);
}

function looksLikeJson(value: string): boolean {
  const first = value.charAt(0);
  const last = value.charAt(value.length - 1);
  return (
    value.length > 1 &&
    ((first === '{' && last === '}') ||
      (first === '[' && last === ']') ||
      (first === '"' && last === '"'))
  );
}
