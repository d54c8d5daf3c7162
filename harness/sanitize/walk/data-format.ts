import { deflateSync, gzipSync, unzipSync } from 'node:zlib';
import type { CapturedBody } from '../../fixture/recording.js';
import type { SanitizeContext } from './context.js';
import { base64Runs, dataFormatOf, keepingMedia, type DataFormat } from './data-format-type.js';
import type { DataVisitor } from './data-visitor.js';
import { rewriteGrpcFrames } from './grpc-frames.js';
import { sanitizeJsonString } from './json-body.js';
import { sanitizeKeepingLength } from './keep-length.js';
import { rewriteCbor, rewriteMessagePack } from './packed-values.js';
import { rewriteProtobufMessage } from './protobuf-wire.js';
import { sanitizeText } from './text.js';

/**
 * Rewrites the bytes of a body in a data format with the visitor's replacements. Returns the
 * same array when nothing changed, and undefined when the bytes do not have the format's
 * structure, so the caller falls back to reading them one byte per character.
 */
export function rewriteDataFormat(
  bytes: Uint8Array,
  format: DataFormat,
  inner: DataVisitor,
): Uint8Array | undefined {
  const visitor = keepingMedia(inner);
  switch (format) {
    case 'protobuf':
      return rewriteProtobufMessage(bytes, visitor);
    case 'grpc':
      return rewriteGrpc(bytes, visitor);
    case 'grpc-web-text':
      return rewriteGrpcWebText(bytes, visitor);
    case 'msgpack':
      return rewriteMessagePack(bytes, visitor);
    case 'cbor':
      return rewriteCbor(bytes, visitor);
  }
}

function rewriteGrpc(bytes: Uint8Array, visitor: DataVisitor): Uint8Array | undefined {
  // A frame that is not a valid message is still scanned, as bytes.
  const message = (payload: Uint8Array) =>
    rewriteProtobufMessage(payload, visitor) ?? visitor.bytes(payload);
  return rewriteGrpcFrames(bytes, {
    message,
    trailers: (text) => visitor.text(text, false),
    compressed: (payload) => rewriteCompressed(payload, message) ?? visitor.bytes(payload),
  });
}

/** Largest decompressed gRPC message read; a larger one stays as it is. */
const MAX_DECOMPRESSED_BYTES = 64 * 1024 * 1024;

/**
 * Rewrites a compressed gRPC message. The `grpc-encoding` header that names the compression
 * is not passed down to bodies, so gzip and deflate, the compressions that gRPC's own
 * libraries offer, are recognized by their first bytes (`unzipSync` accepts both).
 * A changed message is compressed again the same way. Returns undefined for a payload that
 * does not inflate (snappy, zstd, or not compressed at all), which the caller then reads as
 * bytes: snappy keeps runs of the original bytes as they are.
 */
function rewriteCompressed(
  payload: Uint8Array,
  rewrite: (message: Uint8Array) => Uint8Array,
): Uint8Array | undefined {
  let inflated: Buffer;
  try {
    inflated = unzipSync(payload, { maxOutputLength: MAX_DECOMPRESSED_BYTES });
  } catch {
    return undefined;
  }
  const rewritten = rewrite(inflated);
  if (rewritten === inflated) {
    return payload;
  }
  const isGzip = payload[0] === 0x1f && payload[1] === 0x8b;
  return isGzip ? gzipSync(rewritten) : deflateSync(rewritten);
}

/** gRPC-Web text bodies carry the frames in base64, in runs (see {@link base64Runs}). */
function rewriteGrpcWebText(bytes: Uint8Array, visitor: DataVisitor): Uint8Array | undefined {
  const runs = base64Runs(Buffer.from(bytes).toString('latin1'));
  if (runs === undefined) {
    return undefined;
  }
  const frames = Buffer.concat(runs.map((run) => Buffer.from(run, 'base64')));
  const rewritten = rewriteGrpc(frames, visitor);
  if (rewritten === undefined) {
    return undefined;
  }
  return rewritten === frames ? bytes : Buffer.from(Buffer.from(rewritten).toString('base64'));
}

/**
 * Returns a visitor that sanitizes what it is shown. Strings are sanitized as JSON strings are
 * (JSON text as JSON, URLs as URLs, other text as text), and in place when they must keep
 * their length. Bytes are read one character per byte at their length, and card-like numbers
 * as digits.
 */
export function sanitizingVisitor(context: SanitizeContext, location: string): DataVisitor {
  return {
    text: (text, keepLength) =>
      keepLength
        ? sanitizeKeepingLength(context, text, 'utf8', location)
        : sanitizeJsonString(context, text, location),
    bytes(bytes) {
      const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
      const sanitized = sanitizeKeepingLength(context, view, 'latin1', location);
      return sanitized === view ? bytes : Buffer.from(sanitized, 'latin1');
    },
    digits: (digits) => sanitizeText(context, digits, location),
  };
}

/**
 * Sanitizes a body in one of the data formats by its structure, so replacements may change
 * length and every length prefix is written again. Returns undefined for other types and
 * for bytes without the format's structure, which the caller then reads as plain bytes.
 */
export function sanitizeDataFormatBody(
  context: SanitizeContext,
  body: CapturedBody,
  contentType: string | undefined,
  location: string,
): CapturedBody | undefined {
  const format = dataFormatOf(contentType);
  // Only base64 keeps arbitrary bytes; gRPC-Web text bodies are base64 already.
  if (format === undefined || (body.encoding === 'text' && format !== 'grpc-web-text')) {
    return undefined;
  }
  const encoding = body.encoding === 'text' ? 'latin1' : 'base64';
  const bytes = Buffer.from(body.data, encoding);
  const rewritten = rewriteDataFormat(bytes, format, sanitizingVisitor(context, location));
  if (rewritten === undefined) {
    return undefined;
  }
  return rewritten === bytes ? body : { ...body, data: Buffer.from(rewritten).toString(encoding) };
}

/**
 * Returns the texts a body in one of the data formats holds, as the audit scans them: its
 * strings, its bytes one character per byte, and its card-like numbers. Returns undefined
 * when the type is not one of the formats or the bytes do not have its structure.
 */
export function dataFormatTexts(
  bytes: Uint8Array,
  contentType: string | undefined,
): string[] | undefined {
  const format = dataFormatOf(contentType);
  if (format === undefined) {
    return undefined;
  }
  const texts: string[] = [];
  const collected = rewriteDataFormat(bytes, format, {
    text(text) {
      texts.push(text);
      return text;
    },
    bytes(payload) {
      texts.push(
        Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength).toString('latin1'),
      );
      return payload;
    },
    digits(digits) {
      texts.push(digits);
      return digits;
    },
  });
  return collected === undefined ? undefined : texts;
}
