import { EventType, IncrementalSource, type eventWithTime, type inputData } from '@rrweb/types';
import type {
  NetworkExchange,
  Recording,
  RecordingMeta,
  SanitizationSummary,
} from '../fixture/recording.js';
import { compileRules, rulesVersion, type CompiledRules } from './rules.js';
import type { SanitizeRules, TextSanitizer } from './types.js';
import { LOCATIONS, type SanitizeContext } from './walk/context.js';
import { EventSanitizer } from './walk/event.js';
import type { LateValueRules } from './walk/selector-matcher.js';
import { sanitizeExchange } from './walk/exchange.js';
import { NODE_BODY_PARSERS } from './walk/node-body-parsers.js';
import { sentCredentials } from './walk/sent-credentials.js';
import { TypedValues } from './walk/typed-values.js';
import { editTextOf, TypingFinalsCollector, type TypingFinals } from './walk/typing-chains.js';
import { sanitizeUrl } from './walk/url.js';

/** Options shared by the in-memory and the streaming sanitizer. */
export interface SanitizeOptions {
  /** The text sanitizer of this session; create one per recording. */
  text: TextSanitizer;
  /** The `sanitize` rules of the config. */
  rules?: SanitizeRules;
  /** The rules compiled by `compileRules`, to compile them once for many recordings. */
  compiledRules?: CompiledRules;
}

/**
 * Sanitizes the parts of one recording in file order. Typing chains need the final value
 * of each chain before its first event, so a first pass collects them (see
 * {@link collectTypingFinals}) and is passed in as `finals`.
 */
export class SessionSanitizer {
  private readonly context: SanitizeContext;
  private readonly events: EventSanitizer;
  private readonly version: string;
  /** Typed values and their replacements, to replace where the app echoes them. */
  private readonly typed = new TypedValues();
  /** The text sanitizer's counts before this session, when it sanitized an earlier run. */
  private readonly earlierCounts: Readonly<Record<string, number>>;

  /**
   * @param lateRules the rules that {@link lateRules} returned after an earlier run over the
   *   same recording.
   */
  constructor(options: SanitizeOptions, finals: TypingFinals, lateRules?: LateValueRules) {
    this.context = {
      text: options.text,
      rules: options.compiledRules ?? compileRules(options.rules),
      counts: {},
      typed: this.typed,
      sentCredentials: [...(finals.sentCredentials ?? [])].sort(
        (left, right) => right.length - left.length,
      ),
      basicPasswords: new Set(),
    };
    this.events = new EventSanitizer(this.context, finals, lateRules);
    this.earlierCounts = { ...options.text.counts };
    this.version = rulesVersion(options.rules);
  }

  meta(meta: RecordingMeta): RecordingMeta {
    meta.url = sanitizeUrl(this.context, meta.url, LOCATIONS.metaUrl);
    return meta;
  }

  event(event: eventWithTime, index: number): eventWithTime {
    this.typed.now = event.timestamp;
    return this.events.sanitize(event, index);
  }

  /**
   * Notes the time of an event that `readPlainEvent` recognized, which needs no sanitizing.
   * Typed values recorded when the events end take the time of the latest event.
   */
  plainEvent(timestamp: number): void {
    this.typed.now = timestamp;
  }

  /**
   * Ends the typing chains still open after the last event.
   *
   * @throws TypingFinalsMismatchError when the `finals` passed in miss a chain.
   */
  endEvents(): void {
    this.events.endEvents();
  }

  /**
   * Returns the rules that select values missed because their option came later, by event
   * index and value (see `EventSanitizer.lateRules`). When there are any, the output must be discarded
   * and the recording sanitized again with them. Call it after the events.
   */
  lateRules(): LateValueRules {
    return this.events.lateRules();
  }

  exchange(exchange: NetworkExchange): NetworkExchange {
    this.typed.now = exchange.startedAt;
    return sanitizeExchange(this.context, exchange, NODE_BODY_PARSERS);
  }

  /**
   * Returns what this session replaced so far, as counts per `detector/location`, without any
   * value. Replacements that the text sanitizer made before the session are left out, so a
   * text sanitizer used for several runs over one recording counts each run on its own.
   */
  summary(): SanitizationSummary {
    const counts: Record<string, number> = {};
    for (const [key, count] of Object.entries(this.context.text.counts)) {
      const own = count - (this.earlierCounts[key] ?? 0);
      if (own > 0) {
        counts[key] = own;
      }
    }
    for (const [key, count] of Object.entries(this.context.counts)) {
      counts[key] = (counts[key] ?? 0) + count;
    }
    const sorted = Object.fromEntries(
      Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)),
    );
    return { rulesVersion: this.version, counts: sorted };
  }
}

/**
 * Tells whether an event is an rrweb Input event with a text value, which is what the
 * sanitizer assigns to a typing chain. It does not require a numeric node id, because the
 * second pass sanitizes such an event's text too, and both passes must count the same events.
 */
export function isInputEvent(event: eventWithTime): boolean {
  const data = event.data as (Partial<inputData> & { source?: unknown }) | undefined;
  return (
    event.type === EventType.IncrementalSnapshot &&
    data?.source === IncrementalSource.Input &&
    typeof data.text === 'string'
  );
}

/** Adds an event to the typing chains when it is an edit event of a `contenteditable` element. */
export function observeEdit(
  event: eventWithTime,
  index: number,
  collector: TypingFinalsCollector,
): void {
  if (event.type !== EventType.Custom) {
    return;
  }
  const data = event.data as { tag?: unknown; payload?: unknown } | undefined;
  const edit = editTextOf(data?.tag, data?.payload);
  if (edit !== undefined) {
    collector.observeEdit(edit, index);
  }
}

/**
 * First pass over the events: collects the final value of every typing chain, and which of
 * those values the requests of `network` send as credentials.
 */
export function collectTypingFinals(
  events: Iterable<eventWithTime>,
  network: Iterable<NetworkExchange> = [],
): TypingFinals {
  const collector = new TypingFinalsCollector();
  let index = 0;
  for (const event of events) {
    if (event.type === EventType.FullSnapshot) {
      collector.observeFullSnapshot();
    } else if (isInputEvent(event)) {
      collector.observeInput(event.data as inputData, index);
    } else {
      observeEdit(event, index, collector);
    }
    index++;
  }
  const finals = collector.finish();
  const candidates = collector.credentialCandidates();
  if (candidates.size === 0) {
    return finals;
  }
  const sent = new Set<string>();
  for (const exchange of network) {
    sentCredentials(exchange).forEach((value) => candidates.has(value) && sent.add(value));
  }
  return { ...finals, sentCredentials: sent };
}

/**
 * Returns a sanitized copy of a recording held in memory, with its `sanitization`
 * summary. The input recording is not changed. For files, `sanitizeRecordingFile` does the
 * same while streaming.
 */
export function sanitizeRecording(recording: Recording, options: SanitizeOptions): Recording {
  const finals = collectTypingFinals(recording.events, recording.network);
  const run = (lateRules?: LateValueRules) => {
    const copy = structuredClone(recording);
    const session = new SessionSanitizer(options, finals, lateRules);
    session.meta(copy.meta);
    copy.events.forEach((event, index) => session.event(event, index));
    session.endEvents();
    copy.network.forEach((exchange) => session.exchange(exchange));
    return { copy, session };
  };
  let { copy, session } = run();
  const lateRules = session.lateRules();
  if (lateRules.size > 0) {
    ({ copy, session } = run(lateRules));
  }
  return { ...copy, sanitization: session.summary() };
}
