/**
 * Letters, digits and marks outside ASCII as they appear in recorded text: raw (also as
 * surrogate pairs), JSON-escaped (`\u00e9`) or percent-encoded as UTF-8 (`%C3%A9`). The
 * e-mail detector uses them to find internationalized addresses whole.
 */

/**
 * Letters, digits and combining marks of any script, which internationalized addresses
 * (RFC 6531 local parts, IDNA domain labels) may contain besides ASCII.
 */
const UNICODE_WORD = /^[\p{L}\p{N}\p{M}]+$/u;
/** A JSON `\u00e9` escape, with the extra backslashes of text escaped more than once. */
const UNICODE_ESCAPE = /\\+u([0-9A-Fa-f]{4})/y;
/** Percent-encoded UTF-8 bytes of one character outside ASCII (`%C3%BC` for `ü`). */
const PERCENT_UTF8 = /(?:%[C-Fc-f][0-9A-Fa-f])(?:%[89ABab][0-9A-Fa-f]){1,3}/y;
/** Either of the two encodings above, for decoding. */
const NON_ASCII_ENCODED =
  /\\+u([0-9A-Fa-f]{4})|(?:%[C-Fc-f][0-9A-Fa-f])(?:%[89ABab][0-9A-Fa-f]){1,3}/g;

/**
 * Returns `text` with JSON `\uXXXX` escapes and percent-encoded UTF-8 of characters outside
 * ASCII decoded. Escapes of ASCII characters (`%2B`, `\u0040`) stay, so ASCII text is
 * returned unchanged.
 */
export function decodeNonAscii(text: string): string {
  if (!text.includes('\\') && !text.includes('%')) {
    return text;
  }
  return text.replace(NON_ASCII_ENCODED, (encoded, hex: string | undefined) => {
    if (hex !== undefined) {
      const code = Number.parseInt(hex, 16);
      return code >= 0x80 ? String.fromCharCode(code) : encoded;
    }
    try {
      return decodeURIComponent(encoded);
    } catch {
      return encoded;
    }
  });
}

function isUnicodeWord(text: string): boolean {
  return UNICODE_WORD.test(text);
}

/**
 * Returns the length of the letter, digit or mark outside ASCII that ends at `index` (two
 * code units for a surrogate pair), or 0 when there is none.
 */
export function unicodeLengthBefore(text: string, index: number): number {
  const code = text.charCodeAt(index - 1);
  if (code >= 0xdc00 && code <= 0xdfff) {
    return isUnicodeWord(text.slice(index - 2, index)) ? 2 : 0;
  }
  return code >= 128 && isUnicodeWord(text.charAt(index - 1)) ? 1 : 0;
}

/**
 * Returns where the backslashes before `index` start when they and the `uXXXX` at `index`
 * form a JSON escape of a letter, digit or mark outside ASCII, or `index` otherwise.
 */
export function escapeStartBefore(text: string, index: number): number {
  const hex = /^u([0-9A-Fa-f]{4})/.exec(text.slice(index, index + 5))?.[1];
  const code = hex === undefined ? 0 : Number.parseInt(hex, 16);
  if (code < 128 || !isUnicodeWord(String.fromCharCode(code))) {
    return index;
  }
  let start = index;
  while (start > 0 && text.charCodeAt(start - 1) === 92) {
    start -= 1;
  }
  return start;
}

/** Returns the length of the character outside ASCII, raw or encoded, that starts at `index`. */
export function unicodeLengthAt(text: string, index: number): number {
  const code = text.charCodeAt(index);
  if (code >= 0xd800 && code <= 0xdbff) {
    return isUnicodeWord(text.slice(index, index + 2)) ? 2 : 0;
  }
  if (code >= 128) {
    return isUnicodeWord(text.charAt(index)) ? 1 : 0;
  }
  if (code !== 92 && code !== 37) {
    return 0;
  }
  const pattern = code === 92 ? UNICODE_ESCAPE : PERCENT_UTF8;
  pattern.lastIndex = index;
  const encoded = pattern.exec(text)?.[0];
  return encoded !== undefined && isUnicodeWord(decodeNonAscii(encoded)) ? encoded.length : 0;
}
