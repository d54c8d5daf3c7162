/** Kind of content, which decides how the sanitizer and the audit read a body or a data URL. */
export type ContentKind = 'json' | 'form' | 'multipart' | 'css' | 'text' | 'binary';

const TEXT_TYPES =
  /^(text\/|application\/(xml|xhtml\+xml|javascript|ecmascript|x-javascript|graphql|x-ndjson|csv)\b)/;
const BINARY_TYPES =
  /^(image\/(?!svg)|audio\/|video\/|font\/|application\/(octet-stream|pdf|zip|gzip|x-protobuf|protobuf|wasm|vnd\.|x-font|font-|(x-)?msgpack$|cbor$|bson$|(x-)?avro|grpc(-web)?(\+proto)?$))/;

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
  if (type.startsWith('multipart/')) {
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

/** A `charset` parameter, which only text has. */
const CHARSET_PARAMETER = /;\s*charset\s*=/i;

/**
 * Tells whether a content type declares text: a text, JSON, form, multipart, CSS, XML or SVG
 * type, or any other type with a `charset` parameter. An unknown type is read as text when
 * its bytes are UTF-8, but only declared text is read as Latin-1, because Latin-1 accepts any
 * bytes, and MessagePack or CBOR data would be rewritten as text.
 */
export function declaresText(contentType: string | undefined): boolean {
  const kind = classifyMediaType(contentType);
  if (kind === 'binary') {
    return false;
  }
  const type = mediaTypeOf(contentType);
  return (
    kind !== 'text' ||
    TEXT_TYPES.test(type) ||
    type.endsWith('+xml') ||
    CHARSET_PARAMETER.test(contentType ?? '')
  );
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
  /**
   * True for text read from content of a binary type or of no known type, whose replacements
   * must keep its length in bytes, because such content may count bytes inside (protobuf
   * fields, MessagePack strings, gRPC frames).
   */
  keepLength: boolean;
}

/** Base64 characters decoded first to look for NUL bytes, a multiple of 4. */
const HEAD_BASE64_CHARS = 4096;
/** Share of control characters above which the text of a binary media type stays binary. */
const MAX_CONTROL_SHARE = 0.01;
/** C0 controls other than tab, line feed, form feed and carriage return, and DEL. */
const CONTROL_CHARACTER = /[\x01-\x08\x0b\x0e-\x1f\x7f]/g;

/**
 * Decodes a base64 body or `data:` URL payload to the text that the sanitizer rewrites and
 * the audit scans, or returns undefined for content that both leave alone as binary (see
 * {@link decodeContentBytes}).
 */
export function decodeBase64Content(
  data: string,
  contentType: string | undefined,
): DecodedContent | undefined {
  if (MEDIA_TYPES.test(mediaTypeOf(contentType)) && hasNulInHead(data)) {
    // Most images, fonts and videos have a NUL within their first bytes, so large ones are
    // not decoded in full.
    return undefined;
  }
  return decodeContentBytes(Buffer.from(data, 'base64'), contentType);
}

/** Binary types of media, whose bytes are never rewritten, unlike data formats. */
const MEDIA_TYPES = /^(image\/(?!svg)|audio\/|video\/|font\/|application\/(x-font|font-|pdf|wasm))/;
/**
 * First bytes of images, fonts, audio, video, archives and PDF files served without a
 * content type. Each has a byte that is not printable or four letters rarely found at the
 * start of text, so text that happens to start the same way is rare.
 */
const MEDIA_SIGNATURES = [
  '\x89PNG',
  '\xff\xd8\xff',
  'GIF8',
  'RIFF',
  'II*\x00',
  'MM\x00*',
  '\x00\x00\x01\x00',
  '8BPS',
  'wOFF',
  'wOF2',
  'OTTO',
  '\x00\x01\x00\x00',
  '%PDF',
  '\x00asm',
  'ID3\x02',
  'ID3\x03',
  'ID3\x04',
  // MPEG audio and AAC frames without an ID3 tag.
  '\xff\xfb',
  '\xff\xf3',
  '\xff\xf2',
  '\xff\xf1',
  '\xff\xf9',
  'OggS',
  'fLaC',
  '\x1a\x45\xdf\xa3',
  'PK\x03\x04',
  '\x1f\x8b',
  '7z\xbc\xaf',
  'Rar!',
  '\xfd7zX',
  '\x28\xb5\x2f\xfd',
];
/** ISO media files (MP4, MOV, M4A, HEIC, AVIF) name their brand in bytes 4 to 7. */
const ISO_MEDIA_BOX = 'ftyp';

/**
 * Decodes bytes of a body, a multipart part or a `data:` URL to text, or returns undefined
 * for media that are left alone. UTF-8 is read as text under any type, but under a binary
 * type only when it has no NUL and at most one control character in a hundred. Bytes that
 * are not UTF-8 are read as Latin-1 text under a type that declares text (see
 * {@link declaresText}), when they pass the same test, because legacy pages still serve
 * ISO-8859-1 and Windows-1252 text.
 *
 * Other bytes of a data format (`application/octet-stream`, protobuf, MessagePack, CBOR, or
 * no known type) are read as Latin-1 too, one character per byte, with `keepLength`, so the
 * strings inside them are scanned and replaced in place. Images, fonts, audio, video, PDF
 * and WASM, by type or by their first bytes, are left alone.
 */
export function decodeContentBytes(
  bytes: Buffer,
  contentType: string | undefined,
): DecodedContent | undefined {
  if (!declaresText(contentType) && startsWithMediaSignature(bytes)) {
    return undefined;
  }
  const binary = classifyMediaType(contentType) === 'binary';
  const utf8 = bytes.toString('utf8');
  if (Buffer.from(utf8, 'utf8').equals(bytes) && (!binary || looksLikeText(utf8))) {
    return { text: utf8, encoding: 'utf8', keepLength: binary };
  }
  const latin1 = bytes.toString('latin1');
  if (declaresText(contentType) && looksLikeText(latin1)) {
    return { text: latin1, encoding: 'latin1', keepLength: false };
  }
  if (MEDIA_TYPES.test(mediaTypeOf(contentType))) {
    return undefined;
  }
  return { text: latin1, encoding: 'latin1', keepLength: true };
}

/** Tells whether bytes start like an image, font, audio or video file, an archive or a PDF file. */
export function startsWithMediaSignature(bytes: Uint8Array): boolean {
  let head = '';
  for (let index = 0; index < Math.min(8, bytes.length); index++) {
    head += String.fromCharCode(bytes[index]!);
  }
  return (
    MEDIA_SIGNATURES.some((start) => head.startsWith(start)) || head.slice(4, 8) === ISO_MEDIA_BOX
  );
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

/**
 * A base64 `data:` URL in text: `data:<type>[;params];base64,<payload>`, with the scheme in
 * any case. Up to 16 parameters of the `name=value` form, with spaces around `=` and quoted
 * values, each at most 256 characters, so a text full of `data:x;` cannot make the search
 * quadratic and prose after `data:<type>;` is not taken for parameters. The payload may hold
 * percent-escapes, which browsers decode before base64, and line breaks after lines of 60
 * or more characters, as wrapped base64 has. Group 1 is the media type, group 2 the
 * parameters, group 3 the payload.
 */
export const BASE64_DATA_URL =
  /data:([\w.+/-]*)((?:;[ \t]*[\w.+-]{1,64}(?:[ \t]*=[ \t]*(?:"[^"\r\n]{0,256}"|[^;,\s"]{1,256}))?){0,16}?);base64,((?:[A-Za-z0-9+/]{60,}\r?\n[ \t]*)*(?:[A-Za-z0-9+/=]|%[0-9A-Fa-f]{2})+)/gi;

/**
 * Returns the length of a {@link BASE64_DATA_URL} match up to its first line break. When a
 * payload taken over several lines is binary, the lines after the first may be text that
 * only looked like base64 (the next line of a CSV file), so they are read as text.
 */
export function firstLineLength(dataUrl: string): number {
  const lineBreak = dataUrl.search(/\r?\n/);
  return lineBreak < 0 ? dataUrl.length : lineBreak;
}

/** Decodes the percent-escapes of a base64 payload, which browsers undo before base64. */
export function percentDecodeBase64(payload: string): string {
  return payload.replace(/%([0-9A-Fa-f]{2})/g, (_, hex: string) =>
    String.fromCharCode(Number.parseInt(hex, 16)),
  );
}

/**
 * Tells whether a text may contain a `data:` URL, whatever the case of the scheme. Every
 * string of a recording passes here, and most have no colon, so one native search for it
 * rules them out faster than a case-insensitive regular expression.
 */
export function mayContainDataUrl(text: string): boolean {
  for (let colon = text.indexOf(':', 4); colon >= 0; colon = text.indexOf(':', colon + 1)) {
    // 0x20 folds an ASCII letter to lower case: `D` and `d` both give 0x64.
    if (
      (text.charCodeAt(colon - 4) | 0x20) === 0x64 &&
      text.slice(colon - 4, colon).toLowerCase() === 'data'
    ) {
      return true;
    }
  }
  return false;
}

/** Returns the content type and plain base64 payload of a {@link BASE64_DATA_URL} match. */
export function parseBase64DataUrl(match: RegExpMatchArray): {
  contentType: string;
  base64: string;
} {
  const [, type = '', parameters = '', payload = ''] = match;
  return {
    // A data: URL without a type is text/plain, as the fetch standard defines it.
    contentType: `${type === '' ? 'text/plain' : type}${parameters}`,
    base64: percentDecodeBase64(payload),
  };
}

/**
 * Decodes the payload of a {@link BASE64_DATA_URL} match to text, or returns undefined when
 * it is binary content such as an image, which is kept as it is.
 */
export function decodeDataUrl(match: RegExpMatchArray): DecodedContent | undefined {
  const { contentType, base64 } = parseBase64DataUrl(match);
  return decodeBase64Content(base64, contentType);
}

const BOUNDARY = /boundary=(?:"([^"]+)"|([^;\s]+))/i;

/** Returns the `boundary` parameter of a multipart content type, or undefined without one. */
export function multipartBoundary(contentType: string | undefined): string | undefined {
  const match = BOUNDARY.exec(contentType ?? '');
  return match?.[1] ?? match?.[2];
}
