import type { CapturedBody } from '../../fixture/recording.js';
import {
  classifyMediaType,
  decodeBase64Content,
  encodeBase64Content,
  type ContentKind,
} from './content-type.js';
import type { SanitizeContext } from './context.js';
import { sanitizeKeepingLength } from './keep-length.js';
import { sanitizeCss, sanitizeText } from './text.js';
import { sanitizeFormText } from './url.js';

/**
 * Walkers of the two body kinds that need a parser. `replaygate sanitize` and the recorder's
 * page bundle supply their own (see `node-body-parsers.ts`), because the page bundle leaves
 * out the JSON tokenizer and Node's byte API. Everything else about a body is decided here
 * for both.
 */
export interface BodyParsers {
  /** Sanitizes JSON text and returns the same string when nothing was replaced. */
  json(context: SanitizeContext, text: string, location: string): string;
  /**
   * Sanitizes a multipart body as captured, in text or base64, with its boundary
   * lines kept. Returns `body` itself when nothing was replaced.
   */
  multipart(
    context: SanitizeContext,
    body: CapturedBody,
    contentType: string | undefined,
    location: string,
  ): CapturedBody;
  /**
   * Sanitizes a body in a data format whose structure it reads (protobuf, gRPC, MessagePack,
   * CBOR), or returns undefined for other types and bytes without that structure. Without it,
   * such bodies are read one byte per character and keep their length.
   */
  dataFormat?(
    context: SanitizeContext,
    body: CapturedBody,
    contentType: string | undefined,
    location: string,
  ): CapturedBody | undefined;
}

/**
 * Sanitizes a captured request or response body according to its content type: JSON key
 * by key, form bodies field by field, multipart bodies part by part, CSS in its URLs and
 * quoted strings only, and any other text as text. A base64 body is decoded first (as
 * UTF-8, or as Latin-1 under a type that declares text) and encoded again the same way.
 * Text under a binary type keeps its length in bytes (see {@link sanitizeKeepingLength}),
 * and binary content (images, fonts, compressed data, see {@link decodeBase64Content}) is
 * returned unchanged.
 */
export function sanitizeBody(
  context: SanitizeContext,
  body: CapturedBody | undefined,
  contentType: string | undefined,
  location: string,
  parsers: BodyParsers,
): CapturedBody | undefined {
  if (body === undefined || body.data === '') {
    return body;
  }
  const kind = classifyMediaType(contentType);
  if (kind === 'multipart') {
    return parsers.multipart(context, body, contentType, location);
  }
  const structured = parsers.dataFormat?.(context, body, contentType, location);
  if (structured !== undefined) {
    return structured;
  }
  if (body.encoding === 'text') {
    const data =
      kind === 'binary'
        ? sanitizeKeepingLength(context, body.data, 'utf8', location)
        : sanitizeBodyText(context, body.data, kind, location, parsers);
    return data === body.data ? body : { ...body, data };
  }
  const decoded = decodeBase64Content(body.data, contentType);
  if (decoded === undefined) {
    return body;
  }
  const data =
    decoded.keepLength || kind === 'binary'
      ? sanitizeKeepingLength(context, decoded.text, decoded.encoding, location)
      : sanitizeBodyText(context, decoded.text, kind, location, parsers);
  return data === decoded.text
    ? body
    : { ...body, data: encodeBase64Content(data, decoded.encoding) };
}

/** Sanitizes body text of a kind other than multipart, or returns it unchanged when nothing was replaced. */
function sanitizeBodyText(
  context: SanitizeContext,
  text: string,
  kind: Exclude<ContentKind, 'multipart' | 'binary'>,
  location: string,
  parsers: BodyParsers,
): string {
  switch (kind) {
    case 'json':
      return parsers.json(context, text, location);
    case 'form':
      return sanitizeFormText(context, text, location);
    case 'css':
      return sanitizeCss(context, text, location);
    default: {
      // Text without a JSON content type may still be JSON (a missing or generic type).
      const start = text.trimStart()[0];
      return start === '{' || start === '['
        ? parsers.json(context, text, location)
        : sanitizeText(context, text, location);
    }
  }
}
