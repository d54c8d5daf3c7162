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
 * text, because a missed secret costs more than a needless scan. Base64 bodies whose bytes
 * are not valid UTF-8 are still left alone as binary (see {@link decodeBase64Text}).
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

/** A `data:` URL with base64 content: `data:<type>[;params];base64,<payload>`. */
export const BASE64_DATA_URL = /data:([\w.+/-]*)((?:;[\w.+=-]+)*);base64,[A-Za-z0-9+/=]+/gi;

/** Tells whether a base64 `data:` URL of this media type contains binary content such as an image. */
export function isBinaryDataUrlType(type: string): boolean {
  return classifyMediaType(type === '' ? 'text/plain' : type) === 'binary';
}
