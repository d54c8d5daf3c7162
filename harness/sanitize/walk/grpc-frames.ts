import { concatBytes } from './data-visitor.js';

/**
 * Reads and rewrites the length-prefixed frames of gRPC and gRPC-Web bodies. Each frame is a
 * flag byte, a 4-byte big-endian length and the payload: a protobuf message, or in gRPC-Web a
 * trailer block of `name: value` lines when the flag's high bit is set.
 */

/** Callbacks for the payload of each frame. */
export interface FrameVisitor {
  /** A message frame; returns the new payload, or the same array when nothing changed. */
  message(payload: Uint8Array): Uint8Array;
  /** A gRPC-Web trailer frame, as text; returns the new text. */
  trailers(text: string): string;
  /**
   * A message frame marked as compressed; returns the new payload, or the same array when
   * nothing changed or the payload cannot be read.
   */
  compressed(payload: Uint8Array): Uint8Array;
}

const HEADER_BYTES = 5;
const COMPRESSED = 0x01;
const TRAILERS = 0x80;

interface Frame {
  flags: number;
  start: number;
  end: number;
}

function readFrames(bytes: Uint8Array): Frame[] | undefined {
  const frames: Frame[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    if (offset + HEADER_BYTES > bytes.length) {
      return undefined;
    }
    const flags = bytes[offset]!;
    // Only the compressed and trailer bits are defined; other bits mean these are not frames.
    if ((flags & ~(COMPRESSED | TRAILERS)) !== 0) {
      return undefined;
    }
    const length =
      bytes[offset + 1]! * 2 ** 24 +
      (bytes[offset + 2]! << 16) +
      (bytes[offset + 3]! << 8) +
      bytes[offset + 4]!;
    const start = offset + HEADER_BYTES;
    const end = start + length;
    if (end > bytes.length) {
      return undefined;
    }
    frames.push({ flags, start, end });
    offset = end;
  }
  return frames.length > 0 ? frames : undefined;
}

/**
 * Rewrites every frame whose payload the visitor changed, with its length written again.
 * Returns the same array when nothing changed, and undefined when the bytes are not a
 * sequence of frames.
 */
export function rewriteGrpcFrames(
  bytes: Uint8Array,
  visitor: FrameVisitor,
): Uint8Array | undefined {
  const frames = readFrames(bytes);
  if (frames === undefined) {
    return undefined;
  }
  const pieces: Uint8Array[] = [];
  let changed = false;
  for (const frame of frames) {
    const payload = bytes.subarray(frame.start, frame.end);
    let replaced: Uint8Array;
    if ((frame.flags & TRAILERS) !== 0) {
      replaced = rewriteTrailers(payload, visitor);
    } else {
      replaced =
        (frame.flags & COMPRESSED) !== 0 ? visitor.compressed(payload) : visitor.message(payload);
    }
    changed ||= replaced !== payload;
    pieces.push(frameHeader(frame.flags, replaced.length), replaced);
  }
  return changed ? concatBytes(pieces) : bytes;
}

function rewriteTrailers(payload: Uint8Array, visitor: FrameVisitor): Uint8Array {
  const text = new TextDecoder().decode(payload);
  const replaced = visitor.trailers(text);
  return replaced === text ? payload : new TextEncoder().encode(replaced);
}

function frameHeader(flags: number, length: number): Uint8Array {
  return Uint8Array.of(
    flags,
    Math.floor(length / 2 ** 24) & 0xff,
    (length >>> 16) & 0xff,
    (length >>> 8) & 0xff,
    length & 0xff,
  );
}
