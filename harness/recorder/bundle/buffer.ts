/**
 * Browser stand-in for the part of Node's `Buffer` that shared sanitizer code uses: UTF-8 and
 * base64 conversion and `equals`. The recorder's bundler adds an import of it to the shared
 * modules that use the `Buffer` global.
 */
export class Buffer {
  private constructor(private readonly bytes: Uint8Array) {}

  /** Encodes `text` as UTF-8, or decodes it from base64 when `encoding` is `base64`. */
  static from(text: string, encoding: 'utf8' | 'base64' = 'utf8'): Buffer {
    if (encoding === 'base64') {
      let binary: string;
      try {
        // Like Node, accept the URL-safe alphabet and skip padding and whitespace.
        binary = atob(
          text
            .replace(/-/g, '+')
            .replace(/_/g, '/')
            .replace(/[^A-Za-z0-9+/]/g, ''),
        );
      } catch {
        // Node decodes what it can of damaged base64; nothing here matches that exactly.
        binary = '';
      }
      return new Buffer(Uint8Array.from(binary, (char) => char.charCodeAt(0)));
    }
    return new Buffer(new TextEncoder().encode(text));
  }

  /** Decodes the bytes as UTF-8 (invalid sequences become U+FFFD) or encodes them as base64. */
  toString(encoding: 'utf8' | 'base64' = 'utf8'): string {
    if (encoding === 'base64') {
      let binary = '';
      for (let offset = 0; offset < this.bytes.length; offset += 0x8000) {
        binary += String.fromCharCode(...this.bytes.subarray(offset, offset + 0x8000));
      }
      return btoa(binary);
    }
    return new TextDecoder().decode(this.bytes);
  }

  /** Tells whether both buffers hold the same bytes. */
  equals(other: Buffer): boolean {
    return (
      this.bytes.length === other.bytes.length &&
      this.bytes.every((byte, index) => byte === other.bytes[index])
    );
  }
}
