import type { DetectorName, Finding } from '../types.js';
import type { TextProfile } from './text-profile.js';

/** One kind of sensitive value that can be found in text. */
export interface Detector {
  readonly name: DetectorName;
  /**
   * Cheap test run before `find`: false means `text` cannot contain a match, so typical
   * recording text with no trigger character skips the expensive search. `profile` contains
   * the character counts of `text` (see `profileText`), computed once for every detector.
   */
  mayMatch(text: string, profile: TextProfile): boolean;
  /** Returns every match in `text`, in any order; matches may overlap other detectors'. */
  find(text: string): Finding[];
}

/** Tells whether the UTF-16 code unit is an ASCII letter, digit or underscore. */
export function isWordCode(code: number): boolean {
  return (
    (code >= 48 && code <= 57) ||
    (code >= 65 && code <= 90) ||
    (code >= 97 && code <= 122) ||
    code === 95
  );
}

/** Tells whether the UTF-16 code unit is an ASCII digit. */
export function isDigitCode(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** Tells whether `text[index]` exists and is a letter, digit or underscore. */
export function isWordAt(text: string, index: number): boolean {
  return index >= 0 && index < text.length && isWordCode(text.charCodeAt(index));
}

function isHexCode(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 70) || (code >= 97 && code <= 102);
}

/** Tells whether `text[index - 3, index)` is a percent-encoding such as `%20`. */
export function isPercentEncodingBefore(text: string, index: number): boolean {
  return (
    index >= 3 &&
    text.charCodeAt(index - 3) === 37 &&
    isHexCode(text.charCodeAt(index - 2)) &&
    isHexCode(text.charCodeAt(index - 1))
  );
}

/**
 * Tells whether a letter, digit or underscore ends right before `index`, so a match there
 * would start inside a word. The hex digits of a percent-encoding (`%20`) do not count,
 * so values in URL-encoded text are found too.
 */
export function isWordBefore(text: string, index: number): boolean {
  return isWordAt(text, index - 1) && !isPercentEncodingBefore(text, index);
}

/** Tells whether `text[index]` is one of the two hex digits after a `%`. */
export function isInsidePercentEncoding(text: string, index: number): boolean {
  return text.charCodeAt(index - 1) === 37 || text.charCodeAt(index - 2) === 37;
}

/**
 * Regex source for the start of a word: no letter, digit or underscore before, except the
 * hex digits of a percent-encoding. Used in place of `\b` before a match.
 */
export const WORD_START = '(?:(?<![A-Za-z0-9_])|(?<=%[0-9A-Fa-f]{2}))';

/** Returns the Shannon entropy of `text` in bits per character. */
export function shannonEntropy(text: string): number {
  const counts = new Map<string, number>();
  for (const char of text) {
    counts.set(char, (counts.get(char) ?? 0) + 1);
  }
  let entropy = 0;
  for (const count of counts.values()) {
    const probability = count / text.length;
    entropy -= probability * Math.log2(probability);
  }
  return entropy;
}
