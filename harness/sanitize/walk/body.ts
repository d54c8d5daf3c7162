import type { CapturedBody } from '../../fixture/recording.js';
import {
  classifyMediaType,
  decodeBase64Content,
  encodeBase64Content,
  type ContentKind,
} from './content-type.js';
import type { SanitizeContext } from './context.js';
import { sanitizeJsonText } from './json-body.js';
import { sanitizeMultipart } from './multipart.js';
import { sanitizeCss, sanitizeText } from './text.js';
import { sanitizeFormText } from './url.js';

/**
 * Sanitizes a captured request or response body according to its content type: JSON key
 * by key, form bodies field by field, multipart bodies part by part, CSS in its URLs and
 * quoted strings only, and any other text as text. A base64 body is decoded first (as
 * UTF-8, or as Latin-1 when it is not UTF-8) and encoded again the same way, also under a
 * binary type when its bytes are text. A binary body (images, fonts, compressed data, see
 * {@link decodeBase64Content}) is returned unchanged.
 */
export function sanitizeBody(
  context: SanitizeContext,
  body: CapturedBody | undefined,
  contentType: string | undefined,
  location: string,
): CapturedBody | undefined {
  if (body === undefined || body.data === '') {
    return body;
  }
  const kind = classifyMediaType(contentType);
  if (body.encoding === 'text') {
    const data = sanitizeBodyText(context, body.data, kind, contentType, location);
    return data === body.data ? body : { ...body, data };
  }
  if (kind === 'multipart') {
    const bytes = Buffer.from(body.data, 'base64');
    const sanitized = sanitizeMultipart(context, bytes, contentType, location);
    return sanitized === bytes ? body : { ...body, data: sanitized.toString('base64') };
  }
  const decoded = decodeBase64Content(body.data, kind);
  if (decoded === undefined) {
    return body;
  }
  const data = sanitizeBodyText(context, decoded.text, kind, contentType, location);
  return data === decoded.text
    ? body
    : { ...body, data: encodeBase64Content(data, decoded.encoding) };
}

/** Sanitizes body text of a known kind; returns the same string when nothing was replaced. */
export function sanitizeBodyText(
  context: SanitizeContext,
  text: string,
  kind: ContentKind,
  contentType: string | undefined,
  location: string,
): string {
  switch (kind) {
    case 'json':
      return sanitizeJsonText(context, text, location);
    case 'form':
      return sanitizeFormText(context, text, location);
    case 'multipart': {
      const bytes = Buffer.from(text, 'utf8');
      const sanitized = sanitizeMultipart(context, bytes, contentType, location);
      return sanitized === bytes ? text : sanitized.toString('utf8');
    }
    case 'css':
      return sanitizeCss(context, text, location);
    default:
      return sanitizeUnknownText(context, text, location);
  }
}

/** Text without a JSON content type may still be JSON (a missing or generic type); it is walked as JSON when it parses. */
function sanitizeUnknownText(context: SanitizeContext, text: string, location: string): string {
  const start = text.trimStart()[0];
  return start === '{' || start === '['
    ? sanitizeJsonText(context, text, location)
    : sanitizeText(context, text, location);
}
