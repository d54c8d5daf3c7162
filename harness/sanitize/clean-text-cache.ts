import type {
  DetectorName,
  Finding,
  ReplacementMode,
  SanitizeLocation,
  TextSanitizer,
} from './types.js';

/**
 * Maximum length of a string the cache keeps or looks up. Longer strings are rarely
 * repeated, and a lookup hashes the whole string, which costs a share of a scan.
 */
const MAX_CACHED_LENGTH = 1024;

/**
 * Wraps a text sanitizer with a bounded memory of strings in which it found nothing. A scan
 * depends only on the text and the rules, so a string seen clean once is clean again. The
 * same labels and URLs recur across the events of a recording, and the audit rescans every
 * string the sanitizer left unchanged. Calls for other strings go through, so
 * counts and replacements are those of the wrapped sanitizer. When the kept strings exceed
 * `maxCharacters`, the memory starts over, which bounds it whatever the recording's size.
 */
export function withCleanTextCache(inner: TextSanitizer, maxCharacters = 8_000_000): TextSanitizer {
  let clean = new Set<string>();
  let characters = 0;
  const remember = (text: string) => {
    if (text.length > MAX_CACHED_LENGTH) {
      return;
    }
    if (characters + text.length > maxCharacters) {
      clean = new Set();
      characters = 0;
    }
    clean.add(text);
    characters += text.length;
  };
  return {
    sanitize(text: string, location: SanitizeLocation): string {
      if (text.length <= MAX_CACHED_LENGTH && clean.has(text)) {
        return text;
      }
      const sanitized = inner.sanitize(text, location);
      if (sanitized === text) {
        remember(text);
      }
      return sanitized;
    },
    scan(text: string): Finding[] {
      if (text.length <= MAX_CACHED_LENGTH && clean.has(text)) {
        return [];
      }
      const findings = inner.scan(text);
      if (findings.length === 0) {
        remember(text);
      }
      return findings;
    },
    replaceWhole(
      value: string,
      detector: DetectorName,
      location: SanitizeLocation,
      mode?: ReplacementMode,
    ): string {
      return inner.replaceWhole(value, detector, location, mode);
    },
    get counts() {
      return inner.counts;
    },
  };
}
