import type {
  DetectorName,
  Finding,
  ReplacementMode,
  SanitizeLocation,
  TextSanitizer,
} from './types.js';

/**
 * Maximum length of a string the lasting memory keeps or looks up. Longer strings are rarely
 * repeated, and a lookup hashes the whole string, which costs a share of a scan.
 */
const MAX_LASTING_LENGTH = 1024;

/** A text sanitizer that remembers the strings it found clean; see {@link withCleanTextCache}. */
export interface CleanTextCache extends TextSanitizer {
  /**
   * Forgets the strings found clean since the previous call, except those the lasting memory
   * keeps. Call it after each element is sanitized and audited.
   */
  endElement(): void;
}

/**
 * Wraps a text sanitizer with a memory of strings in which its `scan` found nothing. A scan
 * depends only on the text and the rules, so a string seen clean once is clean again, and
 * `sanitize` returns a clean string unchanged without calling the wrapped sanitizer. The audit
 * rescans every string the sanitizer left unchanged, which the memory turns into lookups.
 *
 * Strings of up to 1024 characters are kept across elements, because labels and URLs recur
 * across the events of a recording, until they exceed `maxCharacters`. Then that memory
 * starts over, which bounds it whatever the recording's size. Each string it keeps lives on
 * in the heap, so a larger memory costs garbage collection time, and 0 turns it off. Longer
 * strings, and every string when that memory is off, are kept until
 * {@link CleanTextCache.endElement} only; they belong to the element in memory anyway.
 * Calls for other strings go through, so counts and replacements are those of the wrapped
 * sanitizer.
 */
export function withCleanTextCache(
  inner: TextSanitizer,
  maxCharacters = 1_000_000,
): CleanTextCache {
  // Each string lives in one of the two sets, so a lookup or a new clean string costs one
  // hash operation. When the lasting memory starts over in the middle of an element, the
  // audit scans the short strings of that element again, which is rare and costs time only.
  let recent = new Set<string>();
  let lasting = new Set<string>();
  let characters = 0;
  const isLasting = (text: string) => text.length <= MAX_LASTING_LENGTH && maxCharacters > 0;
  // An empty set is not asked: a lookup hashes the whole string, and the long strings that
  // go to `recent` are mostly bodies, which a sanitized copy replaces before the audit.
  const isClean = (text: string) =>
    isLasting(text) ? lasting.has(text) : recent.size > 0 && recent.has(text);
  const remember = (text: string) => {
    if (!isLasting(text)) {
      recent.add(text);
      return;
    }
    if (characters + text.length > maxCharacters) {
      lasting = new Set();
      characters = 0;
    }
    lasting.add(text);
    characters += text.length;
  };
  return {
    sanitize(text: string, location: SanitizeLocation): string {
      if (isClean(text)) {
        return text;
      }
      // Only an empty scan marks a string clean, never an unchanged result of `sanitize`:
      // the audit skips remembered strings, so it must not depend on `sanitize` being right.
      if (inner.sanitizeFindings !== undefined) {
        const sanitized = inner.sanitizeFindings(text, location);
        if (sanitized === undefined) {
          remember(text);
          return text;
        }
        return sanitized;
      }
      if (inner.scan(text).length === 0) {
        remember(text);
        return text;
      }
      return inner.sanitize(text, location);
    },

    scan(text: string): Finding[] {
      if (isClean(text)) {
        return [];
      }
      const findings = inner.scan(text);
      if (findings.length === 0) {
        remember(text);
      }
      return findings;
    },
    findReplacements(text: string): Finding[] {
      return inner.findReplacements?.(text) ?? [];
    },
    replaceWhole(
      value: string,
      detector: DetectorName,
      location: SanitizeLocation,
      mode?: ReplacementMode,
    ): string {
      return inner.replaceWhole(value, detector, location, mode);
    },
    isReplacement(value: string, detector: DetectorName): boolean {
      return inner.isReplacement?.(value, detector) ?? false;
    },
    endElement(): void {
      if (recent.size > 0) {
        recent = new Set();
      }
    },
    get counts() {
      return inner.counts;
    },
  };
}
