/**
 * Browser stand-in for the part of Node's `Buffer` that shared sanitizer code uses: UTF-8,
 * Latin-1 and base64 conversion, `equals` and `includes`. The recorder's bundler adds an
 * import of it to the shared modules that use the `Buffer` global.
 */
export class Buffer {
  private constructor(private readonly bytes: Uint8Array) {}

  /**
   * Encodes `text` as UTF-8 or Latin-1 (the low byte of each character, as Node does), or
   * decodes it from base64 when `encoding` is `base64`.
   */
  static from(text: string, encoding: 'utf8' | 'latin1' | 'base64' = 'utf8'): Buffer {
    if (encoding === 'base64') {
      // Like Node: accept the URL-safe alphabet, skip whitespace and other characters, stop
      // at the first padding, and drop a last group too short to hold a byte.
      let letters = text
        .replace(/-/g, '+')
        .replace(/_/g, '/')
        .replace(/=.*$/s, '')
        .replace(/[^A-Za-z0-9+/]/g, '');
      if (letters.length % 4 === 1) {
        letters = letters.slice(0, -1);
      }
      return Buffer.fromLatin1(atob(letters.padEnd(Math.ceil(letters.length / 4) * 4, '=')));
    }
    if (encoding === 'latin1') {
      return Buffer.fromLatin1(text);
    }
    return new Buffer(new TextEncoder().encode(text));
  }

  private static fromLatin1(text: string): Buffer {
    // Node writes one byte per UTF-16 code unit. A string iterator would give code points.
    const bytes = new Uint8Array(text.length);
    for (let index = 0; index < text.length; index++) {
      bytes[index] = text.charCodeAt(index) & 0xff;
    }
    return new Buffer(bytes);
  }

  /**
   * Decodes the bytes from `start` to `end` as UTF-8 (invalid sequences become U+FFFD) or
   * Latin-1, or encodes them as base64.
   */
  toString(
    encoding: 'utf8' | 'latin1' | 'base64' = 'utf8',
    start = 0,
    end = this.bytes.length,
  ): string {
    const bytes = this.bytes.subarray(start, end);
    if (encoding === 'utf8') {
      // Node keeps a byte-order mark as U+FEFF, and the sanitizer compares bytes after a round trip.
      return new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    }
    let binary = '';
    for (let offset = 0; offset < bytes.length; offset += 0x8000) {
      binary += String.fromCharCode(...bytes.subarray(offset, offset + 0x8000));
    }
    return encoding === 'latin1' ? binary : btoa(binary);
  }

  /** Tells whether both buffers hold the same bytes. */
  equals(other: Buffer): boolean {
    return (
      this.bytes.length === other.bytes.length &&
      this.bytes.every((byte, index) => byte === other.bytes[index])
    );
  }

  /** Tells whether the bytes contain `byte`. */
  includes(byte: number): boolean {
    return this.bytes.includes(byte);
  }
}
