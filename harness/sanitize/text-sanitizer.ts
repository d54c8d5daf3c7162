/**
 * The text-level engine of the sanitizer: it finds personal and secret values in a string
 * and replaces each one with a keyed, deterministic, format-preserving pseudonym (or a mask,
 * or nothing, per the configured mode).
 *
 * Consistency: a pseudonym depends only on the key, the detector and the value. Cards and
 * phones are keyed on their digits, e-mails on the lower-cased address, and tokens on the
 * value whatever token detector found them. So a value typed on one page and shown on the
 * next, or sent in a header and in a URL, gets one pseudonym everywhere in a session and in
 * every session sanitized with the same key.
 *
 * Typed input: rrweb records every intermediate value of a text field (`a`, `al`, …,
 * `alice@example.com`). The detectors find a value only once it is complete, so prefixes
 * such as `alice@exa` stay as they are. A caller that sanitizes input events should replace
 * each intermediate value as a whole (for example with the prefix of the final value's
 * pseudonym, or with `replaceWhole`) instead of passing each one through `sanitize`.
 * Every prefix of an e-mail pseudonym is recognized by `scan`.
 * NOTE: a prefix of a phone or card pseudonym can itself be a valid number without a tag
 * (German numbers have variable length), so `scan` may report such a prefix.
 *
 * Audit: `scan` skips values that replaygate wrote itself (see `isPseudonym`), so
 * `scan(sanitize(text))` is empty and `audit` passes on sanitized output without the key.
 */
import { isSupportedCountry, type CountryCode } from 'libphonenumber-js/max';
import { UsageError } from '../shared/errors.js';
import {
  compileAllowList,
  createDetectors,
  findAll,
  resolveOverlaps,
  type Detector,
} from './detect/index.js';
import { fillSlots, maskRange, toChars, variableSlots } from './pseudonymize/format-preserving.js';
import { streamFor } from './pseudonymize/keyed-stream.js';
import { isPseudonym } from './pseudonymize/recognize.js';
import { replaceValue, type ReplacementContext } from './pseudonymize/replace-value.js';
import { SanitizedTextMemory } from './sanitized-text-memory.js';
import type {
  DetectorName,
  Finding,
  ReplacementMode,
  SanitizeLocation,
  SanitizeRules,
  TextSanitizer,
} from './types.js';

/** Options of `createTextSanitizer`. */
export interface TextSanitizerOptions {
  /** HMAC-SHA256 key of at least 16 bytes, from `loadSanitizeKey()`. */
  key: Buffer;
  rules?: SanitizeRules;
}

const DEFAULT_PHONE_REGION: CountryCode = 'US';
/** Distinct values whose replacements are cached; the cache starts over beyond this. */
const CACHE_LIMIT = 100_000;
/** Keyed candidates tried for the free text of a whole value before it is masked. */
const WHOLE_VALUE_ATTEMPTS = 4;
/** Maximum length of a found value whose pseudonym check is remembered. */
const MAX_CHECKED_VALUE = 256;

function resolvePhoneRegion(region: string | undefined): CountryCode {
  if (region === undefined) {
    return DEFAULT_PHONE_REGION;
  }
  if (!isSupportedCountry(region)) {
    throw new UsageError(
      `Invalid sanitize phoneRegion "${region}": use an ISO 3166-1 alpha-2 region code ` +
        'such as US, GB or DE.',
    );
  }
  return region;
}

function customModes(rules: SanitizeRules): Map<string, ReplacementMode> {
  const modes = new Map<string, ReplacementMode>();
  const named = [
    ...(rules.patterns ?? []),
    ...(rules.selectors ?? []),
    ...(rules.jsonPaths ?? []),
    ...(rules.headers ?? []),
  ];
  for (const rule of named) {
    if (rule.mode !== undefined) {
      modes.set(`custom:${rule.name}`, rule.mode);
    }
  }
  return modes;
}

/**
 * Creates the text sanitizer of one session.
 *
 * @throws UsageError when a custom pattern or allow entry does not compile or the phone
 *   region is unknown; RangeError when the key is shorter than 16 bytes.
 */
export function createTextSanitizer(options: TextSanitizerOptions): TextSanitizer {
  if (options.key.length < 16) {
    throw new RangeError('createTextSanitizer() needs a key of at least 16 bytes.');
  }
  const rules = options.rules ?? {};
  const phoneRegion = resolvePhoneRegion(rules.phoneRegion);
  return new KeyedTextSanitizer(
    options.key,
    rules,
    phoneRegion,
    createDetectors(rules, phoneRegion),
    compileAllowList(rules.allow),
  );
}

class KeyedTextSanitizer implements TextSanitizer {
  private readonly countsByLocation: Record<string, number> = {};
  private readonly cache = new Map<string, string>();
  /** Results of `isPseudonym` per detector and value, which is all they depend on. */
  private readonly pseudonymChecks = new Map<string, boolean>();
  private readonly sanitizedTexts = new SanitizedTextMemory();
  private readonly modesByCustomRule: Map<string, ReplacementMode>;
  private readonly context: ReplacementContext;

  constructor(
    private readonly key: Buffer,
    private readonly rules: SanitizeRules,
    private readonly phoneRegion: CountryCode,
    private readonly detectors: readonly Detector[],
    private readonly isAllowed: (value: string) => boolean,
  ) {
    this.modesByCustomRule = customModes(rules);
    this.context = { key, phoneRegion, sanitizeEmbedded: (text) => this.replaceAll(text) };
  }

  get counts(): Readonly<Record<string, number>> {
    return this.countsByLocation;
  }

  scan(text: string): Finding[] {
    const findings = findAll(text, this.detectors);
    if (findings.length === 0) {
      return findings;
    }
    return resolveOverlaps(findings).filter(
      (finding) => !this.isAllowed(finding.value) && !this.isPseudonym(finding),
    );
  }

  findReplacements(text: string): Finding[] {
    return findAll(text, this.detectors).filter((finding) => this.isPseudonym(finding));
  }

  sanitize(text: string, location: SanitizeLocation): string {
    return this.sanitizeFindings(text, location) ?? text;
  }

  sanitizeFindings(text: string, location: SanitizeLocation): string | undefined {
    // Only texts with findings are remembered, so a remembered text is never clean.
    const remembered = this.sanitizedTexts.get(text);
    if (remembered !== undefined) {
      for (const detector of remembered.detectors) {
        this.count(detector, location);
      }
      return remembered.result;
    }
    return this.replaceFindings(text, location);
  }

  replaceWhole(
    value: string,
    detector: DetectorName,
    location: SanitizeLocation,
    mode?: ReplacementMode,
  ): string {
    const effectiveMode = mode ?? this.modeOf(detector);
    this.count(detector, location);
    if (effectiveMode !== 'pseudonymize' || !detector.startsWith('custom:')) {
      return this.replacement(detector, value, effectiveMode);
    }
    return this.pseudonymizeFreeText(value);
  }

  private modeOf(detector: DetectorName): ReplacementMode {
    if (detector.startsWith('custom:')) {
      return this.modesByCustomRule.get(detector) ?? 'pseudonymize';
    }
    return (
      this.rules.modes?.[detector as keyof NonNullable<SanitizeRules['modes']>] ?? 'pseudonymize'
    );
  }

  isReplacement(value: string, detector: DetectorName): boolean {
    return this.isPseudonym({ detector, value, start: 0, end: value.length });
  }

  private isPseudonym(finding: Finding): boolean {
    // Long values (private keys, JWTs) are rare and would make the map's keys large.
    if (finding.value.length > MAX_CHECKED_VALUE) {
      return isPseudonym(finding.detector, finding.value, this.phoneRegion);
    }
    const cacheKey = `${finding.detector}\u0000${finding.value}`;
    let pseudonym = this.pseudonymChecks.get(cacheKey);
    if (pseudonym === undefined) {
      if (this.pseudonymChecks.size >= CACHE_LIMIT) {
        this.pseudonymChecks.clear();
      }
      pseudonym = isPseudonym(finding.detector, finding.value, this.phoneRegion);
      this.pseudonymChecks.set(cacheKey, pseudonym);
    }
    return pseudonym;
  }

  private count(detector: DetectorName, location: SanitizeLocation): void {
    const name = `${detector}/${location}`;
    this.countsByLocation[name] = (this.countsByLocation[name] ?? 0) + 1;
  }

  private replacement(detector: DetectorName, value: string, mode: ReplacementMode): string {
    const cacheKey = `${detector}\u0000${mode}\u0000${value}`;
    const cached = this.cache.get(cacheKey);
    if (cached !== undefined) {
      return cached;
    }
    if (this.cache.size >= CACHE_LIMIT) {
      this.cache.clear();
    }
    const replaced = replaceValue(detector, value, mode, this.context);
    this.cache.set(cacheKey, replaced);
    return replaced;
  }

  private replaceAll(text: string): string {
    return this.replaceFindings(text) ?? text;
  }

  /**
   * Replaces every finding of `text` and counts them when a location is given, or returns
   * undefined when there is none. A short text is remembered with its result, which depends
   * only on the text, the key and the rules.
   */
  private replaceFindings(text: string, location?: SanitizeLocation): string | undefined {
    const findings = this.scan(text);
    if (findings.length === 0) {
      return undefined;
    }
    const result = this.splice(text, findings, (finding) => {
      if (location !== undefined) {
        this.count(finding.detector, location);
      }
      return this.replacement(finding.detector, finding.value, this.modeOf(finding.detector));
    });
    const detectors = findings.map((finding) => finding.detector);
    this.sanitizedTexts.remember(text, { result, detectors });
    return result;
  }

  private splice(
    text: string,
    findings: readonly Finding[],
    replace: (finding: Finding) => string,
    replaceGap: (gap: string) => string = (gap) => gap,
  ): string {
    // V8 builds `+=` results as cons strings (ropes), so a large text with few findings is
    // not copied here.
    let result = '';
    let position = 0;
    for (const finding of findings) {
      result += replaceGap(text.slice(position, finding.start)) + replace(finding);
      position = finding.end;
    }
    return result + replaceGap(text.slice(position));
  }

  /**
   * Pseudonymizes a whole value that a selector, JSON path or header rule marks as sensitive.
   * Findings inside get their usual pseudonyms, so they stay consistent and recognizable.
   * The text between them gets keyed letters and digits of the same classes. When that new
   * text happens to form a finding (random digits that pass Luhn), it is drawn again, and
   * after a few attempts it is masked instead.
   */
  private pseudonymizeFreeText(value: string): string {
    const findings = this.scan(value);
    const replaceFinding = (finding: Finding): string =>
      this.replacement(finding.detector, finding.value, this.modeOf(finding.detector));
    for (let attempt = 0; attempt < WHOLE_VALUE_ATTEMPTS; attempt += 1) {
      const candidate = this.splice(value, findings, replaceFinding, (gap) => {
        const chars = toChars(gap);
        fillSlots(chars, variableSlots(gap), streamFor(this.key, 'free-text', gap, attempt));
        return chars.join('');
      });
      if (this.scan(candidate).length === 0) {
        return candidate;
      }
    }
    return this.splice(value, findings, replaceFinding, (gap) => maskRange(gap));
  }
}
