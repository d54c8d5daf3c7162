import type { CapturedBody } from '../../fixture/recording.js';
import type { SanitizeContext } from '../../sanitize/walk/context.js';
import type { JsonTextSanitizer } from '../../sanitize/walk/text.js';
import {
  isWireFormat,
  keepingMedia,
  rewriteBodyBytes,
  rewriteWireFormat,
  sanitizingVisitor,
} from '../../sanitize/walk/wire-body.js';

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
  json: JsonTextSanitizer,
): CapturedBody | undefined {
  const visitor = keepingMedia(sanitizingVisitor(context, location, json));
  return rewriteBodyBytes(body, contentType, (bytes, format) =>
    isWireFormat(format) ? rewriteWireFormat(bytes, format, visitor) : undefined,
  );
}
