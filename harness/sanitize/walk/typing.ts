import type { inputData } from '@rrweb/types';
import { maskRange } from '../pseudonymize/format-preserving.js';
import type { WholeValueRule } from '../rules.js';
import type { Finding } from '../types.js';
import { LOCATIONS, type SanitizeContext } from './context.js';
import { replaceFieldValue } from './dom.js';
import {
  ChainTracker,
  commonPrefixLength,
  commonSuffixLength,
  type ChainKind,
  TypingFinalsMismatchError,
  type Chain,
  type TypingFinals,
  type TypingPeak,
} from './typing-chains.js';

/** The rule of a chain whose value the recording's requests send as a credential. */
const SENT_CREDENTIAL_RULE: WholeValueRule = { detector: 'url-secret', mode: undefined };

/** Options of an {@link InputSanitizer}: which events form its chains and how it writes their values. */
export interface ChainOptions {
  /** The events whose values form the chains. @default 'input' */
  kind?: ChainKind;
  /** Location that replacements are counted under. @default LOCATIONS.input */
  location?: string;
  /** Sanitizes a step's replacement further, as the place that contains it requires. */
  finish?: (sanitized: string) => string;
  /**
   * Remembers a step and its replacement, so the page text and requests that echo the step
   * get the same replacement. By default the whole value is remembered.
   */
  recordEcho?: (typed: string, sanitized: string) => void;
}

interface SanitizedFinal {
  final: string;
  sanitized: string;
  findings?: Finding[];
  /** The values of `final` with their replacements in `sanitized`, once computed. */
  replacedValues?: Array<{ value: string; replaced: string }>;
}

/**
 * Maximum number of peaks after an event that are weighed as its target. A field edited again and again
 * has many, and the next ones are the values the event's characters most likely belong to.
 */
const MAX_TARGET_PEAKS = 16;
/**
 * Shortest start or end of a value that a step's replacement may not show as typed. Shorter
 * pieces (`+1 4`) match pseudonyms by chance.
 */
const MIN_KEPT_PIECE = 6;
/**
 * Characters that a piece of a value must show past the part it shares with its replacement.
 * A pseudonym matches one more character of another value by chance far more often than two
 * (1 in 62 against 1 in 3,844 for letters and digits).
 */
const CHANCE_MARGIN = 2;
/** Maximum number of values per element whose pieces {@link InputSanitizer} looks for. */
const MAX_ELEMENT_VALUES = 16;
/** Shortest prefix that a value shares with one typed in another field to be its part. */
const MIN_SHARED_ACROSS_FIELDS = 6;
/**
 * Maximum number of values of other fields that a partial value is looked up among, which
 * bounds the memory and the detector scans of a session of endless typing. A binary search
 * finds the values that a text starts, so the number does not add work per typed character.
 */
const MAX_SENSITIVE_VALUES = 20_000;

/**
 * Second pass: sanitizes each Input value, or each text of an edit event of a
 * `contenteditable` element (see {@link ChainOptions.kind}), as part of its chain. Each value
 * is sanitized with a target: the chain's final value, or a nearby peak when that peak shares
 * more of the value and a detector finds something in the shared part. The target is sanitized once. An
 * earlier value becomes the prefix of the target's replacement that covers the characters
 * it shares with the target. So a replay that types the replacement character by character
 * shows the same text at every step as the recording. An address typed in full, then erased
 * or selected and retyped, is still replaced in the steps that typed it.
 */
export class InputSanitizer {
  private readonly tracker = new ChainTracker();
  /** Sanitized targets per chain start, keyed by the target value. */
  private readonly cache = new Map<number, Map<string, SanitizedFinal>>();
  private sensitive: string[] | undefined;
  private readonly kind: ChainKind;
  private readonly location: string;
  /**
   * The values in the targets of each element's latest chains, with their replacements. No
   * step of the element may show a piece of them: a chain ends when its first character
   * changes, and the steps of the next one (`532 0151 1283 0366` after a Delete at the
   * start) are pieces of them.
   */
  private readonly valuesByElement = new Map<unknown, Map<string, string>>();
  /** The values of each element's latest steps that were replaced on their own. */
  private readonly ownValuesByElement = new Map<unknown, Map<string, string>>();

  constructor(
    private readonly context: SanitizeContext,
    private readonly finals: TypingFinals,
    private readonly options: ChainOptions = {},
  ) {
    this.kind = options.kind ?? 'input';
    this.location = options.location ?? LOCATIONS.input;
  }

  /**
   * Ends every chain at a full snapshot.
   *
   * @throws TypingFinalsMismatchError when an ended chain's final value was not in `finals`.
   */
  reset(): void {
    this.tracker.endAll().forEach((chain) => this.checkFinal(chain));
    this.cache.clear();
    this.valuesByElement.clear();
    this.ownValuesByElement.clear();
  }

  /**
   * Ends the chains still open after the last event.
   *
   * @throws TypingFinalsMismatchError when an ended chain's final value was not in `finals`.
   */
  finish(): void {
    this.reset();
  }

  /** Sanitizes the text of an Input event in place. */
  sanitize(data: inputData, index: number, rule: WholeValueRule | undefined): void {
    data.text = this.sanitizeValue(data.id, data.text, index, rule).text;
  }

  /**
   * Sanitizes one value of its element's chain and returns the replacement. `alongside` is
   * another text of the same event (the text an edit started from), which is sanitized
   * against the same target.
   */
  sanitizeValue(
    nodeId: unknown,
    text: string,
    index: number,
    rule: WholeValueRule | undefined,
    alongside?: string,
  ): { text: string; alongside?: string } {
    const chain = this.observe(nodeId, text, index);
    const final = this.finals.finals.get(chain.start) ?? text;
    rule ??= this.isSentAsCredential(chain.start, final) ? SENT_CREDENTIAL_RULE : undefined;
    const entry = this.targetOf(chain.start, index, text, final, rule);
    const step = (typed: string) => {
      const values = this.rememberValues(nodeId, [...this.cache.get(chain.start)!.values()], rule);
      const aligned = this.sanitizeStep(typed, entry, rule);
      let target = this.coverPieces(aligned, values);
      if (entry.sanitized === entry.final) {
        target = this.coverPieces(target, this.valuesOf(this.ownValuesByElement, nodeId));
      }
      if (
        rule === undefined &&
        (this.keepsTypedValue(typed, aligned) ||
          (target !== aligned && this.keepsTypedValue(typed, target)))
      ) {
        // The step is replaced on its own. Its values are remembered, so a later step that
        // types on past them (`ann@quill.net1`) shows their replacement. Only steps whose
        // target has no value get it, because a JWT's pseudonym keeps claims that another
        // replacement would change.
        target = this.context.text.sanitize(typed, this.location);
        const store = this.valuesOf(this.ownValuesByElement, nodeId);
        this.rememberInto(store, [{ final: typed, sanitized: target }], undefined);
      }
      const chained = this.maskFalseFindings(typed, target);
      const sanitized = this.options.finish?.(chained) ?? chained;
      (this.options.recordEcho ?? this.recordEcho)(typed, sanitized);
      return sanitized;
    };
    const sanitized = step(text);
    return alongside === undefined
      ? { text: sanitized }
      : { text: sanitized, alongside: step(alongside) };
  }

  /**
   * Adds a value to its element's chain without sanitizing it, for a value that a rule
   * replaces in another way. Both passes must see every value of a chain.
   *
   * @throws TypingFinalsMismatchError when the chain has no final value from the first pass.
   */
  observe(nodeId: unknown, text: string, index: number): Chain {
    const { chain, ended } = this.tracker.track(nodeId, text, index, this.kind);
    if (ended) {
      this.checkFinal(ended);
      this.cache.delete(ended.start);
    }
    if (chain.count > 1 && !this.finals.finals.has(chain.start)) {
      // Fails at the chain's second event already, instead of sanitizing the rest of it.
      throw new TypingFinalsMismatchError(chain.start);
    }
    return chain;
  }

  private readonly recordEcho = (typed: string, sanitized: string): void => {
    this.context.typed?.record(typed, sanitized);
  };

  /** Tells whether a request sends the chain's final value or one of its peaks as a credential. */
  private isSentAsCredential(start: number, final: string): boolean {
    const sent = this.finals.sentCredentials;
    if (sent === undefined || sent.size === 0) {
      return false;
    }
    const values = [final, ...(this.finals.peaks.get(start) ?? []).map((peak) => peak.value)];
    return values.some((value) => sent.has(value.trim()));
  }

  /**
   * Tells whether a step's replacement still shows a value that a detector finds in the typed
   * step. The target's replacement covers only the target's own values, and typing on can
   * turn a value into text that no detector finds: a card with a seventeenth digit, or an
   * address whose ending grew past its domain (`ann@quill.net1`). The step is then
   * replaced on its own.
   *
   * NOTE: the steps before it keep the prefix of the target's replacement, which is the typed
   * text. So the 15 digits before a card's sixteenth stay when a seventeenth follows, because
   * the first pass does not scan steps.
   */
  private keepsTypedValue(typed: string, sanitized: string): boolean {
    const remaining = this.context.text.scan(sanitized);
    if (remaining.length === 0) {
      return false;
    }
    const typedValues = new Set(this.context.text.scan(typed).map((finding) => finding.value));
    return remaining.some((finding) => typedValues.has(finding.value));
  }

  /**
   * Masks what a detector finds in a step's replacement. A prefix of a pseudonym is no
   * pseudonym itself, and it can read as another value: ten digits of a card pseudonym make a
   * valid US phone number, which the audit would report when the user erases the card.
   */
  private maskFalseFindings(typed: string, sanitized: string): string {
    if (sanitized === typed) {
      return sanitized;
    }
    const findings = this.context.text.scan(sanitized);
    if (findings.length === 0) {
      return sanitized;
    }
    // Only findings that the replacement created: a typed token prefix reads as a token in
    // both, and the audit leaves a step alone when the next step extends it.
    const typedDetectors = new Set(
      this.context.text.scan(typed).map((finding) => finding.detector),
    );
    let masked = sanitized;
    for (const finding of findings) {
      if (!typedDetectors.has(finding.detector)) {
        masked = maskRange(masked, finding.start, finding.end);
      }
    }
    return masked;
  }

  /**
   * Checks that every step of an ended chain was sanitized with the chain's real final
   * value and peaks, which is what keeps the partial values typed on the way covered. A first
   * pass that skipped or misread some events leaves a chain without them.
   */
  private checkFinal(chain: Chain): void {
    const final =
      this.finals.finals.get(chain.start) ?? (chain.count === 1 ? chain.last : undefined);
    const peaks = this.finals.peaks.get(chain.start) ?? [];
    const samePeaks =
      peaks.length === chain.peaks.length &&
      peaks.every(
        (peak, position) =>
          peak.index === chain.peaks[position]!.index &&
          peak.value === chain.peaks[position]!.value,
      );
    if (final !== chain.last || !samePeaks) {
      throw new TypingFinalsMismatchError(chain.start);
    }
  }

  /**
   * Returns the sanitized target of the value at `index`: the final value, or the nearby peak
   * that shares the longest prefix with it inside a finding.
   */
  private targetOf(
    start: number,
    index: number,
    text: string,
    final: string,
    rule: WholeValueRule | undefined,
  ): SanitizedFinal {
    let targets = this.cache.get(start);
    if (targets === undefined) {
      targets = new Map();
      this.cache.set(start, targets);
    }
    const entryOf = (value: string): SanitizedFinal => {
      let entry = targets.get(value);
      if (entry === undefined) {
        entry = { final: value, sanitized: this.replaceValue(value, rule) };
        targets.set(value, entry);
      }
      return entry;
    };
    const finalEntry = entryOf(final);
    let best = finalEntry;
    let bestShared = this.sharedInFinding(text, finalEntry, rule);
    const peaks = this.finals.peaks.get(start) ?? [];
    // The peaks before the value are those a deletion is erasing: a deletion inside a value
    // makes a peak of each step, so the whole value can lie several peaks back. The next
    // peaks are the values it may grow into.
    const next = firstPeakFrom(peaks, index);
    const nearbyPeaks = peaks.slice(Math.max(0, next - MAX_TARGET_PEAKS), next + MAX_TARGET_PEAKS);
    for (const peak of nearbyPeaks) {
      const entry = entryOf(peak.value);
      const shared = this.sharedInFinding(text, entry, rule);
      if (shared > bestShared) {
        best = entry;
        bestShared = shared;
      }
    }
    if (bestShared === 0 && rule === undefined && text.length >= MIN_SHARED_ACROSS_FIELDS) {
      // A value typed only in part here (a search for `ann.lowe@quil`) may be typed in full in
      // another field, which shows what it is. Only values that this chain's final value or a
      // peak starts count, but for a corrected ending of two characters, so a search for
      // `order-123456` is not taken for part of `order-status@shop.com`, not even at `order-`.
      const sensitive = this.sensitiveValues();
      const ownValues = [final, ...nearbyPeaks.map((peak) => peak.value)];
      for (const own of ownValues.filter((value) => value.length >= MIN_SHARED_ACROSS_FIELDS)) {
        const prefix = own.slice(0, Math.max(MIN_SHARED_ACROSS_FIELDS, own.length - 2));
        for (
          let position = lowerBound(sensitive, prefix);
          position < sensitive.length && sensitive[position]!.startsWith(prefix);
          position++
        ) {
          const entry = entryOf(sensitive[position]!);
          const shared = this.sharedInFinding(text, entry, rule);
          if (shared > bestShared) {
            best = entry;
            bestShared = shared;
          }
        }
      }
    }
    return best;
  }

  /**
   * Returns the final values and peaks of every chain of the recording in which a detector
   * finds something, at most {@link MAX_SENSITIVE_VALUES} of them, sorted.
   */
  private sensitiveValues(): readonly string[] {
    if (this.sensitive === undefined) {
      const candidates = new Set(this.finals.finals.values());
      for (const peaks of this.finals.peaks.values()) {
        peaks.forEach((peak) => candidates.add(peak.value));
      }
      this.sensitive = [];
      for (const value of candidates) {
        if (this.sensitive.length === MAX_SENSITIVE_VALUES) {
          break;
        }
        if (value.length >= MIN_SHARED_ACROSS_FIELDS && this.context.text.scan(value).length > 0) {
          this.sensitive.push(value);
        }
      }
      this.sensitive.sort();
    }
    return this.sensitive;
  }

  /**
   * Returns how many leading characters `text` shares with the target when a finding of the
   * target starts inside them, and 0 otherwise.
   */
  private sharedInFinding(
    text: string,
    entry: SanitizedFinal,
    rule: WholeValueRule | undefined,
  ): number {
    if (entry.sanitized === entry.final) {
      return 0;
    }
    const shared = commonPrefixLength(text, entry.final);
    return this.findingsOf(entry, rule).some((finding) => finding.start < shared) ? shared : 0;
  }

  private findingsOf(entry: SanitizedFinal, rule: WholeValueRule | undefined): Finding[] {
    entry.findings ??= rule
      ? [{ detector: rule.detector, start: 0, end: entry.final.length, value: entry.final }]
      : this.context.text.scan(entry.final);
    return entry.findings;
  }

  private replaceValue(value: string, rule: WholeValueRule | undefined): string {
    if (value === '') {
      return value;
    }
    if (rule === SENT_CREDENTIAL_RULE) {
      // The request sends the key trimmed, so the spaces around it stay and the key gets the
      // request's replacement.
      const start = value.length - value.trimStart().length;
      const end = value.trimEnd().length;
      if (start >= end) {
        return value;
      }
      const key = value.slice(start, end);
      const replaced = this.context.text.replaceWhole(key, rule.detector, this.location);
      return value.slice(0, start) + replaced + value.slice(end);
    }
    return rule
      ? replaceFieldValue(this.context, value, rule, this.location)
      : this.context.text.sanitize(value, this.location);
  }

  private sanitizeStep(
    text: string,
    entry: SanitizedFinal,
    rule: WholeValueRule | undefined,
  ): string {
    if (text === entry.final) {
      return entry.sanitized;
    }
    text = overlayPageMasks(text, entry.final);
    const shared = commonPrefixLength(text, entry.final);
    if (rule) {
      return shared === text.length
        ? this.prefixOf(entry, shared, rule)
        : this.replaceValue(text, rule);
    }
    const targetFindings = entry.sanitized === entry.final ? [] : this.findingsOf(entry, rule);
    // The end that the step shares with the target is text after the caret (a word or a line
    // that was there before), not another ending of the value, so it gets the target's
    // replacement of it. It starts outside the target's values.
    let tailStart =
      entry.final.length -
      Math.min(
        commonSuffixLength(text, entry.final),
        text.length - shared,
        entry.final.length - shared,
      );
    for (const finding of targetFindings) {
      if (finding.start < tailStart && tailStart < finding.end) {
        tailStart = finding.end;
      }
    }
    const middleEnd = text.length - (entry.final.length - tailStart);
    const middle = text.slice(shared, middleEnd);
    const sanitizedTail =
      tailStart === entry.final.length
        ? ''
        : entry.sanitized.slice(this.prefixOf(entry, tailStart, rule).length);
    // A step that leaves the target inside a finding typed another ending of the same value,
    // such as `ann@quill.nte` before `ann@quill.net` or a card digit fixed later. That ending
    // is masked as far as the finding reaches, and on to the end of its word, but not past a
    // line break: the next line of an editor is other text.
    const cut = targetFindings.find((finding) => finding.start < shared && shared < finding.end);
    const lineEnd = middle.search(/[\n\u2028]/);
    let maskLength = cut === undefined ? 0 : cut.end - shared;
    if (lineEnd >= 0) {
      maskLength = Math.min(maskLength, lineEnd);
    }
    const later = this.context.text.scan(text).filter((finding) => finding.end > shared);
    if (
      later.some(
        (finding) =>
          finding.start < shared || (finding.start < middleEnd && finding.end > middleEnd),
      )
    ) {
      // A value that reaches back into the shared part, such as a typo in its ending, or on
      // into the shared end, is replaced whole with the text around it.
      return this.context.text.sanitize(text, this.location);
    }
    const inMiddle = later.filter((finding) => finding.end <= middleEnd);
    if (inMiddle.length > 0) {
      // A value typed between the shared parts, such as a later line typed before an earlier
      // one was finished, is replaced on its own.
      const firstValue = Math.min(...inMiddle.map((finding) => finding.start - shared));
      const sanitizedMiddle = this.context.text.sanitize(middle, this.location);
      maskLength = Math.min(maskLength, firstValue);
      return (
        this.prefixOf(entry, shared, rule) +
        (maskLength > 0 ? maskEnding(sanitizedMiddle, maskLength) : sanitizedMiddle) +
        sanitizedTail
      );
    }
    return (
      this.prefixOf(entry, shared, rule) +
      (maskLength > 0 ? maskEnding(middle, maskLength) : middle) +
      sanitizedTail
    );
  }

  /**
   * Adds the values of the targets to the element's latest values and returns them, with
   * their replacements, at most {@link MAX_ELEMENT_VALUES}.
   */
  private rememberValues(
    nodeId: unknown,
    entries: readonly SanitizedFinal[],
    rule: WholeValueRule | undefined,
  ): ReadonlyMap<string, string> {
    const values = this.valuesOf(this.valuesByElement, nodeId);
    this.rememberInto(values, entries, rule);
    return values;
  }

  /** Returns the map of an element's values in `store`, created empty when missing. */
  private valuesOf(store: Map<unknown, Map<string, string>>, nodeId: unknown): Map<string, string> {
    const key = typeof nodeId === 'number' ? nodeId : JSON.stringify(nodeId);
    let values = store.get(key);
    if (values === undefined) {
      values = new Map();
      store.set(key, values);
    }
    return values;
  }

  /** Adds the values of `entries` to `values`, keeping the latest {@link MAX_ELEMENT_VALUES}. */
  private rememberInto(
    values: Map<string, string>,
    entries: readonly SanitizedFinal[],
    rule: WholeValueRule | undefined,
  ): void {
    for (const entry of entries) {
      if (entry.sanitized === entry.final) {
        continue;
      }
      for (const { value, replaced } of this.replacedValues(entry, rule)) {
        // The latest come last, and the earliest are forgotten first.
        values.delete(value);
        values.set(value, replaced);
        if (values.size > MAX_ELEMENT_VALUES) {
          values.delete(values.keys().next().value!);
        }
      }
    }
  }

  /**
   * Replaces what a step's replacement still shows of the element's values: the longest
   * start or end of a value, of {@link MIN_KEPT_PIECE} characters or more, gets the start or
   * end of that value's replacement. The alignment of a step with its target covers steps
   * that grow and shrink at their end, and this covers the others: a label typed in front
   * of a card, or a Delete at the start of a key.
   */
  private coverPieces(replacement: string, values: ReadonlyMap<string, string>): string {
    let covered = replacement;
    // Longer values first: a step's own value (`ann@quill.ne`) can start a longer one.
    const longestFirst = [...values].sort(([a], [b]) => b.length - a.length);
    for (const [value, replaced] of longestFirst) {
      covered = replaceLongestPiece(covered, value, replaced);
    }
    return covered;
  }

  /** Returns each value of a target with its replacement in the target's replacement. */
  private replacedValues(
    entry: SanitizedFinal,
    rule: WholeValueRule | undefined,
  ): Array<{ value: string; replaced: string }> {
    if (entry.replacedValues === undefined) {
      const findings = this.findingsOf(entry, rule);
      entry.replacedValues = findings.map((finding) => ({
        value: finding.value,
        replaced: entry.sanitized.slice(
          alignedPrefix(entry.final, entry.sanitized, findings, finding.start).length,
          alignedPrefix(entry.final, entry.sanitized, findings, finding.end).length,
        ),
      }));
    }
    return entry.replacedValues;
  }

  private prefixOf(
    entry: SanitizedFinal,
    length: number,
    rule: WholeValueRule | undefined,
  ): string {
    if (entry.sanitized === entry.final) {
      return entry.final.slice(0, length);
    }
    return alignedPrefix(entry.final, entry.sanitized, this.findingsOf(entry, rule), length);
  }
}

/**
 * Returns the position of the first peak at or after event `index`, or `peaks.length` when
 * there is none. A field edited for a long time has thousands of peaks, so this is a binary
 * search.
 */
function firstPeakFrom(peaks: readonly TypingPeak[], index: number): number {
  let low = 0;
  let high = peaks.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (peaks[middle]!.index < index) {
      low = middle + 1;
    } else {
      high = middle;
    }
  }
  return low;
}

/**
 * Replaces the longest start and the longest end of `value`, of {@link MIN_KEPT_PIECE}
 * characters or more, that `text` contains, with the start or end of `replaced` of the same
 * length. The detectors do not recognize such a piece, so it would stay as typed.
 *
 * A piece must also reach {@link CHANCE_MARGIN} characters past the start (or end) that the
 * value shares with its replacement. A key's pseudonym keeps its provider prefix
 * (`sk_live_`), so `sk_live_t` is no piece of a key when its pseudonym starts with
 * `sk_live_` too: another pseudonym of the element may show `sk_live_t` by chance.
 */
function replaceLongestPiece(text: string, value: string, replaced: string): string {
  let result = text;
  const shortestStart = Math.max(
    MIN_KEPT_PIECE,
    commonPrefixLength(value, replaced) + CHANCE_MARGIN,
  );
  for (let length = value.length; length >= shortestStart; length--) {
    const start = value.slice(0, length);
    if (result.includes(start)) {
      // A whole value gets its whole replacement, which can be longer (`.example`).
      result = result.replaceAll(
        start,
        length === value.length ? replaced : replaced.slice(0, length),
      );
      break;
    }
  }
  const shortestEnd = Math.max(MIN_KEPT_PIECE, commonSuffixLength(value, replaced) + CHANCE_MARGIN);
  for (let length = value.length - 1; length >= shortestEnd; length--) {
    const end = value.slice(value.length - length);
    if (result.includes(end)) {
      result = result.replaceAll(end, replaced.slice(Math.max(0, replaced.length - length)));
      break;
    }
  }
  return result;
}

/**
 * HTML tags and character references, which a field that keeps an editor's HTML (Trix's
 * hidden input) writes around its text.
 */
const HTML_MARKUP = /<\/?[A-Za-z][^<>]*>|&(?:[A-Za-z][A-Za-z0-9]*|#\d+|#x[0-9A-Fa-f]+);/g;

/**
 * Masks the letters and digits of the first `length` characters of `text`, and of the word
 * that the last of them is in. HTML markup in them stays, so `&nbsp;` does not become
 * `&****;`.
 */
function maskEnding(text: string, length: number): string {
  const space = text.slice(length).search(/\s/);
  const end = space < 0 ? text.length : length + space;
  let masked = text;
  let from = 0;
  for (const markup of text.slice(0, end).matchAll(HTML_MARKUP)) {
    masked = maskRange(masked, from, markup.index);
    from = markup.index + markup[0].length;
  }
  return maskRange(masked, from, end);
}

/**
 * Runs of the characters the production recorder writes over a value it detected in the page:
 * `X` for each digit, `*` for each other letter. Three or more in a row are taken as a mask.
 */
const PAGE_MASK_RUN = /[*X]{3,}/g;

/**
 * Copies the page's masks of the final value onto an earlier value of the same typing chain.
 * The recorder detects a value only once it is complete, so the values typed on the way
 * (`ann@mailbox.o`, 15 digits of a card) reach the sanitizer unmasked, and no detector
 * recognizes them either. Typing appends, so character positions line up with the final
 * value's.
 */
export function overlayPageMasks(text: string, final: string): string {
  let characters: string[] | undefined;
  for (const run of final.matchAll(PAGE_MASK_RUN)) {
    const end = Math.min(run.index + run[0].length, text.length);
    for (let index = run.index; index < end; index++) {
      if (text[index] !== final[index]) {
        characters ??= text.split('');
        characters[index] = final[index]!;
      }
    }
  }
  return characters ? characters.join('') : text;
}

/**
 * Returns the prefix of `sanitized` that corresponds to the first `length` characters of
 * `original`, where `sanitized` is `original` with each finding replaced. The text between
 * findings is unchanged, which locates where each replacement ends. Inside a finding, the
 * prefix takes as many characters of the replacement as the original had typed.
 */
export function alignedPrefix(
  original: string,
  sanitized: string,
  findings: readonly Finding[],
  length: number,
): string {
  const sorted = [...findings].sort((a, b) => a.start - b.start);
  let source = 0;
  let target = 0;
  for (let position = 0; position < sorted.length; position++) {
    const finding = sorted[position]!;
    if (finding.start < source) {
      continue;
    }
    if (length <= finding.start) {
      return sanitized.slice(0, target + (length - source));
    }
    target += finding.start - source;
    const nextStart = sorted[position + 1]?.start ?? original.length;
    const plainAfter = original.slice(finding.end, nextStart);
    let replacementEnd: number;
    const sameLengthEnd = target + (finding.end - finding.start);
    if (position === sorted.length - 1) {
      replacementEnd = sanitized.length - (original.length - finding.end);
    } else if (plainAfter.length > 0 && sanitized.startsWith(plainAfter, sameLengthEnd)) {
      // Cards, phone numbers and IBANs keep their length, and their replacements contain the
      // spaces that often separate two values, so the end at the same length comes first.
      replacementEnd = sameLengthEnd;
    } else if (plainAfter.length > 0 && sanitized.indexOf(plainAfter, target) >= 0) {
      replacementEnd = sanitized.indexOf(plainAfter, target);
    } else {
      replacementEnd = sameLengthEnd;
    }
    if (length < finding.end) {
      return sanitized.slice(0, target + Math.min(length - finding.start, replacementEnd - target));
    }
    target = replacementEnd;
    source = finding.end;
  }
  return sanitized.slice(0, target + (length - source));
}

/** Returns the position of the first value not below `text` in sorted `values`. */
function lowerBound(values: readonly string[], text: string): number {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (values[middle]! < text) {
      low = middle + 1;
    } else {
      high = middle;
    }
  }
  return low;
}
