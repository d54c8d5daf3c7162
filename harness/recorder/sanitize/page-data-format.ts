import type { CapturedBody } from '../../fixture/recording.js';
import type { SanitizeContext } from '../../sanitize/walk/context.js';
import { base64Runs, dataFormatOf, keepingMedia } from '../../sanitize/walk/data-format-type.js';
import type { DataVisitor } from '../../sanitize/walk/data-visitor.js';
import { rewriteGrpcFrames } from '../../sanitize/walk/grpc-frames.js';
import { sanitizeKeepingLength } from '../../sanitize/walk/keep-length.js';
import { rewriteProtobufMessage } from '../../sanitize/walk/protobuf-wire.js';
import { looksLikeUrl, sanitizeText } from '../../sanitize/walk/text.js';
import { sanitizeUrl } from '../../sanitize/walk/url.js';

/** Sanitizes a string found in a message that reads as JSON text. */
type JsonSanitizer = (context: SanitizeContext, text: string, location: string) => string;

function toLatin1(bytes: Uint8Array): string {
  let text = '';
  for (let index = 0; index < bytes.length; index += 0x8000) {
    text += String.fromCharCode(...bytes.subarray(index, index + 0x8000));
  }
  return text;
}

function fromLatin1(text: string): Uint8Array {
  return Uint8Array.from(text, (character) => character.charCodeAt(0));
}

function pageVisitor(context: SanitizeContext, location: string, json: JsonSanitizer): DataVisitor {
  return keepingMedia({
    text(text, keepLength) {
      if (keepLength) {
        return sanitizeKeepingLength(context, text, 'utf8', location);
      }
      const start = text.trimStart()[0];
      if (start === '{' || start === '[') {
        return json(context, text, location);
      }
      return looksLikeUrl(text)
        ? sanitizeUrl(context, text, location)
        : sanitizeText(context, text, location);
    },
    bytes(bytes) {
      const view = toLatin1(bytes);
      const sanitized = sanitizeKeepingLength(context, view, 'latin1', location);
      return sanitized === view ? bytes : fromLatin1(sanitized);
    },
    digits: (digits) => sanitizeText(context, digits, location),
  });
}

/**
 * Masks protobuf, gRPC and gRPC-Web text bodies in the page by their structure, with the same
 * wire reader as `replaygate sanitize`. So a tag or length byte that reads as a letter or
 * digit is not masked with the value beside it. Compressed gRPC frames are read as bytes,
 * because the page bundle has no inflater. MessagePack and CBOR need codecs that the bundle
 * leaves out, so they return undefined and are read one byte per character.
 */
export function sanitizePageDataFormat(
  context: SanitizeContext,
  body: CapturedBody,
  contentType: string | undefined,
  location: string,
  json: JsonSanitizer,
): CapturedBody | undefined {
  const format = dataFormatOf(contentType);
  if (format !== 'protobuf' && format !== 'grpc' && format !== 'grpc-web-text') {
    return undefined;
  }
  // Only base64 keeps arbitrary bytes; gRPC-Web text bodies are base64 already.
  if (body.encoding === 'text' && format !== 'grpc-web-text') {
    return undefined;
  }
  const data = decodeBody(body);
  const bytes = data === undefined ? undefined : decodeBytes(data, format);
  if (data === undefined || bytes === undefined) {
    return undefined;
  }
  const visitor = pageVisitor(context, location, json);
  const rewritten =
    format === 'protobuf'
      ? rewriteProtobufMessage(bytes, visitor)
      : rewriteGrpcFrames(bytes, {
          message: (payload) => rewriteProtobufMessage(payload, visitor) ?? visitor.bytes(payload),
          trailers: (text) => visitor.text(text, false),
          compressed: (payload) => visitor.bytes(payload),
        });
  if (rewritten === undefined || rewritten === bytes) {
    return rewritten === undefined ? undefined : body;
  }
  // gRPC-Web text carries the frames in base64, inside the body's own encoding.
  const written = format === 'grpc-web-text' ? btoa(toLatin1(rewritten)) : toLatin1(rewritten);
  return { ...body, data: body.encoding === 'text' ? written : btoa(written) };
}

/** Returns the body's bytes as one character per byte, or undefined when base64 is broken. */
function decodeBody(body: CapturedBody): string | undefined {
  if (body.encoding === 'text') {
    return body.data;
  }
  try {
    return atob(body.data);
  } catch {
    return undefined;
  }
}

/**
 * Returns the message bytes of a body: as they are, or for gRPC-Web text decoded run by run.
 * Returns undefined when they do not decode.
 */
function decodeBytes(
  data: string,
  format: 'protobuf' | 'grpc' | 'grpc-web-text',
): Uint8Array | undefined {
  if (format !== 'grpc-web-text') {
    return fromLatin1(data);
  }
  const runs = base64Runs(data);
  if (runs === undefined) {
    return undefined;
  }
  try {
    return fromLatin1(runs.map((run) => atob(run)).join(''));
  } catch {
    return undefined;
  }
}
