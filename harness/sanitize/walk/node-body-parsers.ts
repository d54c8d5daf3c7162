import type { BodyParsers } from './body.js';
import { sanitizeDataFormatBody } from './data-format.js';
import { sanitizeJsonText } from './json-body.js';
import { sanitizeMultipart } from './multipart.js';

/**
 * Body parsers of `replaygate sanitize`. JSON is walked token by token, so numbers and
 * layout stay as written. Multipart bodies are walked on bytes, so binary file parts pass
 * through untouched whatever the encoding of the other parts. Protobuf, gRPC, MessagePack and
 * CBOR bodies are walked by their structure, so a replacement may change a string's length.
 */
export const NODE_BODY_PARSERS: BodyParsers = {
  json: sanitizeJsonText,
  multipart(context, body, contentType, location) {
    const encoding = body.encoding === 'text' ? 'utf8' : 'base64';
    const bytes = Buffer.from(body.data, encoding);
    const sanitized = sanitizeMultipart(context, bytes, contentType, location);
    return sanitized === bytes ? body : { ...body, data: sanitized.toString(encoding) };
  },
  dataFormat: sanitizeDataFormatBody,
};
