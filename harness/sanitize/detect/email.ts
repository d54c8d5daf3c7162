import type { Finding } from '../types.js';
import type { Detector } from './detector.js';
import { CHARACTER, hasCharacters } from './text-profile.js';
import {
  decodeNonAscii,
  escapeStartBefore,
  unicodeLengthAt,
  unicodeLengthBefore,
} from './unicode-letters.js';

/** A domain label of letters, digits and marks of any script, with inner hyphens. */
const LABEL = '[\\p{L}\\p{N}](?:[\\p{L}\\p{N}\\p{M}-]{0,61}[\\p{L}\\p{N}\\p{M}])?';
/** A host name with a top-level domain of letters (any script) or an IDNA A-label (`xn--p1ai`). */
const DOMAIN = new RegExp(
  `^${LABEL}(?:\\.${LABEL})*\\.(?:\\p{L}[\\p{L}\\p{M}]{1,62}|xn--[A-Za-z0-9-]{1,59})$`,
  'u',
);
/** `icon@2x.png`, `logo@1.5x.webp`: pixel-density suffixes of image file names. */
const DENSITY_SUFFIX = /^\d+(?:\.\d+)?x\./i;
/** Maximum length of a local part in characters (RFC 5321). */
const MAX_LOCAL_LENGTH = 64;
/**
 * Maximum length of a local part as written. A character written as escapes takes at most 12
 * characters (`%F0%9F%98%80`, `\ud83d\ude00`), unless its escape repeats the backslash.
 */
const MAX_WRITTEN_LOCAL_LENGTH = MAX_LOCAL_LENGTH * 12;
/** File extensions that are no top-level domain, so `name@scope.js` is a file, not a mailbox. */
// prettier-ignore
const FILE_EXTENSIONS = new Set([
  'png', 'jpg', 'jpeg', 'gif', 'webp', 'avif', 'svg', 'ico', 'bmp', 'tif', 'tiff', 'css',
  'js', 'mjs', 'cjs', 'ts', 'map', 'json', 'html', 'htm', 'txt', 'woff', 'woff2', 'ttf',
]);

function isAsciiLocalCode(code: number): boolean {
  return (
    (code >= 48 && code <= 57) ||
    (code >= 65 && code <= 90) ||
    (code >= 97 && code <= 122) ||
    code === 46 || // .
    code === 95 || // _
    code === 37 || // %
    code === 43 || // +
    code === 45 // -
  );
}

/** A percent escape of an ASCII letter or digit. */
const ESCAPED_LETTER_OR_DIGIT = /%(3[0-9]|[46][1-9A-Fa-f]|[57][0-9Aa])/g;
/** A percent escape of an ASCII letter, digit, `.` or `-`. */
const ESCAPED_DOMAIN_CHARACTER = /%(2[DEde]|3[0-9]|[46][1-9A-Fa-f]|[57][0-9Aa])/g;
/** An HTML numeric reference with its `;`, such as `&#97;` or `&#x61;`, ending the text. */
const REFERENCE_BEFORE = /&#(?:(\d{2,3})|[xX]([0-9A-Fa-f]{2}));$/;
/** An HTML numeric reference with its `;` anywhere. */
const REFERENCE = /&#(?:(\d{2,3})|[xX]([0-9A-Fa-f]{2}));/g;

function isAsciiLetterOrDigit(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

/**
 * Returns an address part with escaped ASCII letters and digits decoded: percent escapes
 * (`%61lice`) and HTML numeric references (`&#97;lice`), and in a domain also escaped `.`
 * and `-`. Browsers and servers rarely escape these characters, but some encoders escape
 * every one, and a pseudonym must not keep such a letter. Escaped punctuation of a local
 * part (`%2B`) stays, as in pseudonyms made before this decoding.
 */
export function decodeAddressEscapes(text: string, part: 'local' | 'domain'): string {
  const pattern = part === 'local' ? ESCAPED_LETTER_OR_DIGIT : ESCAPED_DOMAIN_CHARACTER;
  const percentDecoded = text.includes('%')
    ? text.replace(pattern, (_escape, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)))
    : text;
  if (!percentDecoded.includes('&#')) {
    return percentDecoded;
  }
  return percentDecoded.replace(REFERENCE, (reference, decimal?: string, hex?: string) => {
    const code = decimal === undefined ? Number.parseInt(hex ?? '', 16) : Number(decimal);
    return isAsciiLetterOrDigit(code) ? String.fromCharCode(code) : reference;
  });
}

/**
 * Returns where an HTML reference of an ASCII letter or digit that ends at `index` starts
 * (`&#97;`), or `index` when there is none.
 */
function referenceStartBefore(text: string, index: number): number {
  const match = REFERENCE_BEFORE.exec(text.slice(Math.max(0, index - 7), index));
  if (match === null) {
    return index;
  }
  const [reference, decimal, hex] = match;
  const code = decimal === undefined ? Number.parseInt(hex ?? '', 16) : Number(decimal);
  return isAsciiLetterOrDigit(code) ? index - reference.length : index;
}

/** Returns 3 when an escape of an ASCII domain character (`%65`) starts at `index`, else 0. */
function escapedDomainCharacterLength(text: string, index: number): number {
  if (text.charCodeAt(index) !== 37) {
    return 0;
  }
  const hex = text.slice(index + 1, index + 3);
  return /^[0-9A-Fa-f]{2}$/.test(hex) && isAsciiDomainCode(Number.parseInt(hex, 16)) ? 3 : 0;
}

function isAsciiDomainCode(code: number): boolean {
  return (
    (code >= 48 && code <= 57) ||
    (code >= 65 && code <= 90) ||
    (code >= 97 && code <= 122) ||
    code === 46 ||
    code === 45
  );
}

/** Returns where the local part character that ends at `index` starts, or `index` if none does. */
function localCharacterStart(text: string, index: number): number {
  const code = text.charCodeAt(index - 1);
  if (isAsciiLocalCode(code)) {
    return index - 1;
  }
  // The ASCII steps have already taken the `u00e9` of an escape, so its backslashes come last.
  if (code === 92) {
    return escapeStartBefore(text, index);
  }
  if (code === 59) {
    return referenceStartBefore(text, index);
  }
  return index - unicodeLengthBefore(text, index);
}

/**
 * Returns where the local part that ends at `at` starts, or -1 when it is longer than any
 * local part can be written. The walk stops there, because in a text of many `%40` it
 * would otherwise run back over every earlier separator, which made such a text quadratic.
 */
function localStart(text: string, at: number): number {
  const limit = at - MAX_WRITTEN_LOCAL_LENGTH;
  let start = at;
  while (start > 0) {
    if (start < limit) {
      return -1;
    }
    const next = localCharacterStart(text, start);
    if (next === start) {
      break;
    }
    start = next;
  }
  // In JSON text `\nalice@…` the `n` belongs to the escape, not to the address.
  if (start > 0 && text.charCodeAt(start - 1) === 92 && text.charCodeAt(start) !== 92) {
    start += 1;
  }
  // A percent-encoded space or quote before the address (`to=%20alice@…`) is no part of it.
  while (/^%(?:2[0-7]|2[89C]|3[ABCE]|5[BD])/i.test(text.slice(start, start + 3))) {
    start += 3;
  }
  while (start < at && text.charCodeAt(start) === 46) {
    start += 1;
  }
  return start;
}

function domainEnd(text: string, domainStart: number): number {
  let end = domainStart;
  while (end < text.length) {
    const length = isAsciiDomainCode(text.charCodeAt(end))
      ? 1
      : escapedDomainCharacterLength(text, end) || unicodeLengthAt(text, end);
    if (length === 0) {
      break;
    }
    end += length;
  }
  // A domain ends before the dots and hyphens that follow it, also escaped (`%2E`).
  for (;;) {
    if (end > domainStart && /[.-]/.test(text.charAt(end - 1))) {
      end -= 1;
    } else if (end - 3 >= domainStart && /^%2[DEde]$/.test(text.slice(end - 3, end))) {
      end -= 3;
    } else {
      return end;
    }
  }
}

/**
 * Top-level domains that addresses most often end in, besides the two-letter country codes.
 * Only these count before a file extension, so `logo@brand.dark.svg` stays a file name.
 */
// prettier-ignore
const COMMON_TOP_LEVEL_DOMAINS = new Set([
  'com', 'net', 'org', 'edu', 'gov', 'mil', 'int', 'info', 'biz', 'io', 'app', 'dev', 'email',
  'online', 'site', 'xyz', 'tech', 'cloud', 'mail', 'name', 'pro', 'shop', 'store',
]);

/**
 * Returns the length of a file extension (`.txt`, with its dot) that follows an address in
 * `domain`, or 0 when the domain is no address followed by an extension.
 */
function fileExtensionAfterAddress(domain: string): number {
  const dot = domain.lastIndexOf('.');
  if (dot < 0 || !FILE_EXTENSIONS.has(domain.slice(dot + 1).toLowerCase())) {
    return 0;
  }
  const address = domain.slice(0, dot);
  const tld = address.slice(address.lastIndexOf('.') + 1).toLowerCase();
  const known = /^[a-z]{2}$/.test(tld) || COMMON_TOP_LEVEL_DOMAINS.has(tld);
  return known && address.includes('.') && isAddressDomain(address) ? domain.length - dot : 0;
}

function isAddressDomain(encoded: string): boolean {
  const domain = decodeNonAscii(decodeAddressEscapes(encoded, 'domain'));
  if (!DOMAIN.test(domain) || DENSITY_SUFFIX.test(domain)) {
    return false;
  }
  const tld = domain.slice(domain.lastIndexOf('.') + 1).toLowerCase();
  return !FILE_EXTENSIONS.has(tld);
}

/**
 * Finds the `@` and percent-encoded `%40` separators of a text in order. The position of
 * the next `%40` is kept until the search passes it, because searching for it again at
 * every `@` made a text of many `@` and no `%40` quadratic.
 */
class SeparatorSearch {
  private encoded: number;

  constructor(private readonly text: string) {
    this.encoded = text.indexOf('%40');
  }

  /** Returns the index of the next separator from `from`, and its length. */
  next(from: number): { at: number; length: number } | undefined {
    if (this.encoded >= 0 && this.encoded < from) {
      this.encoded = this.text.indexOf('%40', from);
    }
    const plain = this.text.indexOf('@', from);
    if (this.encoded >= 0 && (plain < 0 || this.encoded < plain)) {
      return { at: this.encoded, length: 3 };
    }
    return plain >= 0 ? { at: plain, length: 1 } : undefined;
  }
}

function isLocalPart(local: string): boolean {
  const length = local.length > MAX_LOCAL_LENGTH ? decodeNonAscii(local).length : local.length;
  return length > 0 && length <= MAX_LOCAL_LENGTH;
}

/**
 * Finds e-mail addresses with a dot-atom local part, internationalized ones too (letters of
 * any script in the local part and the domain, raw, JSON-escaped or percent-encoded), also
 * percent-encoded in URLs (`alice%40contoso.io`), excluding image names like `icon@2x.png`.
 */
export const emailDetector: Detector = {
  name: 'email',
  // The shortest address is `a@b.co`.
  mayMatch: (text, profile) =>
    text.length >= 6 &&
    (hasCharacters(profile, CHARACTER.at) ||
      (hasCharacters(profile, CHARACTER.percent) && text.includes('%40'))),
  find(text) {
    const findings: Finding[] = [];
    const separators = new SeparatorSearch(text);
    let separator = separators.next(0);
    while (separator !== undefined) {
      const { at, length } = separator;
      const start = localStart(text, at);
      if (start < 0) {
        separator = separators.next(at + length);
        continue;
      }
      const end = domainEnd(text, at + length);
      const local = text.slice(start, at);
      const domain = text.slice(at + length, end);
      // A file named after an address (`ann@mailbox.org.txt`) contains the address without its
      // extension.
      const isDomain = isAddressDomain(domain);
      const extension = isDomain ? 0 : fileExtensionAfterAddress(domain);
      const addressEnd = end - extension;
      if (isLocalPart(local) && (isDomain || extension > 0)) {
        findings.push({
          detector: 'email',
          start,
          end: addressEnd,
          value: text.slice(start, addressEnd),
        });
      }
      separator = separators.next(Math.max(at + length, end));
    }
    return findings;
  },
};
