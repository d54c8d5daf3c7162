import type { CapturedBody } from '../../fixture/recording.js';
import { mediaTypeOf, startsWithMediaSignature } from './content-type.js';
import type { SanitizeContext } from './context.js';
import type { DataVisitor } from './data-visitor.js';
import { rewriteGrpcFrames } from './grpc-frames.js';
import { sanitizeKeepingLength } from './keep-length.js';
import { rewriteProtobufMessage } from './protobuf-wire.js';
import { sanitizeStringValue, sanitizeText, type JsonTextSanitizer } from './text.js';

// The parts of reading binary bodies by their structure that need no Node API, shared by
// `replaygate sanitize` and the recorder's page bundle.

/** Binary data formats whose structure the sanitizer and the audit read. */
export type DataFormat = 'protobuf' | 'grpc' | 'grpc-web-text' | 'msgpack' | 'cbor';

/** The formats that this module rewrites; MessagePack and CBOR need codecs. */
export type WireFormat = Extract<DataFormat, 'protobuf' | 'grpc' | 'grpc-web-text'>;

const FORMATS: ReadonlyArray<readonly [RegExp, DataFormat]> = [
  [/^application\/((x-)?(google-)?protobuf|vnd\.google\.protobuf)$/, 'protobuf'],
  [/^application\/grpc(-web)?(\+proto)?$/, 'grpc'],
  [/^application\/grpc-web-text(\+proto)?$/, 'grpc-web-text'],
  [/^application\/(x-|vnd\.)?msgpack$/, 'msgpack'],
  [/^application\/(cbor|[\w.-]+\+cbor)$/, 'cbor'],
];

/** Returns the data format of a content type, or undefined for any other type. */
export function dataFormatOf(contentType: string | undefined): DataFormat | undefined {
  const type = mediaTypeOf(contentType);
  return FORMATS.find(([pattern]) => pattern.test(type))?.[1];
}

/** Tells whether this module rewrites the format. */
export function isWireFormat(format: DataFormat): format is WireFormat {
  return format === 'protobuf' || format === 'grpc' || format === 'grpc-web-text';
}

/** Returns the bytes as a string of one character per byte. */
export function bytesToLatin1(bytes: Uint8Array): string {
  let text = '';
  // Chunks keep the argument list of `fromCharCode` within the engine's limits.
  for (let index = 0; index < bytes.length; index += 0x8000) {
    text += String.fromCharCode(...bytes.subarray(index, index + 0x8000));
  }
  return text;
}

/** Returns the bytes of a string of one character per byte. */
export function latin1ToBytes(text: string): Uint8Array {
  return Uint8Array.from(text, (character) => character.charCodeAt(0));
}

/**
 * Wraps a visitor so that images and fonts inside a message stay byte for byte, as they do
 * as whole bodies, because a detector match in their bytes would corrupt them rather than
 * remove a secret.
 */
export function keepingMedia(inner: DataVisitor): DataVisitor {
  return {
    text: (text, keepLength) => inner.text(text, keepLength),
    bytes: (payload) => (startsWithMediaSignature(payload) ? payload : inner.bytes(payload)),
    digits: (digits) => inner.digits(digits),
  };
}

/**
 * Returns a visitor that sanitizes what it is shown. Strings are sanitized as JSON string
 * values are, with `json` for strings that are JSON, and in place when they must keep their
 * length. Bytes are read one character per byte at their length, and card-like numbers as
 * digits.
 */
export function sanitizingVisitor(
  context: SanitizeContext,
  location: string,
  json: JsonTextSanitizer,
): DataVisitor {
  return {
    text: (text, keepLength) =>
      keepLength
        ? sanitizeKeepingLength(context, text, 'utf8', location)
        : sanitizeStringValue(context, text, location, json),
    bytes(bytes) {
      const view = bytesToLatin1(bytes);
      const sanitized = sanitizeKeepingLength(context, view, 'latin1', location);
      return sanitized === view ? bytes : latin1ToBytes(sanitized);
    },
    digits: (digits) => sanitizeText(context, digits, location),
  };
}

/**
 * Rewrites a compressed gRPC message with `rewrite`, or returns undefined when it cannot be
 * inflated, so the caller reads it as bytes.
 */
export type Inflater = (
  payload: Uint8Array,
  rewrite: (message: Uint8Array) => Uint8Array,
) => Uint8Array | undefined;

/**
 * Rewrites protobuf, gRPC or gRPC-Web text bytes with the visitor's replacements. Returns the
 * same array when nothing changed, and undefined when the bytes do not have the format's
 * structure. Compressed gRPC frames go to `inflate`, and are read as bytes without one.
 */
export function rewriteWireFormat(
  bytes: Uint8Array,
  format: WireFormat,
  visitor: DataVisitor,
  inflate?: Inflater,
): Uint8Array | undefined {
  switch (format) {
    case 'protobuf':
      return rewriteProtobufMessage(bytes, visitor);
    case 'grpc':
      return rewriteGrpc(bytes, visitor, inflate);
    case 'grpc-web-text':
      return rewriteGrpcWebText(bytes, visitor, inflate);
  }
}

function rewriteGrpc(
  bytes: Uint8Array,
  visitor: DataVisitor,
  inflate: Inflater | undefined,
): Uint8Array | undefined {
  // A frame that is not a valid message is still scanned, as bytes.
  const message = (payload: Uint8Array) =>
    rewriteProtobufMessage(payload, visitor) ?? visitor.bytes(payload);
  return rewriteGrpcFrames(bytes, {
    message,
    trailers: (text) => visitor.text(text, false),
    compressed: (payload) => inflate?.(payload, message) ?? visitor.bytes(payload),
  });
}

/** One base64 group run with its padding; gRPC-Web text bodies join several such runs. */
const BASE64_RUN = /[A-Za-z0-9+/]+={0,2}/g;

/**
 * Rewrites a gRPC-Web text body, whose frames are base64. A server may encode each frame on
 * its own and join the results, padding included, so each run is decoded by itself. Line
 * breaks between runs are not part of the data.
 */
function rewriteGrpcWebText(
  bytes: Uint8Array,
  visitor: DataVisitor,
  inflate: Inflater | undefined,
): Uint8Array | undefined {
  const text = bytesToLatin1(bytes).replace(/\s+/g, '');
  const runs = text.match(BASE64_RUN);
  if (runs === null || runs.join('') !== text) {
    return undefined;
  }
  const frames = latin1ToBytes(runs.map((run) => atob(run)).join(''));
  const rewritten = rewriteGrpc(frames, visitor, inflate);
  if (rewritten === undefined) {
    return undefined;
  }
  return rewritten === frames ? bytes : latin1ToBytes(btoa(bytesToLatin1(rewritten)));
}

/**
 * Rewrites the bytes of a body in a data format with `rewrite`, and writes them back in the
 * body's encoding. Returns undefined for other types, for text bodies of formats other than
 * gRPC-Web text (only base64 keeps arbitrary bytes), and when `rewrite` does.
 */
export function rewriteBodyBytes(
  body: CapturedBody,
  contentType: string | undefined,
  rewrite: (bytes: Uint8Array, format: DataFormat) => Uint8Array | undefined,
): CapturedBody | undefined {
  const format = dataFormatOf(contentType);
  if (format === undefined || (body.encoding === 'text' && format !== 'grpc-web-text')) {
    return undefined;
  }
  let bytes: Uint8Array;
  try {
    bytes = latin1ToBytes(body.encoding === 'text' ? body.data : atob(body.data));
  } catch {
    // atob rejects broken base64, which the caller then reads another way.
    return undefined;
  }
  const rewritten = rewrite(bytes, format);
  if (rewritten === undefined || rewritten === bytes) {
    return rewritten === undefined ? undefined : body;
  }
  const data = bytesToLatin1(rewritten);
  return { ...body, data: body.encoding === 'text' ? data : btoa(data) };
}
