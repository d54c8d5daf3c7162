import type { CapturedBody } from '../../fixture/recording.js';
import type { BodyParsers } from '../../sanitize/walk/body.js';
import { decodeBase64Content, encodeBase64Content } from '../../sanitize/walk/content-type.js';
import type { SanitizeContext } from '../../sanitize/walk/context.js';
import { sanitizeExchange } from '../../sanitize/walk/exchange.js';
import { sanitizeText } from '../../sanitize/walk/text.js';
import type { PageExchange } from '../network/types.js';
import { sanitizeJsonTree, type JsonValue } from './json-tree.js';
import { sanitizePageDataFormat } from './page-data-format.js';

/**
 * Masks the findings in one exchange in place, with the exchange walker of `replaygate
 * sanitize`: URLs, header values, bodies, status text and error. `Authorization`, `Cookie`,
 * `Set-Cookie` and `Proxy-Authorization` values are replaced by a fixed text, because a
 * replay never sends them anywhere.
 */
export function sanitizePageExchange(context: SanitizeContext, exchange: PageExchange): void {
  sanitizeExchange(context, exchange, PAGE_BODY_PARSERS);
}

const BYTE_ORDER_MARK = '\ufeff';

/**
 * Masks the strings of a JSON body. A body that changed is serialized again, so its
 * whitespace may differ from the original. Text that does not parse is masked as text,
 * which keeps its quotes, brackets and commas because a mask changes letters and digits only.
 */
function sanitizeJsonText(context: SanitizeContext, text: string, location: string): string {
  // JSON.parse rejects a byte-order mark, which some servers write before JSON.
  const mark = text.startsWith(BYTE_ORDER_MARK) ? BYTE_ORDER_MARK : '';
  let parsed: JsonValue;
  try {
    parsed = JSON.parse(text.slice(mark.length)) as JsonValue;
  } catch {
    return sanitizeText(context, text, location);
  }
  const sanitized = sanitizeJsonTree(context, parsed, location, context.rules.jsonPaths);
  return sanitized === parsed ? text : mark + JSON.stringify(sanitized);
}

/** Masks each part of multipart text between its boundary lines, which stay as they are. */
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

/**
 * Body parsers of the page bundle, which leaves out the JSON tokenizer and byte-level
 * multipart walker of `replaygate sanitize` to stay small. JSON goes through `JSON.parse`,
 * and a multipart body is masked as text, so a base64 body with binary file parts stays as
 * it is until `replaygate sanitize` walks it on bytes. Protobuf and gRPC bodies are read by
 * their structure with the server's wire reader.
 */
const PAGE_BODY_PARSERS: BodyParsers = {
  json: sanitizeJsonText,
  dataFormat: (context, body, contentType, location) =>
    sanitizePageDataFormat(context, body, contentType, location, sanitizeJsonText),
  multipart(context, body, contentType, location): CapturedBody {
    if (body.encoding === 'text') {
      const data = sanitizeMultipartText(context, body.data, contentType, location);
      return data === body.data ? body : { ...body, data };
    }
    const decoded = decodeBase64Content(body.data, contentType ?? 'multipart/form-data');
    if (decoded === undefined) {
      return body;
    }
    const data = sanitizeMultipartText(context, decoded.text, contentType, location);
    return data === decoded.text
      ? body
      : { ...body, data: encodeBase64Content(data, decoded.encoding) };
  },
};
