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

/** Text decoded from base64, with the character encoding that gives back the same bytes. */
export interface DecodedContent {
  text: string;
  /**
   * `utf8` for valid UTF-8. Other bytes are read as `latin1`, one character per byte, which
   * covers ISO-8859-1 and Windows-1252 text and writes every byte back as it was.
   */
  encoding: 'utf8' | 'latin1';
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
 * with a NUL or more than one control character in a hundred are binary, as PNG, JPEG,
 * fonts, WASM, gzip and protobuf data are. That test applies to bytes of a binary media type
 * and to bytes that are not valid UTF-8. Those are read as Latin-1 when they pass it,
 * because legacy pages still serve ISO-8859-1 and Windows-1252 text, and an e-mail address
 * in it is the same ASCII bytes. Text labelled as binary (`application/octet-stream` holding
 * a form or JSON) is thus still sanitized.
 */
export function decodeBase64Content(data: string, kind: ContentKind): DecodedContent | undefined {
  if (kind === 'binary' && hasNulInHead(data)) {
    // Most binary formats have a NUL within their first bytes, so large images are not
    // decoded in full.
    return undefined;
  }
  const bytes = Buffer.from(data, 'base64');
  const utf8 = bytes.toString('utf8');
  if (Buffer.from(utf8, 'utf8').equals(bytes)) {
    return kind !== 'binary' || looksLikeText(utf8) ? { text: utf8, encoding: 'utf8' } : undefined;
  }
  // Bytes that are not UTF-8 must look like text whatever the content type, because an image
  // served without a content type counts as text too.
  const latin1 = bytes.toString('latin1');
  return looksLikeText(latin1) ? { text: latin1, encoding: 'latin1' } : undefined;
}

/** Characters that one Latin-1 byte cannot hold. */
const BEYOND_LATIN1 = /[^\u0000-\u00ff]/g;

/**
 * Encodes sanitized text as base64 in the encoding it was decoded from. Replacements are
 * ASCII, so Latin-1 text stays Latin-1; a character beyond U+00FF, which only a rule's own
 * text could bring, becomes `?` rather than the wrong byte.
 */
export function encodeBase64Content(text: string, encoding: DecodedContent['encoding']): string {
  if (encoding === 'utf8') {
    return Buffer.from(text, 'utf8').toString('base64');
  }
  return Buffer.from(text.replace(BEYOND_LATIN1, '?'), 'latin1').toString('base64');
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
