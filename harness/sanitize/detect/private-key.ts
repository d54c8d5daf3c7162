import type { Finding } from '../types.js';
import type { Detector } from './detector.js';
import { CHARACTER, hasCharacters } from './text-profile.js';

/**
 * The BEGIN line of a PEM private key (PKCS #1, PKCS #8, EC, OpenSSH, encrypted) or of an
 * OpenPGP private key block (RFC 4880 armour). Group 1 is the label, which the END line repeats.
 */
const BEGIN_LINE = /-----BEGIN ((?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?)-----/g;

/**
 * Whitespace between the lines of a key body: line breaks, also JSON-escaped (`\n`, `\\n`,
 * `\r\n`) with blank lines between them, or spaces where a key was flattened onto one line.
 */
const SEPARATOR = /(?:[ \t]*(?:\r\n|\n|\r|(?:\\+r)?\\+n))+[ \t]*|[ \t]+/y;
/** Base64 characters, where `\/` is a slash in JSON written by encoders that escape it (PHP). */
const BASE64_CHUNK = /(?:[A-Za-z0-9+=]|\\*\/)+/y;
/** A `Name: value` armour header (`Proc-Type: 4,ENCRYPTED`, `Version: …`) before the base64. */
const ARMOUR_HEADER = /[A-Za-z][A-Za-z0-9-]*:[ \t][^\r\n\\]*/y;
/** Length of a chunk that counts as a line of key body; only the last line may be shorter. */
const MIN_LINE = 16;

function matchAt(pattern: RegExp, text: string, position: number): number {
  pattern.lastIndex = position;
  return pattern.test(text) ? pattern.lastIndex : -1;
}

/** Tells whether no more key body can start at `position`: the text ends or punctuation follows. */
function endsBody(text: string, position: number): boolean {
  return position >= text.length || matchAt(BASE64_CHUNK, text, position) < 0;
}

/**
 * Returns the end of the body of a block whose END line is missing, or undefined when no
 * base64 follows the BEGIN line. The body is the run of armour headers and base64 lines after
 * `from`. The text may be cut anywhere, so the last line may be short. Such a line counts
 * only on a line of its own with nothing but punctuation or the end of the text after it,
 * because a word of prose after the BEGIN line is no body.
 */
function truncatedBodyEnd(text: string, from: number): number | undefined {
  let end = from;
  let body = '';
  // A key whose line breaks were stripped starts right after the BEGIN line.
  let lineStart = Math.max(from, matchAt(SEPARATOR, text, from));
  while (lineStart >= 0) {
    const brokeLine = /[\r\n]|\\n/.test(text.slice(end, lineStart));
    const headerEnd = body === '' && brokeLine ? matchAt(ARMOUR_HEADER, text, lineStart) : -1;
    if (headerEnd >= 0) {
      end = headerEnd;
      lineStart = matchAt(SEPARATOR, text, headerEnd);
      continue;
    }
    const lineEnd = matchAt(BASE64_CHUNK, text, lineStart);
    if (lineEnd < 0) {
      break;
    }
    const nextStart = matchAt(SEPARATOR, text, lineEnd);
    const isLast = nextStart < 0 || endsBody(text, nextStart);
    // A short line ends the body, on a line of its own: `1x` after a space is prose.
    if (lineEnd - lineStart < MIN_LINE && (!isLast || !brokeLine)) {
      break;
    }
    body += text.slice(lineStart, lineEnd);
    end = lineEnd;
    lineStart = nextStart;
  }
  return looksLikeKeyBody(body) ? end : undefined;
}

/** Tells whether a body has a full line and, as random base64 has, letters and digits. */
function looksLikeKeyBody(body: string): boolean {
  return body.length >= MIN_LINE && /[A-Za-z]/.test(body) && /[0-9+/]/.test(body);
}

/**
 * Returns the end of the block that starts with the BEGIN line at `[start, headerEnd)`: the
 * end of its END line, or of its body when the END line is missing (a text cut short).
 * An END line after the next BEGIN line belongs to that block, not to this one.
 */
function blockEnd(text: string, headerEnd: number, label: string): number | undefined {
  const endLine = `-----END ${label}-----`;
  const nextBegin = text.indexOf('-----BEGIN ', headerEnd);
  // The END line is searched for only up to the next BEGIN line, because a search to the end
  // of the text for each of many BEGIN lines took quadratic time. An END line that starts
  // before the next BEGIN line may end after its start, where the dashes are shared.
  const searchEnd = nextBegin < 0 ? text.length : nextBegin + endLine.length - 1;
  const endIndex = text.slice(0, searchEnd).indexOf(endLine, headerEnd);
  if (endIndex >= 0) {
    return endIndex + endLine.length;
  }
  return truncatedBodyEnd(text, headerEnd);
}

/**
 * Finds private key blocks whole: PEM (PKCS #1, PKCS #8, EC, OpenSSH, encrypted) and OpenPGP.
 * A block without its END line runs to the end of its base64 body, which is the end of the
 * text when the text was cut inside the key.
 */
export const privateKeyDetector: Detector = {
  name: 'private-key',
  mayMatch: (text, profile) =>
    hasCharacters(profile, CHARACTER.dash | CHARACTER.upper) && text.includes('PRIVATE KEY'),
  find(text) {
    const findings: Finding[] = [];
    BEGIN_LINE.lastIndex = 0;
    for (let match = BEGIN_LINE.exec(text); match !== null; match = BEGIN_LINE.exec(text)) {
      const headerEnd = match.index + match[0].length;
      const end = blockEnd(text, headerEnd, match[1] as string);
      if (end !== undefined) {
        findings.push({
          detector: 'private-key',
          start: match.index,
          end,
          value: text.slice(match.index, end),
        });
        BEGIN_LINE.lastIndex = end;
      }
    }
    return findings;
  },
};
