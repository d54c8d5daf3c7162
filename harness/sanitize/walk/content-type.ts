/** Kind of content, which decides how the sanitizer and the audit read a body or a data URL. */
export type ContentKind = 'json' | 'form' | 'multipart' | 'css' | 'text' | 'binary';

const TEXT_TYPES =
  /^(text\/|application\/(xml|xhtml\+xml|javascript|ecmascript|x-javascript|graphql|x-ndjson|csv)\b)/;
const BINARY_TYPES =
  /^(image\/(?!svg)|audio\/|video\/|font\/|application\/(octet-stream|pdf|zip|gzip|x-protobuf|protobuf|wasm|vnd\.|x-font|font-))/;

/** Returns the lower-case media type of a `Content-Type` value, without parameters. */
export function mediaTypeOf(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}

/**
 * Classifies a media type. Types that are neither known text nor known binary count as
 * text, because a missed secret costs more than a needless scan. Whether a base64 body is
 * left alone as binary depends on its bytes too (see {@link decodeBase64Content}).
 */
export function classifyMediaType(contentType: string | undefined): ContentKind {
  const type = mediaTypeOf(contentType);
  if (type === 'application/json' || type.endsWith('+json') || type === 'text/json') {
    return 'json';
  }
  if (type === 'application/x-www-form-urlencoded') {
    return 'form';
  }
  if (type === 'multipart/form-data') {
    return 'multipart';
  }
  if (type === 'text/css') {
    return 'css';
  }
  if (TEXT_TYPES.test(type) || type.endsWith('+xml') || type === 'image/svg+xml') {
    return 'text';
  }
  return BINARY_TYPES.test(type) ? 'binary' : 'text';
}

/** Returns the value of a header, matching its name case-insensitively. */
export function headerValue(headers: Record<string, string>, name: string): string | undefined {
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === name) {
      return value;
    }
  }
  return undefined;
}

/**
 * Decodes base64 as UTF-8 text, or returns undefined when the bytes are not valid UTF-8,
 * so binary content is never rewritten through a lossy text conversion.
 */
export function decodeBase64Text(data: string): string | undefined {
  const bytes = Buffer.from(data, 'base64');
  const text = bytes.toString('utf8');
  return Buffer.from(text, 'utf8').equals(bytes) ? text : undefined;
}

/** Base64 characters decoded first to look for NUL bytes, a multiple of 4. */
const HEAD_BASE64_CHARS = 4096;
/** Share of control characters above which the text of a binary media type stays binary. */
const MAX_CONTROL_SHARE = 0.01;
/** C0 controls other than tab, line feed, form feed and carriage return, and DEL. */
const CONTROL_CHARACTER = /[\x01-\x08\x0b\x0e-\x1f\x7f]/g;

/**
 * Decodes a base64 body or `data:` URL payload to the text that the sanitizer rewrites and
 * the audit scans, or returns undefined for content that both leave alone as binary. Bytes
 * that are not valid UTF-8 are binary. For a binary media type, bytes with a NUL or more
 * than one control character in a hundred are binary too, as PNG, JPEG, fonts, WASM and
 * gzip data are. Text labelled as binary (`application/octet-stream` holding a form or
 * JSON) is thus still sanitized.
 */
export function decodeBase64Content(data: string, kind: ContentKind): string | undefined {
  if (kind === 'binary' && hasNulInHead(data)) {
    // Most binary formats have a NUL within their first bytes, so large images are not
    // decoded in full.
    return undefined;
  }
  const text = decodeBase64Text(data);
  if (text === undefined || kind !== 'binary') {
    return text;
  }
  return looksLikeText(text) ? text : undefined;
}

function hasNulInHead(data: string): boolean {
  // A group cut short (by whitespace inside the base64 text) decodes to the bytes it fully
  // covers, so the head is always a prefix of the content.
  return Buffer.from(data.slice(0, HEAD_BASE64_CHARS), 'base64').includes(0);
}

function looksLikeText(text: string): boolean {
  if (text.includes('\0')) {
    return false;
  }
  const controls = text.match(CONTROL_CHARACTER)?.length ?? 0;
  return controls <= text.length * MAX_CONTROL_SHARE;
}

/** A `data:` URL with base64 content: `data:<type>[;params];base64,<payload>`. */
export const BASE64_DATA_URL = /data:([\w.+/-]*)((?:;[\w.+=-]+)*);base64,[A-Za-z0-9+/=]+/gi;

/** Returns the content kind of a `data:` URL's media type; an empty type means text. */
export function dataUrlKind(type: string): ContentKind {
  return classifyMediaType(type === '' ? 'text/plain' : type);
}

/**
 * Tells whether a base64 `data:` URL contains binary content such as an image, which is kept
 * as it is: a binary media type whose payload {@link decodeBase64Content} does not read as
 * text.
 */
export function isBinaryDataUrl(dataUrl: string, type: string): boolean {
  return (
    dataUrlKind(type) === 'binary' &&
    decodeBase64Content(dataUrl.slice(dataUrl.indexOf(',') + 1), 'binary') === undefined
  );
}
