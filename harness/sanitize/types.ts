/** Built-in detectors of personal and secret values. */
export type BuiltInDetector =
  | 'email'
  | 'phone'
  | 'payment-card'
  | 'iban'
  | 'us-ssn'
  | 'jwt'
  | 'bearer-token'
  | 'api-key'
  | 'private-key'
  | 'ipv4'
  | 'ipv6'
  | 'url-secret';

/** A detector name: built in, or `custom:<rule name>` for a rule from the config. */
export type DetectorName = BuiltInDetector | `custom:${string}`;

/** What to do with a detected value. */
export type ReplacementMode = 'pseudonymize' | 'mask' | 'drop';

/** One sensitive value found in a string. */
export interface Finding {
  detector: DetectorName;
  /** Offsets into the scanned string, `end` exclusive. */
  start: number;
  end: number;
  value: string;
}

/**
 * Where a value was found, for counts and audit output, for example `dom.text`,
 * `dom.attribute`, `input`, `network.request.header`, `network.response.body`, `meta.url`.
 */
export type SanitizeLocation = string;

/** Sanitizer rules from the config file, beyond the built-in detectors. */
export interface SanitizeRules {
  /** Extra regular expressions; each match is replaced. */
  patterns?: Array<{ name: string; pattern: string; flags?: string; mode?: ReplacementMode }>;
  /** CSS selectors whose DOM text, attribute values and input values are always replaced. */
  selectors?: Array<{ name: string; selector: string; mode?: ReplacementMode }>;
  /** JSON paths (`$.user.email`, `$.items[*].card`) in request and response bodies. */
  jsonPaths?: Array<{ name: string; path: string; mode?: ReplacementMode }>;
  /** Header names whose values are always replaced (case-insensitive). */
  headers?: Array<{ name: string; header: string; mode?: ReplacementMode }>;
  /** Values or regular expressions (`/.../flags`) that look sensitive but are not. */
  allow?: string[];
  /** Mode per built-in detector; `pseudonymize` unless set. */
  modes?: Partial<Record<BuiltInDetector, ReplacementMode>>;
  /**
   * ISO 3166-1 alpha-2 region for phone numbers written without a calling code, `US` unless
   * set. Numbers with `+` and a calling code are found whatever the region.
   */
  phoneRegion?: string;
}

/** Replaces sensitive substrings of text consistently across one session. */
export interface TextSanitizer {
  /** Returns `text` with every finding replaced, counting each under `detector/location`. */
  sanitize(text: string, location: SanitizeLocation): string;
  /**
   * Does what `sanitize` does but returns undefined when `scan(text)` is empty, so a caller
   * can tell clean text from text whose replacements happen to leave it unchanged. Optional,
   * because a caller can call `scan` first instead.
   */
  sanitizeFindings?(text: string, location: SanitizeLocation): string | undefined;
  /** Returns the findings in `text` without changing anything (used by `audit`). */
  scan(text: string): Finding[];
  /**
   * Returns what the detectors find in `text` that is a pseudonym or a mask written by a
   * sanitizer, which `scan` leaves out. Optional, because only `audit` needs it.
   */
  findReplacements?(text: string): Finding[];
  /** Replaces a whole value found by a custom selector, JSON path or header rule. */
  replaceWhole(
    value: string,
    detector: DetectorName,
    location: SanitizeLocation,
    mode?: ReplacementMode,
  ): string;
  /**
   * Tells whether `value` is a replacement that this sanitizer writes for `detector`, so text
   * sanitized twice does not change. Optional, because the recorder's page bundle handles only
   * recorded values.
   */
  isReplacement?(value: string, detector: DetectorName): boolean;
  /** Replacement counts keyed by `detector/location`. */
  readonly counts: Readonly<Record<string, number>>;
}
