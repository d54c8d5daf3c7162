import { EventType, type eventWithTime, type inputData } from '@rrweb/types';
import type { NetworkExchange } from '../fixture/recording.js';
import { isInputEvent } from './sanitize-recording.js';
import { mightBeInputEvent, peekEventType } from './stream/event-peek.js';
import type { SplitPart } from './stream/json-splitter.js';
import { parsePart, readSplitPartBatches } from './stream/read-parts.js';
import { sentCredentials } from './walk/sent-credentials.js';
import { TypingFinalsCollector, type TypingFinals } from './walk/typing.js';

/** Options of {@link collectTypingFinalsFromFile}. */
export interface TypingFinalsOptions {
  /**
   * Parse every event instead of recognizing most from their raw bytes. The file sanitizer
   * sets it for a second try when the second pass finds a chain the first one missed.
   * @default false
   */
  parseEvery?: boolean;
}

/**
 * First pass over a recording file: collects the final value of every typing chain, and
 * which typed values the requests send as credentials (see `sentCredentials`). By
 * default only events that might be Input events are parsed (see {@link mightBeInputEvent}),
 * and full snapshots are recognized from their first bytes. So this pass costs little more
 * than decompressing and splitting the file up to the end of `events`. Only when a typed value
 * could be a key or password (see `mayBeSentCredential`) does it read on through `network`,
 * and then it parses only the exchanges whose bytes contain such a value. It checks the
 * JSON structure only as far as it reads, and the second pass checks the rest. Files written oddly
 * enough to mislead the byte checks (a repeated `type` key) are caught by the second pass,
 * which then needs a run with `parseEvery`.
 *
 * @throws FixtureError when the file cannot be read or its JSON structure is broken.
 */
export async function collectTypingFinalsFromFile(
  file: string,
  options: TypingFinalsOptions = {},
): Promise<TypingFinals> {
  const collector = new TypingFinalsCollector();
  let finals: TypingFinals | undefined;
  let credentials: SentCredentialSearch | undefined;
  for await (const parts of readSplitPartBatches(file)) {
    for (const part of parts) {
      if (part.kind !== 'element' && part.kind !== 'array-end') {
        continue;
      }
      if (part.key === 'events' && finals === undefined) {
        if (part.kind === 'element') {
          observeEvent(file, part, collector, options.parseEvery === true);
          continue;
        }
        finals = collector.finish();
        const candidates = collector.credentialCandidates();
        if (candidates.size === 0) {
          // Nothing after the events matters then, and recordings put `network` after them.
          // The second pass reads the whole file and rejects a second `events` key.
          return finals;
        }
        credentials = new SentCredentialSearch(candidates);
      } else if (part.key === 'network' && part.kind === 'element' && credentials) {
        if (credentials.mayContain(part.raw)) {
          credentials.observe(parsePart(file, part) as NetworkExchange);
        }
      }
    }
  }
  finals ??= collector.finish();
  return credentials ? { ...finals, sentCredentials: credentials.sent } : finals;
}

/**
 * Finds which typed values the requests of a recording send as credentials, parsing only the
 * exchanges whose raw JSON contains one of the values.
 */
class SentCredentialSearch {
  private readonly needles: Buffer[];
  readonly sent = new Set<string>();

  constructor(private readonly candidates: ReadonlySet<string>) {
    const forms = new Set<string>();
    for (const candidate of candidates) {
      // As JSON writes it, and percent-encoded as a URL or form body carries it.
      forms.add(JSON.stringify(candidate).slice(1, -1));
      forms.add(JSON.stringify(encodeURIComponent(candidate)).slice(1, -1));
    }
    this.needles = [...forms].map((form) => Buffer.from(form, 'utf8'));
  }

  mayContain(raw: Buffer): boolean {
    return this.needles.some((needle) => raw.includes(needle));
  }

  observe(exchange: NetworkExchange): void {
    for (const value of sentCredentials(exchange)) {
      if (this.candidates.has(value)) {
        this.sent.add(value);
      }
    }
  }
}

function observeEvent(
  file: string,
  part: Extract<SplitPart, { kind: 'element' }>,
  collector: TypingFinalsCollector,
  parseEvery: boolean,
): void {
  let type = parseEvery ? undefined : peekEventType(part.raw);
  let event: eventWithTime | undefined;
  if (type === undefined || mightBeInputEvent(part.raw)) {
    event = parsePart(file, part) as eventWithTime;
    type = event.type;
  }
  if (type === EventType.FullSnapshot) {
    collector.observeFullSnapshot();
  } else if (event !== undefined && isInputEvent(event)) {
    collector.observeInput(event.data as inputData, part.index);
  }
}
