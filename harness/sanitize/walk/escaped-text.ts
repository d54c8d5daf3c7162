/**
 * Reads text in which characters are written as HTML character references (`&#64;`,
 * `&#x40;`, `&commat;`) or JavaScript escapes (`\u0040`, `\x40`). Pages and scripts escape
 * characters so, and ASP.NET's JSON encoder writes `+` as `\u002B`. An escape inside a value
 * hides it from every detector. Browser-safe: the recorder's page bundle uses it too.
 */

/**
 * HTML parsers also decode a numeric reference without its `;` (`alice&#64example`), taking
 * every digit that follows, so the semicolon is optional here too.
 */
const ESCAPE =
  /&#(\d{1,7});?|&#[xX]([0-9A-Fa-f]{1,6});?|&([A-Za-z]{2,8});|\\u([0-9A-Fa-f]{4})|\\x([0-9A-Fa-f]{2})/g;

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

const LOWER_U = 0x75;
const LOWER_X = 0x78;

/** Text with its escapes decoded, and where each decoded character starts in the text as written. */
export interface DecodedEscapes {
  text: string;
  /** The index in the written text of each decoded UTF-16 unit, and one past the end. */
  writtenIndex: number[];
}

/**
 * Tells whether `text` may contain an escape, without a regular expression. Most texts with
 * `&` are URLs and form bodies, which have neither `;` nor `&#`.
 */
export function mayHaveEscapes(text: string): boolean {
  const ampersand = text.indexOf('&');
  if (ampersand >= 0 && (text.indexOf(';', ampersand) >= 0 || text.includes('&#', ampersand))) {
    return true;
  }
  for (let slash = text.indexOf('\\'); slash >= 0; slash = text.indexOf('\\', slash + 2)) {
    const next = text.charCodeAt(slash + 1);
    if (next === LOWER_U || next === LOWER_X) {
      return true;
    }
  }
  return false;
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

const PERCENT_ESCAPE = /%([0-9A-Fa-f]{2})/g;

/** Number of bytes of the UTF-8 sequence that starts with `lead`, or 0 for a byte that cannot start one. */
function utf8SequenceLength(lead: number): number {
  if (lead < 0x80) {
    return 1;
  }
  if (lead >= 0xc2 && lead <= 0xdf) {
    return 2;
  }
  if (lead >= 0xe0 && lead <= 0xef) {
    return 3;
  }
  return lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
}

/**
 * Decodes the percent escapes of `text` one character at a time, so a value that starts or
 * ends inside a run of escapes (`at%20%2B1%20415`) maps back to its own escapes. Returns
 * undefined when it has none. An escape that is not part of valid UTF-8 stays as written.
 */
export function decodePercentEscapes(text: string): DecodedEscapes | undefined {
  if (!text.includes('%')) {
    return undefined;
  }
  let decoded = '';
  const writtenIndex: number[] = [];
  let copied = 0;
  PERCENT_ESCAPE.lastIndex = 0;
  for (let match = PERCENT_ESCAPE.exec(text); match !== null; match = PERCENT_ESCAPE.exec(text)) {
    const length = utf8SequenceLength(Number.parseInt(match[1] ?? '', 16));
    const sequence = text.slice(match.index, match.index + 3 * length);
    let character: string | undefined;
    if (length > 0 && /^(?:%[0-9A-Fa-f]{2})+$/.test(sequence)) {
      try {
        character = decodeURIComponent(sequence);
      } catch {
        character = undefined;
      }
    }
    if (character === undefined) {
      continue;
    }
    for (let index = copied; index < match.index; index++) {
      writtenIndex.push(index);
    }
    decoded += text.slice(copied, match.index);
    for (let unit = 0; unit < character.length; unit++) {
      writtenIndex.push(match.index);
    }
    decoded += character;
    copied = match.index + sequence.length;
    PERCENT_ESCAPE.lastIndex = copied;
  }
  if (copied === 0) {
    return undefined;
  }
  for (let index = copied; index < text.length; index++) {
    writtenIndex.push(index);
  }
  decoded += text.slice(copied);
  writtenIndex.push(text.length);
  return { text: decoded, writtenIndex };
}
