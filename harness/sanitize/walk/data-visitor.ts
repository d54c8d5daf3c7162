/**
 * Callbacks for the values found inside a structured binary body (protobuf, MessagePack,
 * CBOR). The sanitizer returns replacements. The audit collects the values and returns them
 * unchanged.
 */
export interface DataVisitor {
  /**
   * A string, or protobuf bytes that read as UTF-8 text without control characters. With
   * `keepLength`, the result must have the same length in bytes: protobuf bytes that also read
   * as a nested message may be one, and its own length prefixes count them. Returns the text
   * to write.
   */
  text(text: string, keepLength: boolean): string;
  /**
   * Bytes that are neither text nor a message (packed numbers, raw bytes). Returns bytes of
   * the same length, or the same array when nothing changed.
   */
  bytes(bytes: Uint8Array): Uint8Array;
  /**
   * A whole number of 12 to 19 decimal digits, as many as a payment card has. Returns the
   * digits to write.
   */
  digits(digits: string): string;
}

/** Joins byte arrays into one. */
export function concatBytes(pieces: readonly Uint8Array[]): Uint8Array {
  const result = new Uint8Array(pieces.reduce((sum, piece) => sum + piece.length, 0));
  let offset = 0;
  for (const piece of pieces) {
    result.set(piece, offset);
    offset += piece.length;
  }
  return result;
}
