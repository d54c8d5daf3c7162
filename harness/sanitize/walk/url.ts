import { urlSecretDetector } from '../detect/url-secret.js';
import { decodeBase64Text, encodeBase64Text } from './base64-text.js';
import {
  overlapsEscape,
  passwordProbe,
  splitFragment,
  splitUrl,
  splitUserinfo,
} from './url-parts.js';
import { decodeBase64Content, encodeBase64Content, percentDecodeBase64 } from './content-type.js';
import { countReplacement, TYPED_VALUE_DETECTOR, type SanitizeContext } from './context.js';
import { replaceSentCredentials } from './sent-credentials.js';
import type { EchoPlace } from './typed-values.js';
import { looksLikeUrl, sanitizeText } from './text.js';

const DATA_URL = /^(\s*data:)([^,]*),(.*)$/is;
const PERCENT_ESCAPE = /%[0-9A-Fa-f]{2}/;
/**
 * Schemes whose URL is an address or a number with no host (`mailto:ann@quill.net`,
 * `tel:+14155552671`). The rest is sanitized as a path, so a typed step there is found whole.
 */
const ADDRESS_SCHEME = /^(?:mailto|tel|sms|callto):/i;
/**
 * Characters that a browser percent-encodes in userinfo (the userinfo percent-encode set of
 * the WHATWG URL Standard), and `%` itself.
 */
const USERINFO_ESCAPED = /[\0-\x20"#<>?`{}\/:;=@\[\\\]^|%\x7f-\u{10ffff}]/gu;

/**
 * Sanitizes a URL part by part: the authority (credentials, IP addresses), each path
 * segment, the query and the fragment. Each part is sanitized as written, so detectors that
 * need the key (`token=...`) find it. Each part is then decoded, so `ann%40mail.test` is
 * found too, and a replacement is encoded the way the part was. Parts are scanned apart
 * because a value never spans a `/`, and a scan across it could take a path segment into
 * a token. A part that nothing replaces stays byte for byte.
 */
export function sanitizeUrl(context: SanitizeContext, url: string, location: string): string {
  if (url.length === 0) {
    return url;
  }
  const data = DATA_URL.exec(url);
  if (data) {
    return sanitizeDataUrl(context, data, location);
  }
  const scheme = ADDRESS_SCHEME.exec(url)?.[0];
  if (scheme !== undefined) {
    return scheme + sanitizeUrl(context, url.slice(scheme.length), location);
  }
  url = replaceSentCredentials(context, url, location);
  const { authority, segments, parameters, fragment } = splitUrl(url);
  let result = sanitizeAuthority(context, authority, location);
  result += sanitizePath(context, segments, location);
  if (parameters !== undefined) {
    result += `?${sanitizeQuery(context, parameters, location)}`;
  }
  if (fragment !== undefined) {
    result += `#${sanitizeFragment(context, fragment, location)}`;
  }
  return result;
}

/**
 * Sanitizes the user name of userinfo as a path segment and always replaces the password.
 * The host is scanned apart from them, so `ann@shop.com` in `http://ann@shop.com/` is not
 * read as an e-mail address and the host stays.
 */
function sanitizeAuthority(context: SanitizeContext, authority: string, location: string): string {
  const userinfo = splitUserinfo(authority);
  if (userinfo === undefined) {
    return sanitizeAsWritten(context, authority, location);
  }
  const user = sanitizeSegment(context, userinfo.user, location);
  const password =
    userinfo.password === undefined
      ? ''
      : `:${sanitizePassword(context, userinfo.password, location)}`;
  const host = sanitizeAsWritten(context, userinfo.host, location);
  return `${userinfo.scheme}${user}${password}@${host}`;
}

/**
 * Replaces a userinfo password as a `url-secret` value, whatever it looks like. A password
 * that `scan` skips in a {@link passwordProbe} (a replaygate pseudonym or mask, or a value of
 * the allow list) stays, so sanitizing twice changes nothing.
 */
function sanitizePassword(context: SanitizeContext, raw: string, location: string): string {
  if (raw === '') {
    return raw;
  }
  const utf8 = decodeComponent(raw);
  const decoded = utf8 ?? unescape(raw);
  const probe = passwordProbe(decoded);
  if (urlSecretDetector.find(probe).length > 0 && context.text.scan(probe).length === 0) {
    return raw;
  }
  // NOTE: the detector takes no value shorter than four characters, so a password of one
  // to three characters is replaced again on every run and the audit cannot check it.
  const replaced = context.text.replaceWhole(decoded, 'url-secret', location);
  if (!PERCENT_ESCAPE.test(raw)) {
    return replaced;
  }
  return utf8 === undefined ? escapeLatin1(replaced) : encodeUserinfo(replaced);
}

/** Percent-encodes the characters that a browser encodes in userinfo, as UTF-8. */
function encodeUserinfo(text: string): string {
  return text.replace(USERINFO_ESCAPED, (char) => encodeURIComponent(char));
}

function sanitizeSegment(context: SanitizeContext, segment: string, location: string): string {
  // A path segment that is a typed step (`/search/ann.lowe%40quil`) gets its replacement. Only
  // steps that may be echoed in text count, because a short segment is the app's own route.
  const echo =
    context.typed === undefined ? undefined : typedEcho(context, segment, location, 'text');
  if (echo !== undefined) {
    return echo;
  }
  return sanitizeEncoded(context, sanitizeAsWritten(context, segment, location), location, false);
}

function sanitizePath(context: SanitizeContext, segments: string[], location: string): string {
  return segments.map((segment) => sanitizeSegment(context, segment, location)).join('/');
}

/**
 * Sanitizes query parameters: first as written in one piece with its `?`, which parameter
 * detectors (`?token=...`) look for, then one by one decoded. No value spans an `&`.
 */
function sanitizeQuery(context: SanitizeContext, parameters: string[], location: string): string {
  const query = sanitizeAsWritten(context, `?${parameters.join('&')}`, location).slice(1);
  return query
    .split('&')
    .map((parameter) => sanitizeParameter(context, parameter, location, false))
    .join('&');
}

/**
 * Sanitizes the path and query of a route fragment as those of a URL, and a fragment of
 * parameters as a query, so a replay still reaches the route. Any other fragment is
 * sanitized as one path segment.
 */
function sanitizeFragment(context: SanitizeContext, fragment: string, location: string): string {
  const route = splitFragment(fragment);
  if (route === undefined) {
    return sanitizeSegment(context, fragment, location);
  }
  const query =
    route.parameters === undefined ? '' : sanitizeQuery(context, route.parameters, location);
  if (route.routePrefix === '') {
    return query;
  }
  const path = sanitizePath(context, route.segments, location);
  return `${route.routePrefix}${path}${route.parameters === undefined ? '' : `?${query}`}`;
}

/**
 * Sanitizes `key=value&key=value` text of an `application/x-www-form-urlencoded` body: each
 * parameter as written, then its decoded key and value, with `+` read as a space.
 */
export function sanitizeFormText(context: SanitizeContext, text: string, location: string): string {
  return text
    .split('&')
    .map((parameter) => sanitizeParameter(context, parameter, location, true))
    .join('&');
}

/**
 * Sanitizes one `key=value` parameter as written (unless the caller did), then decoded with
 * its key and a leading `?`, because some detectors need them (`?token=abc%2Fdef`). A
 * replaced key or value is encoded again.
 */
function sanitizeParameter(
  context: SanitizeContext,
  parameter: string,
  location: string,
  scanWritten: boolean,
): string {
  const whole = scanWritten
    ? sanitizeAsWritten(context, `?${parameter}`, location).slice(1)
    : parameter;
  const equals = whole.indexOf('=');
  if (equals < 0) {
    return sanitizeEncoded(context, whole, location, true);
  }
  const rawKey = whole.slice(0, equals);
  const rawValue = whole.slice(equals + 1);
  const echo = context.typed === undefined ? undefined : typedEcho(context, rawValue, location);
  if (echo !== undefined) {
    return `${rawKey}=${echo}`;
  }
  const base64 = sanitizeBase64Value(context, rawValue, location);
  if (base64 !== undefined) {
    return `${rawKey}=${base64}`;
  }
  if (!needsDecoding(whole)) {
    return whole;
  }
  const decodedKey = decodeEscapes(rawKey.replace(/\+/g, ' '));
  const decodedValue = decodeEscapes(rawValue.replace(/\+/g, ' '));
  const key = decodedKey.text;
  const value = decodedValue.text;
  if (looksLikeUrl(value)) {
    // A URL in a parameter (`?return=https%3A%2F%2F...%3Fstate%3D...`) has parameters of its
    // own, base64 state among them, which only the URL walk reads.
    const nested = sanitizeUrl(context, value, location);
    return nested === value ? whole : `${rawKey}=${encodeURIComponent(nested)}`;
  }
  const sanitized = context.text.sanitize(`?${key}=${value}`, location).slice(1);
  if (sanitized === `${key}=${value}`) {
    return whole;
  }
  const sanitizedKey = sanitized.slice(0, sanitized.indexOf('='));
  const sanitizedValue = sanitized.slice(sanitized.indexOf('=') + 1);
  const encode = (text: string, raw: string, decoded: { encode: (text: string) => string }) => {
    const escaped = decoded.encode(text);
    return raw.includes('+') ? escaped.replace(/%20/g, '+') : escaped;
  };
  return `${sanitizedKey === key ? rawKey : encode(sanitizedKey, rawKey, decodedKey)}=${sanitizedValue === value ? rawValue : encode(sanitizedValue, rawValue, decodedValue)}`;
}

/**
 * Returns the replacement of a parameter value or path segment that is exactly a replaced
 * typed value, such as the prefix a search field sends with each key, encoded as the value
 * was. Returns undefined for any other value.
 */
function typedEcho(
  context: SanitizeContext,
  raw: string,
  location: string,
  place: EchoPlace = 'url',
): string | undefined {
  // A `+` is a space in a query, and itself in a path segment.
  const decoded = decodeEscapes(place === 'url' ? raw.replace(/\+/g, ' ') : raw);
  const replacement = context.typed?.replacementOf(decoded.text, place);
  if (replacement === undefined) {
    return undefined;
  }
  countReplacement(context, TYPED_VALUE_DETECTOR, location);
  if (place === 'text' && !PERCENT_ESCAPE.test(raw)) {
    // A path segment written without escapes (`tel:+44...`, `mailto:ann@...`) gets its
    // replacement as the app writes it from the replayed field.
    return replacement;
  }
  const encoded = decoded.encode(replacement);
  return place === 'url' && raw.includes('+') ? encoded.replace(/%20/g, '+') : encoded;
}

/**
 * Sanitizes a parameter value that is base64 of text, such as encoded JSON state, and encodes
 * the result the same way. Returns undefined when the value is not such text or nothing in it
 * changed. `+`, `/` and `=` are percent-encoded when the value was, or when a `+` would be
 * read as a space.
 */
function sanitizeBase64Value(
  context: SanitizeContext,
  raw: string,
  location: string,
): string | undefined {
  const value = raw.includes('%') ? decodeComponent(raw) : raw;
  const decoded = value === undefined ? undefined : decodeBase64Text(value);
  if (decoded === undefined) {
    return undefined;
  }
  const sanitized = sanitizeText(context, decoded.text, location);
  if (sanitized === decoded.text) {
    return undefined;
  }
  const encoded = encodeBase64Text(sanitized, decoded);
  return raw.includes('%') || encoded.includes('+') ? encodeURIComponent(encoded) : encoded;
}

function needsDecoding(text: string): boolean {
  return PERCENT_ESCAPE.test(text) || text.includes('+');
}

/**
 * Sanitizes text as written, leaving out matches that cover part of a `%XX` escape: those
 * are made of encoding (`%20` followed by digits reads as a phone number), and the decoded
 * pass finds the value itself.
 */
function sanitizeAsWritten(context: SanitizeContext, text: string, location: string): string {
  if (text === '' || !PERCENT_ESCAPE.test(text)) {
    return text === '' ? text : context.text.sanitize(text, location);
  }
  const findings = context.text
    .scan(text)
    .filter((finding) => !overlapsEscape(text, finding.start, finding.end));
  let result = '';
  let position = 0;
  for (const finding of findings) {
    result += text.slice(position, finding.start);
    result += context.text.replaceWhole(finding.value, finding.detector, location);
    position = finding.end;
  }
  return result + text.slice(position);
}

/** Decodes a percent-encoded part, sanitizes it and encodes a replacement the same way. */
function sanitizeEncoded(
  context: SanitizeContext,
  raw: string,
  location: string,
  plusIsSpace: boolean,
): string {
  const hasPlus = plusIsSpace && raw.includes('+');
  if (!PERCENT_ESCAPE.test(raw) && !hasPlus) {
    return raw;
  }
  const decoded = decodeEscapes(hasPlus ? raw.replace(/\+/g, ' ') : raw);
  const sanitized = context.text.sanitize(decoded.text, location);
  if (sanitized === decoded.text) {
    return raw;
  }
  const encoded = decoded.encode(sanitized);
  return hasPlus ? encoded.replace(/%20/g, '+') : encoded;
}

/**
 * Decodes percent-escapes as UTF-8, or as Latin-1 when they are not UTF-8 (`Ren%E9e`), as
 * legacy forms write them, and returns the matching encoder. `unescape` reads each escape
 * as one Latin-1 character, and {@link escapeLatin1} writes it back the same way.
 */
function decodeEscapes(raw: string): { text: string; encode: (text: string) => string } {
  const utf8 = decodeComponent(raw);
  if (utf8 !== undefined) {
    return { text: utf8, encode: encodeURIComponent };
  }
  return { text: unescape(raw), encode: escapeLatin1 };
}

/**
 * Percent-encodes text as Latin-1, one escape per character, and a character beyond Latin-1
 * (which no escape of the original held) as UTF-8, where `escape` would write `%uXXXX`.
 */
function escapeLatin1(text: string): string {
  let encoded = '';
  for (const char of text) {
    encoded += char.charCodeAt(0) > 0xff ? encodeURIComponent(char) : escape(char);
  }
  // `escape` leaves `+` and `@` as they are. A form reads `+` as a space, and the `@` of an
  // e-mail pseudonym is written as `%40`, as the original address was.
  return encoded.replace(/[+@]/g, (char) => encodeURIComponent(char));
}

function decodeComponent(raw: string): string | undefined {
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}

function sanitizeDataUrl(
  context: SanitizeContext,
  parts: RegExpExecArray,
  location: string,
): string {
  const [, prefix = '', header = '', payload = ''] = parts;
  const params = header.split(';');
  const isBase64 = (param: string) => param.trim().toLowerCase() === 'base64';
  if (params.some(isBase64)) {
    // The whole value is the URL, so the whole payload is decoded, however it is wrapped.
    const type = params.filter((param) => !isBase64(param)).join(';');
    const decoded = decodeBase64Content(
      percentDecodeBase64(payload),
      type.trim() === '' ? 'text/plain' : type,
    );
    if (decoded === undefined) {
      return parts[0];
    }
    const sanitized = sanitizeText(context, decoded.text, location);
    return sanitized === decoded.text
      ? parts[0]
      : `${prefix}${header},${encodeBase64Content(sanitized, decoded.encoding)}`;
  }
  const decoded = decodeComponent(payload);
  if (decoded === undefined) {
    return `${prefix}${header},${sanitizeText(context, payload, location)}`;
  }
  const sanitized = sanitizeText(context, decoded, location);
  return sanitized === decoded ? parts[0] : `${prefix}${header},${encodeURIComponent(sanitized)}`;
}
