/**
 * Typing chains: the runs of Input events on one field, or of the recorder's edit events on
 * one `contenteditable` element, that build a value. Both passes over a recording group
 * events into chains here, so they agree on where each chain starts.
 */

import type { inputData } from '@rrweb/types';
import { CUSTOM_EVENT_TAGS } from '../../fixture/recording.js';
import { MAX_CREDENTIAL_CANDIDATES, mayBeSentCredential } from './sent-credentials.js';

/**
 * A value of a typing chain that the field held before losing characters at its end or
 * changing inside, such as a whole address before select-all and retyping, or before
 * backspacing. `index` is the index of its Input event.
 */
export interface TypingPeak {
  index: number;
  value: string;
}

/**
 * The first pass's findings about typing chains. A chain is the run of Input events on one
 * field whose values keep sharing a prefix with the previous one: typing, deleting and
 * retyping. It ends when the field gets a value with nothing in common (cleared, replaced) or
 * the page is loaded again. Both maps are keyed by the event index where the chain starts.
 */
export interface TypingFinals {
  /** The final value of each chain that has more than one Input event. */
  readonly finals: ReadonlyMap<number, string>;
  /** The peaks before the final value, in event order, of each chain that has any. */
  readonly peaks: ReadonlyMap<number, readonly TypingPeak[]>;
  /**
   * Final values and peaks that a request of the recording sends as a credential (see
   * `sentCredentials`). Their chains are replaced whole, as the request's value is.
   */
  readonly sentCredentials?: ReadonlySet<string>;
}

/** The part of an edit event's payload that typing chains read. */
export interface EditText {
  id: unknown;
  text: string;
}

/**
 * Returns the payload of a custom event when it is an edit event with a text, which is what
 * both passes assign to typing chains.
 */
export function editTextOf(tag: unknown, payload: unknown): EditText | undefined {
  if (tag !== CUSTOM_EVENT_TAGS.edit || typeof payload !== 'object' || payload === null) {
    return undefined;
  }
  const edit = payload as { id?: unknown; text?: unknown };
  return typeof edit.text === 'string' ? { id: edit.id, text: edit.text } : undefined;
}

/** One typing chain as a pass tracks it. */
export interface Chain {
  start: number;
  last: string;
  lastIndex: number;
  /** Whether `last` is its predecessor with characters removed from the end. */
  lastTruncated: boolean;
  count: number;
  peaks: TypingPeak[];
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
function chainKey(nodeId: unknown, kind: ChainKind): unknown {
  const key = typeof nodeId === 'number' ? nodeId : JSON.stringify(nodeId);
  // A JSON text never starts with a letter other than those of `true`, `false` and `null`,
  // so an edit key never equals the key of an Input event's id.
  return kind === 'edit' ? `edit:${String(key)}` : key;
}

/**
 * The kind of event that a chain's values come from: rrweb Input events, or the recorder's
 * edit events, whose `text` is the whole text of a `contenteditable` element.
 */
export type ChainKind = 'input' | 'edit';

/** Returns the number of UTF-16 code units at the end that `a` and `b` share. */
export function commonSuffixLength(a: string, b: string): number {
  const max = Math.min(a.length, b.length);
  let count = 0;
  while (count < max && a.charCodeAt(a.length - 1 - count) === b.charCodeAt(b.length - 1 - count)) {
    count++;
  }
  return count;
}

export function commonPrefixLength(a: string, b: string): number {
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

  /**
   * Adds an Input or edit event and returns its chain, plus the chain it ended on the same
   * element.
   */
  track(
    nodeId: unknown,
    text: string,
    index: number,
    kind: ChainKind = 'input',
  ): { chain: Chain; ended?: Chain } {
    const key = chainKey(nodeId, kind);
    const current = this.open.get(key);
    if (current && commonPrefixLength(current.last, text) > 0) {
      const grows = text.startsWith(current.last);
      if (!grows && !current.lastTruncated) {
        current.peaks.push({ index: current.lastIndex, value: current.last });
      }
      current.lastTruncated = !grows && current.last.startsWith(text);
      current.last = text;
      current.lastIndex = index;
      current.count += 1;
      return { chain: current };
    }
    const chain = {
      start: index,
      last: text,
      lastIndex: index,
      lastTruncated: false,
      count: 1,
      peaks: [],
    };
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

/** First pass: records the final value and the peaks of every typing chain. */
export class TypingFinalsCollector {
  private readonly tracker = new ChainTracker();
  private readonly finals = new Map<number, string>();
  private readonly peaks = new Map<number, readonly TypingPeak[]>();
  private readonly candidates = new Set<string>();
  private readonly typedByUser = new WeakSet<Chain>();

  observeInput(data: inputData, index: number): void {
    // rrweb marks values set by the page's scripts (prefilled fields) with `userTriggered:
    // false`. Only what a person types or pastes can be a key they were given.
    this.observe(data.id, data.text, index, 'input', data.userTriggered !== false);
  }

  /**
   * Adds an edit event of a `contenteditable` element. The recorder writes one only for an
   * edit that a person made, so its text counts as typed.
   */
  observeEdit(payload: EditText, index: number): void {
    this.observe(payload.id, payload.text, index, 'edit', true);
  }

  private observe(
    nodeId: unknown,
    text: string,
    index: number,
    kind: ChainKind,
    typedByUser: boolean,
  ): void {
    const { chain, ended } = this.tracker.track(nodeId, text, index, kind);
    if (ended) {
      this.keep(ended);
    }
    if (typedByUser) {
      this.typedByUser.add(chain);
    }
  }

  observeFullSnapshot(): void {
    this.tracker.endAll().forEach((chain) => this.keep(chain));
  }

  finish(): TypingFinals {
    this.observeFullSnapshot();
    return { finals: this.finals, peaks: this.peaks };
  }

  /**
   * Returns the final values and peaks, of one event or more, that may be keys or passwords
   * (see `mayBeSentCredential`), at most `MAX_CREDENTIAL_CANDIDATES`, the first ones typed.
   * Call it after {@link finish}.
   */
  credentialCandidates(): ReadonlySet<string> {
    return this.candidates;
  }

  private noteCandidate(value: string): void {
    // Apps trim what is pasted, so a key pasted with a space sends the key without it.
    const trimmed = value.trim();
    if (this.candidates.size < MAX_CREDENTIAL_CANDIDATES && mayBeSentCredential(trimmed)) {
      this.candidates.add(trimmed);
    }
  }

  private keep(chain: Chain): void {
    if (this.typedByUser.has(chain)) {
      this.noteCandidate(chain.last);
      chain.peaks.forEach((peak) => this.noteCandidate(peak.value));
    }
    if (chain.count > 1) {
      this.finals.set(chain.start, chain.last);
    }
    if (chain.peaks.length > 0) {
      this.peaks.set(chain.start, chain.peaks);
    }
  }
}
