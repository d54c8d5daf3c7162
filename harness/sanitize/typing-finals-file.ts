import { EventType, type eventWithTime, type inputData } from '@rrweb/types';
import type { NetworkExchange } from '../fixture/recording.js';
import { mightBeInputEvent, peekEventType } from './stream/event-peek.js';
import type { SplitPart } from './stream/json-splitter.js';
import { parsePart, readSplitPartBatches } from './stream/read-parts.js';
import { sentCredentials } from './walk/sent-credentials.js';
import { isInputEvent, observeEdit } from './sanitize-recording.js';
import { TypingFinalsCollector, type TypingFinals } from './walk/typing-chains.js';

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
 * default only custom events and events that might be Input events are parsed (see
 * {@link mightBeInputEvent}), and full snapshots are recognized from their first bytes. So this pass costs little more
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
  let search: SentCredentialSearch | undefined;
  // Credentials of requests written before the events, when the typed values are not known yet.
  let early: Set<string> | undefined;
  for await (const parts of readSplitPartBatches(file)) {
    for (const part of parts) {
      if (part.kind === 'element' && part.key === 'events' && finals === undefined) {
        observeEvent(file, part, collector, options.parseEvery === true);
      } else if (part.kind === 'array-end' && part.key === 'events' && finals === undefined) {
        finals = collector.finish();
        const candidates = collector.credentialCandidates();
        if (candidates.size === 0) {
          // Nothing after the events matters then. The second pass reads the whole file and
          // rejects a second `events` key.
          return finals;
        }
        search = new SentCredentialSearch(candidates);
        early?.forEach((value) => search!.note(value));
        early = undefined;
      } else if (part.kind === 'element' && part.key === 'network') {
        if (search !== undefined) {
          if (search.mayContain(part.raw)) {
            sentCredentials(parsePart(file, part) as NetworkExchange).forEach((value) =>
              search!.note(value),
            );
          }
        } else if (finals === undefined) {
          // Recordings put `network` after the events, so this costs time only for files
          // written in another order: every request there is parsed.
          early ??= new Set();
          for (const value of sentCredentials(parsePart(file, part) as NetworkExchange)) {
            if (early.size < MAX_EARLY_CREDENTIALS) {
              early.add(value);
            }
          }
        }
      }
    }
  }
  if (finals === undefined) {
    finals = collector.finish();
    search = new SentCredentialSearch(collector.credentialCandidates());
    early?.forEach((value) => search!.note(value));
  }
  return search === undefined ? finals : { ...finals, sentCredentials: search.sent };
}

/** Maximum number of credential values kept from requests written before the events. */
const MAX_EARLY_CREDENTIALS = 10_000;
/**
 * Shortest run of letters and digits of a typed value that the byte search looks for. JSON,
 * URL and form encoding change only other characters, so the run is found in any of them.
 */
const MIN_NEEDLE_LENGTH = 4;
/**
 * Bytes of requests whose credentials no search for a value finds: a `Basic` authorization
 * header carries a password in base64, and a multipart body of files is recorded in base64.
 */
const ENCODED_CREDENTIAL_NEEDLES = ['"Basic ', '"basic ', 'multipart/'].map((needle) =>
  Buffer.from(needle),
);

/**
 * Finds which typed values the requests of a recording send as credentials. Only exchanges
 * whose raw JSON contains the longest run of letters and digits of a value, a `Basic` header
 * or a multipart body, are parsed. A value without such a run of four characters makes every exchange
 * parsed.
 */
class SentCredentialSearch {
  private readonly needles: Buffer[] = [...ENCODED_CREDENTIAL_NEEDLES];
  private readonly everyExchange: boolean = false;
  readonly sent = new Set<string>();

  constructor(private readonly candidates: ReadonlySet<string>) {
    const runs = new Set<string>();
    for (const candidate of candidates) {
      const longest = (candidate.match(/[A-Za-z0-9]+/g) ?? []).reduce(
        (best, run) => (run.length > best.length ? run : best),
        '',
      );
      if (longest.length < MIN_NEEDLE_LENGTH) {
        this.everyExchange = true;
      }
      runs.add(longest);
    }
    this.needles.push(...[...runs].map((run) => Buffer.from(run, 'latin1')));
  }

  mayContain(raw: Buffer): boolean {
    return this.everyExchange || this.needles.some((needle) => raw.includes(needle));
  }

  /** Keeps a value that a request sends as a credential when it is a typed candidate. */
  note(value: string): void {
    if (this.candidates.has(value)) {
      this.sent.add(value);
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
  // Custom events are few next to DOM events, and edit events among them start typing chains.
  if (type === undefined || type === EventType.Custom || mightBeInputEvent(part.raw)) {
    const parsed = parsePart(file, part) as eventWithTime | null;
    if (typeof parsed !== 'object' || parsed === null) {
      // Not an event: the second pass rejects the file with the index and what to do.
      return;
    }
    event = parsed;
    type = event.type;
  }
  if (type === EventType.FullSnapshot) {
    collector.observeFullSnapshot();
  } else if (event !== undefined && isInputEvent(event)) {
    collector.observeInput(event.data as inputData, part.index);
  } else if (event !== undefined) {
    observeEdit(event, part.index, collector);
  }
}
