import type { CapturedBody } from '../../fixture/recording.js';
import {
  classifyMediaType,
  decodeBase64Content,
  encodeBase64Content,
  headerValue,
  type ContentKind,
} from '../../sanitize/walk/content-type.js';
import {
  CREDENTIAL_HEADERS,
  LOCATIONS,
  PROTOCOL_HEADERS,
  REMOVED_HEADER_VALUE,
  type SanitizeContext,
} from '../../sanitize/walk/context.js';
import { sanitizeCss, sanitizeText } from '../../sanitize/walk/text.js';
import { sanitizeFormText, sanitizeUrl } from '../../sanitize/walk/url.js';
import type { PageExchange } from '../network/types.js';
import { sanitizeJsonTree, type JsonValue } from './json-tree.js';

/** Headers whose values are URLs, sanitized as URLs so encoded values are found. */
const URL_HEADERS = new Set(['referer', 'location', 'content-location', 'origin']);

/**
 * Masks the findings in one exchange in place: URLs, header values, bodies, status text and
 * error. `Authorization`, `Cookie`, `Set-Cookie` and `Proxy-Authorization` values are
 * replaced by a fixed text, because a replay never sends them anywhere.
 */
export function sanitizePageExchange(context: SanitizeContext, exchange: PageExchange): void {
  const { request, response } = exchange;
  request.url = sanitizeUrl(context, request.url, LOCATIONS.networkUrl);
  exchange.pageUrl = sanitizeUrl(context, exchange.pageUrl, LOCATIONS.networkPageUrl);
  const requestType = headerValue(request.headers, 'content-type');
  sanitizeHeaders(context, request.headers, LOCATIONS.requestHeader);
  request.body = sanitizeBody(context, request.body, requestType, LOCATIONS.requestBody);
  if (response) {
    const responseType = headerValue(response.headers, 'content-type');
    sanitizeHeaders(context, response.headers, LOCATIONS.responseHeader);
    response.body = sanitizeBody(context, response.body, responseType, LOCATIONS.responseBody);
    response.statusText = sanitizeText(context, response.statusText, LOCATIONS.statusText);
  }
  if (exchange.error !== undefined) {
    exchange.error = sanitizeText(context, exchange.error, LOCATIONS.networkError);
  }
}

function sanitizeHeaders(
  context: SanitizeContext,
  headers: Record<string, string>,
  location: string,
): void {
  for (const [name, value] of Object.entries(headers)) {
    const lowerName = name.toLowerCase();
    if (PROTOCOL_HEADERS.has(lowerName)) {
      continue;
    }
    if (CREDENTIAL_HEADERS.has(lowerName)) {
      headers[name] = REMOVED_HEADER_VALUE;
    } else if (URL_HEADERS.has(lowerName)) {
      headers[name] = sanitizeUrl(context, value, location);
    } else {
      headers[name] = sanitizeText(context, value, location);
    }
  }
}

/**
 * Masks a body by content type: JSON value by value, form bodies field by field, multipart
 * bodies part by part with the boundary kept, CSS in its URLs and strings, other text as
 * text. A base64 body is decoded first, the same way `replaygate sanitize` decodes it:
 * UTF-8 or Latin-1 text, also under a binary type when its bytes are text. Binary content
 * (images, fonts, compressed data) stays as it is.
 */
function sanitizeBody(
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
  const decoded = decodeBase64Content(body.data, kind);
  if (decoded === undefined) {
    return body;
  }
  const data = sanitizeBodyText(context, decoded.text, kind, contentType, location);
  return data === decoded.text
    ? body
    : { ...body, data: encodeBase64Content(data, decoded.encoding) };
}

function sanitizeBodyText(
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
    case 'multipart':
      return sanitizeMultipartText(context, text, contentType, location);
    case 'css':
      return sanitizeCss(context, text, location);
    default: {
      // Text without a JSON content type may still be JSON (a missing or generic type).
      const start = text.trimStart()[0];
      return start === '{' || start === '['
        ? sanitizeJsonText(context, text, location)
        : sanitizeText(context, text, location);
    }
  }
}

/**
 * Masks the strings of a JSON body. A body that changed is serialized again, so its
 * whitespace may differ from the original. Text that does not parse is masked as text,
 * which keeps its quotes, brackets and commas because a mask changes letters and digits only.
 */
function sanitizeJsonText(context: SanitizeContext, text: string, location: string): string {
  let parsed: JsonValue;
  try {
    parsed = JSON.parse(text) as JsonValue;
  } catch {
    return sanitizeText(context, text, location);
  }
  const sanitized = sanitizeJsonTree(context, parsed, location);
  return sanitized === parsed ? text : JSON.stringify(sanitized);
}

/** Masks each part of a multipart body between its boundary lines, which stay as they are. */
function sanitizeMultipartText(
  context: SanitizeContext,
  text: string,
  contentType: string | undefined,
  location: string,
): string {
  const boundary = /boundary="?([^";]+)"?/i.exec(contentType ?? '')?.[1];
  if (boundary === undefined) {
    return sanitizeText(context, text, location);
  }
  const delimiter = `--${boundary}`;
  return text
    .split(delimiter)
    .map((part) => sanitizeText(context, part, location))
    .join(delimiter);
}
