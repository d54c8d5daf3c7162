import { deflateSync, gzipSync, unzipSync } from 'node:zlib';
import type { CapturedBody } from '../../fixture/recording.js';
import type { SanitizeContext } from './context.js';
import type { DataVisitor } from './data-visitor.js';
import { sanitizeJsonText } from './json-body.js';
import { rewriteCbor, rewriteMessagePack } from './packed-values.js';
import {
  bytesToLatin1,
  dataFormatOf,
  keepingMedia,
  rewriteBodyBytes,
  rewriteWireFormat,
  sanitizingVisitor,
  type DataFormat,
} from './wire-body.js';

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
    case 'msgpack':
      return rewriteMessagePack(bytes, visitor);
    case 'cbor':
      return rewriteCbor(bytes, visitor);
    default:
      return rewriteWireFormat(bytes, format, visitor, rewriteCompressed);
  }
}

/** Largest decompressed gRPC message read; a larger one stays as it is. */
const MAX_DECOMPRESSED_BYTES = 64 * 1024 * 1024;

/**
 * Rewrites a compressed gRPC message. The `grpc-encoding` header that names the compression
 * is not passed down to bodies, so gzip and deflate are recognized by their first bytes
 * (`unzipSync` accepts both). A changed message is compressed again the same way. Returns
 * undefined for a payload that does not inflate (snappy, zstd, or not compressed at all),
 * which the caller then reads as bytes.
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
  const visitor = sanitizingVisitor(context, location, sanitizeJsonText);
  return rewriteBodyBytes(body, contentType, (bytes, format) =>
    rewriteDataFormat(bytes, format, visitor),
  );
}

/**
 * Returns the texts a body in one of the data formats contains, as the audit scans them: its
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
      texts.push(bytesToLatin1(payload));
      return payload;
    },
    digits(digits) {
      texts.push(digits);
      return digits;
    },
  });
  return collected === undefined ? undefined : texts;
}
