/**
 * Cleaning of recorded text (session names, page errors, DOM text) before it goes into a
 * Markdown comment or an XML file, where it could otherwise break the markup or ping people.
 */

/** CSI sequences (colours, cursor moves) and OSC sequences (titles, hyperlinks) of ANSI terminals. */
const ANSI_SEQUENCE =
  /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[@-_]/g;

/**
 * Characters outside XML 1.0's `Char` production: C0 controls other than tab, line feed and
 * carriage return, lone surrogates, U+FFFE and U+FFFF. The `u` flag makes a lone surrogate
 * one code point, so it matches here while a valid surrogate pair does not.
 */
const INVALID_XML_CHARACTER = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Removes ANSI escape sequences, such as the colours of a Playwright error message. */
export function stripAnsi(text: string): string {
  return text.replace(ANSI_SEQUENCE, '');
}

/** Removes ANSI sequences and every character that XML 1.0 does not allow, even escaped. */
export function toXmlSafeText(text: string): string {
  return stripAnsi(text).replace(INVALID_XML_CHARACTER, '');
}

/** Shortens text to at most `maxLength` code points, ending with `…` when it was cut. */
export function truncate(text: string, maxLength: number): string {
  const codePoints = [...text];
  if (codePoints.length <= maxLength) {
    return text;
  }
  return `${codePoints.slice(0, Math.max(0, maxLength - 1)).join('')}…`;
}

/** Zero-width space, placed after `@` and `#` so recorded text does not mention users or link issues. */
const ZERO_WIDTH_SPACE = '\u200B';

/**
 * Escapes recorded text for one line of GitHub Markdown, table cells included. Line breaks
 * become spaces. `&`, `<` and `>` become entities, so no HTML gets through. Markdown
 * punctuation (pipes, backticks, emphasis, links) is backslash-escaped. A zero-width space
 * breaks `@name` and `#12`, so a comment does not notify users or cross-reference issues.
 */
export function escapeMarkdownInline(text: string): string {
  return toXmlSafeText(text)
    .replace(/[\t\r\n]+/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_[\]|~]/g, (character) => `\\${character}`)
    .replace(/([@#])(?=[\p{L}\p{N}])/gu, `$1${ZERO_WIDTH_SPACE}`);
}
