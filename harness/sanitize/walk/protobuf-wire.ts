import { concatBytes, type DataVisitor } from './data-visitor.js';
import { readUtf8Text } from './utf8-text.js';

/**
 * Reads and rewrites the protobuf wire format without a schema. A replay serves the recorded
 * bytes to an app that decodes them with its own schema, so every length prefix must still
 * match after a value inside changed length. The reader walks fields and rewrites only the
 * length-delimited ones that a visitor changed, with their length prefix encoded again.
 */

/** Nested messages deeper than this are treated as bytes, so hostile input cannot recurse far. */
const MAX_DEPTH = 32;
/** A varint encodes at most 64 bits, in ten bytes of seven bits each. */
const MAX_VARINT_BYTES = 10;
/** Varints shorter than this encode values below 2^35, which have at most 11 decimal digits. */
const MIN_CARD_VARINT_BYTES = 6;
const CARD_DIGITS = /^\d{12,19}$/;

const enum WireType {
  Varint = 0,
  Fixed64 = 1,
  LengthDelimited = 2,
  Fixed32 = 5,
}

/** One field of a message, as offsets into its bytes. */
interface WireField {
  wireType: WireType;
  /** Offset just after the tag, where a varint or a length prefix starts. */
  tagEnd: number;
  /** Offset of the value; for length-delimited fields, just after the length prefix. */
  start: number;
  end: number;
}

/** Reads a varint at `offset`; returns its value and end, or undefined when it is cut short. */
function readVarint(
  bytes: Uint8Array,
  offset: number,
  end: number,
): { value: number; end: number } | undefined {
  let value = 0;
  let scale = 1;
  for (let index = offset; index < end && index - offset < MAX_VARINT_BYTES; index++) {
    const byte = bytes[index]!;
    value += (byte & 0x7f) * scale;
    if (byte < 0x80) {
      return { value, end: index + 1 };
    }
    scale *= 128;
  }
  return undefined;
}

/**
 * Splits `bytes[start, end)` into fields, or returns undefined when the bytes are not one
 * valid message: a field number of 0, a group or unknown wire type, or a value that runs past
 * the end.
 */
function readFields(bytes: Uint8Array, start: number, end: number): WireField[] | undefined {
  const fields: WireField[] = [];
  let offset = start;
  while (offset < end) {
    const tag = readVarint(bytes, offset, end);
    if (tag === undefined || tag.value < 8 || tag.value >= 2 ** 32) {
      return undefined;
    }
    const wireType = tag.value % 8;
    const tagEnd = tag.end;
    let valueStart = tagEnd;
    let valueEnd: number;
    switch (wireType) {
      case WireType.Varint: {
        const value = readVarint(bytes, tagEnd, end);
        if (value === undefined) {
          return undefined;
        }
        valueEnd = value.end;
        break;
      }
      case WireType.Fixed64:
        valueEnd = tagEnd + 8;
        break;
      case WireType.Fixed32:
        valueEnd = tagEnd + 4;
        break;
      case WireType.LengthDelimited: {
        const length = readVarint(bytes, tagEnd, end);
        if (length === undefined) {
          return undefined;
        }
        valueStart = length.end;
        valueEnd = valueStart + length.value;
        break;
      }
      default:
        // Groups (3 and 4) are deprecated and proto3 has none. Wire types 6 and 7 do not exist.
        return undefined;
    }
    if (valueEnd > end) {
      return undefined;
    }
    fields.push({ wireType, tagEnd, start: valueStart, end: valueEnd });
    offset = valueEnd;
  }
  return fields;
}

/** Tells whether the bytes read as one protobuf message. Empty bytes are an empty message. */
export function isProtobufMessage(bytes: Uint8Array): boolean {
  return readFields(bytes, 0, bytes.length) !== undefined;
}

const utf8Encoder = new TextEncoder();

function encodeVarint(value: bigint): Uint8Array {
  const bytes: number[] = [];
  let rest = value;
  while (rest >= 0x80n) {
    bytes.push(Number(rest & 0x7fn) | 0x80);
    rest >>= 7n;
  }
  bytes.push(Number(rest));
  return Uint8Array.from(bytes);
}

/**
 * Rewrites the payload of a length-delimited field. Text that does not also read as a
 * message may change length, because its prefix is written again. Bytes that read as a
 * message are walked as one, so each string is sanitized on its own. When the same bytes
 * also read as text, that reading is sanitized too, at its length, because a value can hide
 * from the detectors in either reading. A length byte that reads as a digit breaks a card
 * number in the text reading, and a value that only looks like a message falls apart in the
 * other one.
 */
function rewritePayload(payload: Uint8Array, visitor: DataVisitor, depth: number): Uint8Array {
  const fields = depth < MAX_DEPTH ? readFields(payload, 0, payload.length) : undefined;
  const text = readUtf8Text(payload);
  if (fields === undefined) {
    if (text === undefined) {
      return visitor.bytes(payload);
    }
    const replaced = visitor.text(text, false);
    return replaced === text ? payload : utf8Encoder.encode(replaced);
  }
  const structured = rewriteFields(payload, fields, visitor, depth + 1);
  if (text === undefined) {
    return structured;
  }
  const structuredText = readUtf8Text(structured);
  if (structuredText === undefined) {
    // The walk cut a character of the text reading (a byte field inside `é`), so that
    // reading is sanitized on its own and the message reading gives way.
    const replaced = visitor.text(text, true);
    return replaced === text ? payload : utf8Encoder.encode(replaced);
  }
  // NOTE: a value found only in the text reading is masked across the bytes of the message
  // reading, which can break that reading. The text reading wins, because it may be right.
  const checked = visitor.text(structuredText, true);
  return checked === structuredText ? structured : utf8Encoder.encode(checked);
}

/** Rewrites a varint that may be a card number; returns undefined when it stays. */
function rewriteVarint(
  bytes: Uint8Array,
  field: WireField,
  visitor: DataVisitor,
): Uint8Array | undefined {
  if (field.end - field.tagEnd < MIN_CARD_VARINT_BYTES) {
    return undefined;
  }
  let value = 0n;
  for (let index = field.end - 1; index >= field.tagEnd; index--) {
    value = (value << 7n) | BigInt(bytes[index]! & 0x7f);
  }
  const digits = value.toString();
  if (!CARD_DIGITS.test(digits)) {
    return undefined;
  }
  const replaced = visitor.digits(digits);
  return replaced === digits
    ? undefined
    : encodeVarint(BigInt(replaced.replace(/\D/g, '0') || '0'));
}

function rewriteFields(
  bytes: Uint8Array,
  fields: readonly WireField[],
  visitor: DataVisitor,
  depth: number,
): Uint8Array {
  const pieces: Uint8Array[] = [];
  let copied = 0;
  for (const field of fields) {
    let value: Uint8Array | undefined;
    if (field.wireType === WireType.LengthDelimited) {
      const payload = bytes.subarray(field.start, field.end);
      const replaced = rewritePayload(payload, visitor, depth);
      if (replaced !== payload) {
        value = concatBytes([encodeVarint(BigInt(replaced.length)), replaced]);
      }
    } else if (field.wireType === WireType.Varint) {
      value = rewriteVarint(bytes, field, visitor);
    }
    if (value !== undefined) {
      pieces.push(bytes.subarray(copied, field.tagEnd), value);
      copied = field.end;
    }
  }
  if (pieces.length === 0) {
    return bytes;
  }
  pieces.push(bytes.subarray(copied));
  return concatBytes(pieces);
}

/**
 * Rewrites a protobuf message with the visitor's replacements, nested messages included.
 * Returns the same array when nothing changed, and undefined when the bytes are not a
 * valid message, so the caller can fall back to reading them as plain bytes.
 */
export function rewriteProtobufMessage(
  bytes: Uint8Array,
  visitor: DataVisitor,
): Uint8Array | undefined {
  const fields = readFields(bytes, 0, bytes.length);
  return fields === undefined ? undefined : rewriteFields(bytes, fields, visitor, 0);
}
