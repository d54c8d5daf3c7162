import { mediaTypeOf, startsWithMediaSignature } from './content-type.js';
import type { DataVisitor } from './data-visitor.js';

/** Binary data formats whose structure the sanitizer and the audit read. */
export type DataFormat = 'protobuf' | 'grpc' | 'grpc-web-text' | 'msgpack' | 'cbor';

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

/**
 * Wraps a visitor so that images and fonts inside a message stay byte for byte, as they do
 * as whole bodies: a detector match in their bytes would corrupt them rather than remove a
 * secret.
 */
export function keepingMedia(inner: DataVisitor): DataVisitor {
  return {
    text: (text, keepLength) => inner.text(text, keepLength),
    bytes: (payload) => (startsWithMediaSignature(payload) ? payload : inner.bytes(payload)),
    digits: (digits) => inner.digits(digits),
  };
}

/** One base64 group run with its padding; gRPC-Web text bodies join several such runs. */
const BASE64_RUN = /[A-Za-z0-9+/]+={0,2}/g;

/**
 * Splits a gRPC-Web text body into its padded base64 runs. A server may encode each frame on
 * its own and join the results, padding included, so each run is decoded by itself. Line
 * breaks between runs are not part of the data. Returns undefined for text that is not base64.
 */
export function base64Runs(text: string): string[] | undefined {
  const compact = text.replace(/\s+/g, '');
  const runs = compact.match(BASE64_RUN);
  return runs === null || runs.join('') !== compact ? undefined : runs;
}
