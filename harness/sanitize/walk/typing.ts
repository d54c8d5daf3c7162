import type { inputData } from '@rrweb/types';
import type { WholeValueRule } from '../rules.js';
import type { Finding } from '../types.js';
import { LOCATIONS, type SanitizeContext } from './context.js';

/**
 * Final values of typing chains that have more than one Input event, keyed by the event
 * index where the chain starts. A chain is the run of Input events on one field whose
 * values keep sharing a prefix with the previous one: typing, deleting and retyping. It
 * ends when the field gets a value with nothing in common (cleared, replaced) or the page
 * is loaded again.
 */
export type TypingFinals = ReadonlyMap<number, string>;

interface Chain {
  start: number;
  last: string;
  count: number;
}

/**
 * Error of the second pass when the typing finals it was given do not match the typing
 * chains it found. The file sanitizer then collects the finals again from every parsed event
 * and starts over, because sanitizing the steps of a chain without its final value writes
 * partial values (`ann.bell@mailbox.o`) that no detector recognizes.
 */
export class TypingFinalsMismatchError extends Error {
  constructor(readonly chainStart: number) {
    super(`the typing chain that starts at event ${chainStart} has no matching final value`);
    this.name = 'TypingFinalsMismatchError';
  }
}

/**
 * Returns the key of a field's typing chains. rrweb node ids are numbers. Any other JSON
 * value is keyed by its JSON text, so both passes group the same events whatever the id.
 */
function chainKey(nodeId: unknown): unknown {
  return typeof nodeId === 'number' ? nodeId : JSON.stringify(nodeId);
}

function commonPrefixLength(a: string, b: string): number {
  const max = Math.min(a.length, b.length);
  let index = 0;
  while (index < max && a.charCodeAt(index) === b.charCodeAt(index)) {
    index++;
  }
  return index;
}

/** Assigns Input events to typing chains; both passes over a recording use it, so they agree. */
export class ChainTracker {
  private readonly open = new Map<unknown, Chain>();

  /** Adds an Input event and returns its chain, plus the chain it ended on the same field. */
  track(nodeId: unknown, text: string, index: number): { chain: Chain; ended?: Chain } {
    const key = chainKey(nodeId);
    const current = this.open.get(key);
    if (current && commonPrefixLength(current.last, text) > 0) {
      current.last = text;
      current.count += 1;
      return { chain: current };
    }
    const chain = { start: index, last: text, count: 1 };
    this.open.set(key, chain);
    return current ? { chain, ended: current } : { chain };
  }

  /** Ends every chain, because a new full snapshot gives node ids new meanings. */
  endAll(): Chain[] {
    const ended = [...this.open.values()];
    this.open.clear();
    return ended;
  }
}

/** First pass: records the final value of every typing chain with more than one event. */
export class TypingFinalsCollector {
  private readonly tracker = new ChainTracker();
  private readonly finals = new Map<number, string>();

  observeInput(data: inputData, index: number): void {
    const { ended } = this.tracker.track(data.id, data.text, index);
    if (ended) {
      this.keep(ended);
    }
  }

  observeFullSnapshot(): void {
    this.tracker.endAll().forEach((chain) => this.keep(chain));
  }

  finish(): TypingFinals {
    this.observeFullSnapshot();
    return this.finals;
  }

  private keep(chain: Chain): void {
    if (chain.count > 1) {
      this.finals.set(chain.start, chain.last);
    }
  }
}

interface SanitizedFinal {
  final: string;
  sanitized: string;
  findings?: Finding[];
}

/**
 * Second pass: sanitizes each Input value as part of its chain. The final value is
 * sanitized once. An earlier value becomes the prefix of the final value's replacement that
 * covers the characters it shares with the final value. So a replay that types the
 * replacement character by character shows the same text at every step as the recording.
 */
export class InputSanitizer {
  private readonly tracker = new ChainTracker();
  private readonly cache = new Map<number, SanitizedFinal>();

  constructor(
    private readonly context: SanitizeContext,
    private readonly finals: TypingFinals,
  ) {}

  /**
   * Ends every chain at a full snapshot.
   *
   * @throws TypingFinalsMismatchError when an ended chain's final value was not in `finals`.
   */
  reset(): void {
    this.tracker.endAll().forEach((chain) => this.checkFinal(chain));
    this.cache.clear();
  }

  /**
   * Ends the chains still open after the last event.
   *
   * @throws TypingFinalsMismatchError when an ended chain's final value was not in `finals`.
   */
  finish(): void {
    this.reset();
  }

  sanitize(data: inputData, index: number, rule: WholeValueRule | undefined): void {
    const { chain, ended } = this.tracker.track(data.id, data.text, index);
    if (ended) {
      this.checkFinal(ended);
      this.cache.delete(ended.start);
    }
    if (chain.count > 1 && !this.finals.has(chain.start)) {
      // Fails at the chain's second event already, instead of sanitizing the rest of it.
      throw new TypingFinalsMismatchError(chain.start);
    }
    const final = this.finals.get(chain.start) ?? data.text;
    let entry = this.cache.get(chain.start);
    if (entry?.final !== final) {
      entry = { final, sanitized: this.replaceValue(final, rule) };
      this.cache.set(chain.start, entry);
    }
    data.text = this.sanitizeStep(data.text, entry, rule);
  }

  /**
   * Checks that every step of an ended chain was sanitized with the chain's real final
   * value, which is what keeps the partial values typed on the way covered. A first pass
   * that skipped or misread some events leaves a chain without its final value.
   */
  private checkFinal(chain: Chain): void {
    const final = this.finals.get(chain.start) ?? (chain.count === 1 ? chain.last : undefined);
    if (final !== chain.last) {
      throw new TypingFinalsMismatchError(chain.start);
    }
  }

  private replaceValue(value: string, rule: WholeValueRule | undefined): string {
    if (value === '') {
      return value;
    }
    return rule
      ? this.context.text.replaceWhole(value, rule.detector, LOCATIONS.input, rule.mode)
      : this.context.text.sanitize(value, LOCATIONS.input);
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
    // A value found in the part this step does not share with the final value is replaced
    // on its own, so a typo or a value typed before a correction is covered too.
    if (this.context.text.scan(text).some((finding) => finding.end > shared)) {
      return this.context.text.sanitize(text, LOCATIONS.input);
    }
    return this.prefixOf(entry, shared, rule) + text.slice(shared);
  }

  private prefixOf(
    entry: SanitizedFinal,
    length: number,
    rule: WholeValueRule | undefined,
  ): string {
    if (entry.sanitized === entry.final) {
      return entry.final.slice(0, length);
    }
    entry.findings ??= rule
      ? [{ detector: rule.detector, start: 0, end: entry.final.length, value: entry.final }]
      : this.context.text.scan(entry.final);
    return alignedPrefix(entry.final, entry.sanitized, entry.findings, length);
  }
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
    if (position === sorted.length - 1) {
      replacementEnd = sanitized.length - (original.length - finding.end);
    } else if (plainAfter.length > 0 && sanitized.indexOf(plainAfter, target) >= 0) {
      replacementEnd = sanitized.indexOf(plainAfter, target);
    } else {
      replacementEnd = target + (finding.end - finding.start);
    }
    if (length < finding.end) {
      return sanitized.slice(0, target + Math.min(length - finding.start, replacementEnd - target));
    }
    target = replacementEnd;
    source = finding.end;
  }
  return sanitized.slice(0, target + (length - source));
}
