import {
  BACKSLASH,
  CLOSE_BRACE,
  CLOSE_BRACKET,
  COLON,
  COMMA,
  isJsonWhitespace,
  OPEN_BRACE,
  OPEN_BRACKET,
  QUOTE,
} from './json-bytes.js';

/** One complete piece of a recording document, still as raw JSON bytes. */
export type SplitPart =
  /** A top-level key with its whole value, such as `meta` or `format`. */
  | { kind: 'field'; key: string; raw: Buffer; offset: number }
  /** The opening bracket of a streamed array such as `events`. */
  | { kind: 'array-start'; key: string; offset: number }
  /** One element of a streamed array. */
  | { kind: 'element'; key: string; index: number; raw: Buffer; offset: number }
  /** The closing bracket of a streamed array. */
  | { kind: 'array-end'; key: string; count: number; offset: number };

/** Invalid JSON structure at a byte offset of the decompressed document. */
export class JsonStructureError extends Error {
  override readonly name = 'JsonStructureError';

  constructor(
    message: string,
    /** Byte offset into the JSON text, counted from 0. */
    readonly offset: number,
  ) {
    super(`${message} at byte offset ${offset}`);
  }
}

const enum Mode {
  Start,
  FirstKeyOrEnd,
  Key,
  Colon,
  ValueStart,
  ObjectCommaOrEnd,
  FirstElementOrEnd,
  ElementStart,
  ArrayCommaOrEnd,
  InValue,
  End,
}

/** Table with a 1 for each byte that `scanValue` acts on in a value: quotes, braces, brackets. */
const STRUCTURAL_BYTES = new Uint8Array(256);
for (const byte of [QUOTE, OPEN_BRACE, CLOSE_BRACE, OPEN_BRACKET, CLOSE_BRACKET]) {
  STRUCTURAL_BYTES[byte] = 1;
}

/** String bytes checked one by one before a native search looks for the closing quote. */
const SHORT_STRING_BYTES = 32;

function isDelimiter(byte: number): boolean {
  return isJsonWhitespace(byte) || byte === COMMA || byte === CLOSE_BRACE || byte === CLOSE_BRACKET;
}

function describeByte(byte: number): string {
  return byte >= 0x20 && byte < 0x7f
    ? `"${String.fromCharCode(byte)}"`
    : `byte 0x${byte.toString(16)}`;
}

function parseKey(raw: Buffer, offset: number): string {
  try {
    return JSON.parse(raw.toString('utf8')) as string;
  } catch {
    throw new JsonStructureError('invalid key string', offset);
  }
}

/**
 * Splits the JSON text of one top-level object into its top-level values, and the values of
 * the keys in `streamedKeys` (arrays) further into their elements, so a document larger than
 * memory is handled one element at a time. The splitter checks the structure only: brackets,
 * strings, commas and colons. The content of each piece is left to `JSON.parse`, which
 * reports what is wrong inside it.
 *
 * It works on bytes, because every structural character is ASCII and so never splits a
 * UTF-8 sequence. Only the current piece is kept in memory.
 */
export class JsonSplitter {
  private mode = Mode.Start;
  /** Bytes consumed by earlier chunks. */
  private base = 0;
  private key = '';
  private streamed = false;
  private index = 0;
  /** Pieces of the value being captured that lie in earlier chunks. */
  private pending: Buffer[] = [];
  private valueStart = 0;
  private valueOffset = 0;
  private afterValue = Mode.ObjectCommaOrEnd;
  /** Closing bytes expected by the open brackets of the value being captured. */
  private closers: number[] = [];
  private inString = false;
  /** True when the chunk ended inside a string right after an unpaired backslash. */
  private escapePending = false;
  private inScalar = false;
  private capturingKey = false;
  private parts: SplitPart[] = [];

  constructor(private readonly streamedKeys: ReadonlySet<string>) {}

  /**
   * Consumes one chunk and returns the pieces completed in it.
   *
   * @throws JsonStructureError on a structural error.
   */
  push(chunk: Buffer): SplitPart[] {
    this.parts = [];
    let i = 0;
    if (this.mode === Mode.InValue) {
      this.valueStart = 0;
      i = this.scanValue(chunk, 0);
    }
    while (i < chunk.length) {
      i = this.step(chunk, i);
    }
    if (this.mode === Mode.InValue && this.valueStart < chunk.length) {
      this.pending.push(chunk.subarray(this.valueStart));
    }
    this.base += chunk.length;
    return this.parts;
  }

  /**
   * Checks that the document is complete.
   *
   * @throws JsonStructureError when the text ends inside the document.
   */
  end(): SplitPart[] {
    this.parts = [];
    if (this.mode !== Mode.End) {
      const what = this.mode === Mode.Start ? 'no JSON object' : 'the JSON text ends early';
      throw new JsonStructureError(`${what}: the document is incomplete`, this.base);
    }
    return this.parts;
  }

  private fail(message: string, chunk: Buffer, i: number): never {
    const found = message.startsWith('unmatched') ? '' : ` (found ${describeByte(chunk[i]!)})`;
    throw new JsonStructureError(`${message}${found}`, this.base + i);
  }

  /** Handles the structural byte at `i` outside any captured value; returns the next index. */
  private step(chunk: Buffer, i: number): number {
    const byte = chunk[i]!;
    if (this.mode === Mode.InValue) {
      return this.scanValue(chunk, i);
    }
    if (isJsonWhitespace(byte)) {
      return i + 1;
    }
    switch (this.mode) {
      case Mode.Start:
        if (
          this.base + i === 0 &&
          byte === 0xef &&
          chunk[i + 1] === 0xbb &&
          chunk[i + 2] === 0xbf
        ) {
          return i + 3;
        }
        if (byte !== OPEN_BRACE) {
          this.fail('expected "{" to open the recording object', chunk, i);
        }
        this.mode = Mode.FirstKeyOrEnd;
        return i + 1;
      case Mode.FirstKeyOrEnd:
      case Mode.Key:
        if (byte === CLOSE_BRACE && this.mode === Mode.FirstKeyOrEnd) {
          this.mode = Mode.End;
          return i + 1;
        }
        if (byte !== QUOTE) {
          this.fail('expected a key string', chunk, i);
        }
        this.capturingKey = true;
        return this.beginValue(chunk, i, Mode.Colon);
      case Mode.Colon:
        if (byte !== COLON) {
          this.fail(`expected ":" after the key "${this.key}"`, chunk, i);
        }
        this.mode = Mode.ValueStart;
        return i + 1;
      case Mode.ValueStart:
        if (byte === OPEN_BRACKET && this.streamedKeys.has(this.key)) {
          this.streamed = true;
          this.index = 0;
          this.parts.push({ kind: 'array-start', key: this.key, offset: this.base + i });
          this.mode = Mode.FirstElementOrEnd;
          return i + 1;
        }
        return this.beginValue(chunk, i, Mode.ObjectCommaOrEnd);
      case Mode.ObjectCommaOrEnd:
        return this.objectCommaOrEnd(chunk, i, byte);
      case Mode.FirstElementOrEnd:
      case Mode.ElementStart:
        if (byte === CLOSE_BRACKET && this.mode === Mode.FirstElementOrEnd) {
          return this.closeArray(i);
        }
        return this.beginValue(chunk, i, Mode.ArrayCommaOrEnd);
      case Mode.ArrayCommaOrEnd:
        if (byte === COMMA) {
          this.mode = Mode.ElementStart;
          return i + 1;
        }
        if (byte === CLOSE_BRACE) {
          this.fail(
            `unmatched closing brace after element ${this.index - 1} of "${this.key}"`,
            chunk,
            i,
          );
        }
        if (byte !== CLOSE_BRACKET) {
          this.fail(
            `expected "," or "]" after element ${this.index - 1} of "${this.key}"`,
            chunk,
            i,
          );
        }
        return this.closeArray(i);
      case Mode.End:
        if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
          const name = byte === CLOSE_BRACE ? 'brace' : 'bracket';
          this.fail(`unmatched closing ${name} after the end of the recording object`, chunk, i);
        }
        this.fail('unexpected data after the end of the recording object', chunk, i);
    }
    return i + 1;
  }

  private objectCommaOrEnd(chunk: Buffer, i: number, byte: number): number {
    if (byte === COMMA) {
      this.mode = Mode.Key;
      return i + 1;
    }
    if (byte === CLOSE_BRACE) {
      this.mode = Mode.End;
      return i + 1;
    }
    if (byte === CLOSE_BRACKET) {
      this.fail(`unmatched closing bracket after the value of "${this.key}"`, chunk, i);
    }
    return this.fail(`expected "," or "}" after the value of "${this.key}"`, chunk, i);
  }

  private closeArray(i: number): number {
    this.parts.push({ kind: 'array-end', key: this.key, count: this.index, offset: this.base + i });
    this.streamed = false;
    this.mode = Mode.ObjectCommaOrEnd;
    return i + 1;
  }

  private beginValue(chunk: Buffer, i: number, afterValue: Mode): number {
    const byte = chunk[i]!;
    if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
      const name = byte === CLOSE_BRACE ? 'brace' : 'bracket';
      this.fail(`unmatched closing ${name} where a value should start`, chunk, i);
    }
    if (byte === COMMA || byte === COLON) {
      this.fail('expected a value', chunk, i);
    }
    this.mode = Mode.InValue;
    this.afterValue = afterValue;
    this.valueStart = i;
    this.valueOffset = this.base + i;
    this.pending = [];
    this.closers = [];
    this.inScalar = byte !== QUOTE && byte !== OPEN_BRACE && byte !== OPEN_BRACKET;
    this.inString = byte === QUOTE;
    this.escapePending = false;
    if (byte === OPEN_BRACE || byte === OPEN_BRACKET) {
      this.closers.push(byte === OPEN_BRACE ? CLOSE_BRACE : CLOSE_BRACKET);
    }
    return this.inScalar ? this.scanValue(chunk, i) : this.scanValue(chunk, i + 1);
  }

  /** Scans the captured value from `i`; returns the index after it, or the chunk length. */
  private scanValue(chunk: Buffer, i: number): number {
    if (this.inScalar) {
      while (i < chunk.length && !isDelimiter(chunk[i]!)) {
        i++;
      }
      return i < chunk.length ? this.finishValue(chunk, i) : i;
    }
    const closers = this.closers;
    const length = chunk.length;
    if (this.inString) {
      i = this.skipString(chunk, i);
      if (i < 0) {
        return length;
      }
      if (closers.length === 0) {
        return this.finishValue(chunk, i);
      }
    }
    while (i < length) {
      const byte = chunk[i]!;
      // Most bytes between strings (digits, colons, commas) are not structural, and one table
      // lookup passes them instead of five comparisons.
      if (STRUCTURAL_BYTES[byte] === 0) {
        i++;
        continue;
      }
      if (byte === QUOTE) {
        i = this.skipString(chunk, i + 1);
        if (i < 0) {
          return length;
        }
        continue;
      }
      if (byte === OPEN_BRACE) {
        closers.push(CLOSE_BRACE);
      } else if (byte === OPEN_BRACKET) {
        closers.push(CLOSE_BRACKET);
      } else {
        // The table lets no other byte through, so this one closes a brace or a bracket.
        if (closers.pop() !== byte) {
          const name = byte === CLOSE_BRACE ? 'brace' : 'bracket';
          this.fail(`unmatched closing ${name}`, chunk, i);
        }
        if (closers.length === 0) {
          return this.finishValue(chunk, i + 1);
        }
      }
      i++;
    }
    return i;
  }

  /**
   * Skips string content from `i`, just after the opening quote or where the previous chunk
   * ended inside the string. Returns the index after the closing quote, or -1 when the string
   * goes on in the next chunk.
   */
  private skipString(chunk: Buffer, i: number): number {
    const length = chunk.length;
    if (this.escapePending) {
      this.escapePending = false;
      i += 1;
    }
    // Keys and most values are short, where a loop costs less than a native search.
    const loopEnd = Math.min(length, i + SHORT_STRING_BYTES);
    while (i < loopEnd) {
      const byte = chunk[i]!;
      if (byte === QUOTE) {
        this.inString = false;
        return i + 1;
      }
      i += byte === BACKSLASH ? 2 : 1;
    }
    if (i >= length) {
      this.inString = true;
      // A backslash as the last byte escapes the first byte of the next chunk.
      this.escapePending = i > length;
      return -1;
    }
    const close = this.findStringEnd(chunk, i);
    this.inString = close < 0;
    return close < 0 ? -1 : close + 1;
  }

  /**
   * Returns the index of the quote that ends the string scanned from `i`, or -1 when the
   * string goes on in the next chunk. A quote is escaped when an odd run of backslashes
   * precedes it, and that run may start in the previous chunk.
   */
  private findStringEnd(chunk: Buffer, i: number): number {
    let from = i;
    for (;;) {
      const quote = chunk.indexOf(QUOTE, from);
      if (quote < 0) {
        this.escapePending = this.endsWithOddBackslashes(chunk, from);
        return -1;
      }
      let backslashes = 0;
      while (quote - backslashes - 1 >= from && chunk[quote - backslashes - 1] === BACKSLASH) {
        backslashes++;
      }
      if (backslashes % 2 === 0) {
        return quote;
      }
      from = quote + 1;
    }
  }

  private endsWithOddBackslashes(chunk: Buffer, from: number): boolean {
    let backslashes = 0;
    while (
      chunk.length - backslashes - 1 >= from &&
      chunk[chunk.length - backslashes - 1] === BACKSLASH
    ) {
      backslashes++;
    }
    return backslashes % 2 === 1;
  }

  private finishValue(chunk: Buffer, end: number): number {
    const tail = chunk.subarray(this.valueStart, end);
    const raw = this.pending.length === 0 ? tail : Buffer.concat([...this.pending, tail]);
    this.pending = [];
    this.mode = this.afterValue;
    if (this.capturingKey) {
      this.capturingKey = false;
      this.key = parseKey(raw, this.valueOffset);
    } else if (this.streamed) {
      const index = this.index++;
      this.parts.push({ kind: 'element', key: this.key, index, raw, offset: this.valueOffset });
    } else {
      this.parts.push({ kind: 'field', key: this.key, raw, offset: this.valueOffset });
    }
    return end;
  }
}
