/**
 * Reads text in which characters are written as HTML character references (`&#64;`,
 * `&#x40;`, `&commat;`) or JavaScript escapes (`\u0040`, `\x40`). Pages and scripts escape
 * characters so, and ASP.NET's JSON encoder writes `+` as `\u002B`. An escape inside a value
 * hides it from every detector. Browser-safe: the recorder's page bundle uses it too.
 */

const ESCAPE =
  /&#(\d{1,7});|&#[xX]([0-9A-Fa-f]{1,6});|&([A-Za-z]{2,8});|\\u([0-9A-Fa-f]{4})|\\x([0-9A-Fa-f]{2})/g;

/**
 * Named references of the characters that addresses, phone numbers and tokens are made of.
 * The rest of HTML's named references stand for symbols and letters that no detector reads.
 */
const NAMED_REFERENCES: Readonly<Record<string, string>> = {
  amp: '&',
  apos: "'",
  colon: ':',
  commat: '@',
  equals: '=',
  gt: '>',
  lowbar: '_',
  lt: '<',
  nbsp: '\u00a0',
  num: '#',
  period: '.',
  plus: '+',
  quot: '"',
  sol: '/',
};

/** Text with its escapes decoded, and where each decoded character starts in the text as written. */
export interface DecodedEscapes {
  text: string;
  /** The index in the written text of each decoded UTF-16 unit, and one past the end. */
  writtenIndex: number[];
}

/**
 * Tells whether `text` may contain an escape, without a regular expression. Most texts with
 * `&` are URLs and form bodies, which have no `;` either.
 */
export function mayHaveEscapes(text: string): boolean {
  const ampersand = text.indexOf('&');
  if (ampersand >= 0 && text.indexOf(';', ampersand) >= 0) {
    return true;
  }
  return text.includes('\\u') || text.includes('\\x');
}

/**
 * Decodes the escapes of `text`, or returns undefined when it has none. A reference to an
 * invalid code point, and a named reference outside {@link NAMED_REFERENCES}, stay as
 * written.
 */
export function decodeEscapes(text: string): DecodedEscapes | undefined {
  if (!mayHaveEscapes(text)) {
    return undefined;
  }
  let decoded = '';
  const writtenIndex: number[] = [];
  let copied = 0;
  const copy = (end: number) => {
    for (let index = copied; index < end; index++) {
      writtenIndex.push(index);
    }
    decoded += text.slice(copied, end);
  };
  ESCAPE.lastIndex = 0;
  for (let match = ESCAPE.exec(text); match !== null; match = ESCAPE.exec(text)) {
    const character = characterOf(match);
    if (character === undefined) {
      continue;
    }
    copy(match.index);
    for (let unit = 0; unit < character.length; unit++) {
      writtenIndex.push(match.index);
    }
    decoded += character;
    copied = match.index + match[0].length;
  }
  if (copied === 0) {
    return undefined;
  }
  copy(text.length);
  writtenIndex.push(text.length);
  return { text: decoded, writtenIndex };
}

function characterOf(match: RegExpExecArray): string | undefined {
  const [, decimal, hex, name, unicode, byte] = match;
  if (name !== undefined) {
    return NAMED_REFERENCES[name];
  }
  const codePoint = Number.parseInt(decimal ?? hex ?? unicode ?? byte ?? '', decimal ? 10 : 16);
  if (!Number.isFinite(codePoint) || codePoint > 0x10ffff) {
    return undefined;
  }
  return String.fromCodePoint(codePoint);
}
