import { CUSTOM_EVENT_TAGS, type NetworkExchange } from '../fixture/recording.js';
import { CONSOLE_PLUGIN_NAME, PAGE_ERROR_TAG, type RecorderBatch } from './batch.js';

/** Maximum distinct page URLs kept per session for `sessions list --url`. */
export const MAX_SESSION_URLS = 100;

/** Maximum distinct tags kept per session. */
export const MAX_SESSION_TAGS = 64;

/** Maximum length of a stored page URL; longer URLs are cut, so a glob may miss their end. */
export const MAX_STORED_URL_LENGTH = 2048;

/** The facts `sessions list` filters on, for one session or one of its batches. */
export interface SessionSummary {
  sessionId: string;
  /** Sequence numbers of the stored batches, ascending. */
  seqs: number[];
  /** Collector clock, epoch milliseconds: when the first and the last batch were stored. */
  firstReceivedAt: number;
  lastReceivedAt: number;
  /** Recorder clock, epoch milliseconds: the earliest and latest event or exchange time. */
  startedAt: number | null;
  endedAt: number | null;
  /** Distinct page URLs in first-seen order: meta URLs, rrweb Meta hrefs and URL events. */
  urls: string[];
  tags: string[];
  /** `replaygate.page-error` custom events. */
  pageErrors: number;
  /** rrweb console plugin events at level `error`. */
  consoleErrors: number;
  /** Exchanges that failed without a response, or with status 0 or 500 and above. */
  failedRequests: number;
  events: number;
  exchanges: number;
  /** Bytes of the stored batch files. */
  bytes: number;
  /** Items the recorder dropped before uploading, summed over the batches. */
  dropped: { events: number; exchanges: number; batches: number };
}

/** Summarizes one batch as a one-batch session. */
export function summarizeBatch(
  batch: RecorderBatch,
  stored: { receivedAt: number; bytes: number },
): SessionSummary {
  const times = eventAndExchangeTimes(batch);
  return {
    sessionId: batch.sessionId,
    seqs: [batch.seq],
    firstReceivedAt: stored.receivedAt,
    lastReceivedAt: stored.receivedAt,
    startedAt: times.length > 0 ? Math.min(...times) : null,
    endedAt: times.length > 0 ? Math.max(...times) : null,
    urls: pageUrls(batch),
    tags: [...new Set(batch.tags ?? [])].slice(0, MAX_SESSION_TAGS),
    ...countErrors(batch),
    events: batch.events.length,
    exchanges: batch.network.length,
    bytes: stored.bytes,
    dropped: batch.dropped ?? { events: 0, exchanges: 0, batches: 0 },
  };
}

function eventAndExchangeTimes(batch: RecorderBatch): number[] {
  const times: number[] = [];
  if (batch.meta !== undefined) {
    times.push(batch.meta.startedAt);
  }
  for (const event of batch.events) {
    times.push(event.timestamp);
  }
  for (const exchange of batch.network) {
    times.push(exchange.startedAt, exchange.endedAt);
  }
  // Reduced pairwise below, because spreading 10 000 values into Math.min can exceed the
  // argument limit of some engines.
  return times.length === 0 ? [] : [times.reduce(min), times.reduce(max)];
}

const min = (a: number, b: number) => (b < a ? b : a);
const max = (a: number, b: number) => (b > a ? b : a);

function pageUrls(batch: RecorderBatch): string[] {
  const urls = new Set<string>();
  const add = (value: unknown) => {
    if (typeof value === 'string' && value !== '' && urls.size < MAX_SESSION_URLS) {
      urls.add(value.slice(0, MAX_STORED_URL_LENGTH));
    }
  };
  add(batch.meta?.url);
  for (const event of batch.events) {
    const data = event.data as { href?: unknown; tag?: unknown; payload?: { href?: unknown } };
    // rrweb event types: 4 is Meta (the page URL at each full snapshot), 5 is Custom.
    if (event.type === 4) {
      add(data.href);
    } else if (event.type === 5 && data.tag === CUSTOM_EVENT_TAGS.url) {
      add(data.payload?.href);
    }
  }
  return [...urls];
}

function countErrors(
  batch: RecorderBatch,
): Pick<SessionSummary, 'pageErrors' | 'consoleErrors' | 'failedRequests'> {
  let pageErrors = 0;
  let consoleErrors = 0;
  for (const event of batch.events) {
    const data = event.data as { tag?: unknown; plugin?: unknown; payload?: { level?: unknown } };
    // rrweb event types: 5 is Custom, 6 is Plugin.
    if (event.type === 5 && data.tag === PAGE_ERROR_TAG) {
      pageErrors += 1;
    } else if (
      event.type === 6 &&
      data.plugin === CONSOLE_PLUGIN_NAME &&
      data.payload?.level === 'error'
    ) {
      consoleErrors += 1;
    }
  }
  const failedRequests = batch.network.filter(isFailedExchange).length;
  return { pageErrors, consoleErrors, failedRequests };
}

/** Tells whether an exchange failed: a network error, or status 0 or a 5xx status. */
export function isFailedExchange(exchange: NetworkExchange): boolean {
  const status = exchange.response?.status;
  return exchange.error !== undefined || status === undefined || status === 0 || status >= 500;
}

/**
 * Merges the summary of one batch (from {@link summarizeBatch}) into a session summary. A
 * batch whose `seq` is already in `into` is skipped, so merging it twice changes nothing.
 */
export function mergeSummary(into: SessionSummary, addition: SessionSummary): SessionSummary {
  const known = new Set(into.seqs);
  if (addition.seqs.some((seq) => known.has(seq))) {
    return into;
  }
  return {
    sessionId: into.sessionId,
    seqs: [...new Set([...into.seqs, ...addition.seqs])].sort((a, b) => a - b),
    firstReceivedAt: Math.min(into.firstReceivedAt, addition.firstReceivedAt),
    lastReceivedAt: Math.max(into.lastReceivedAt, addition.lastReceivedAt),
    startedAt: pick(into.startedAt, addition.startedAt, min),
    endedAt: pick(into.endedAt, addition.endedAt, max),
    urls: [...new Set([...into.urls, ...addition.urls])].slice(0, MAX_SESSION_URLS),
    tags: [...new Set([...into.tags, ...addition.tags])].slice(0, MAX_SESSION_TAGS),
    pageErrors: into.pageErrors + addition.pageErrors,
    consoleErrors: into.consoleErrors + addition.consoleErrors,
    failedRequests: into.failedRequests + addition.failedRequests,
    events: into.events + addition.events,
    exchanges: into.exchanges + addition.exchanges,
    bytes: into.bytes + addition.bytes,
    dropped: {
      events: into.dropped.events + addition.dropped.events,
      exchanges: into.dropped.exchanges + addition.dropped.exchanges,
      batches: into.dropped.batches + addition.dropped.batches,
    },
  };
}

function pick(
  a: number | null,
  b: number | null,
  choose: (x: number, y: number) => number,
): number | null {
  if (a === null) {
    return b;
  }
  return b === null ? a : choose(a, b);
}

/** Returns a session's duration in milliseconds on the recorder clock, or null without events. */
export function sessionDuration(summary: SessionSummary): number | null {
  if (summary.startedAt === null || summary.endedAt === null) {
    return null;
  }
  return summary.endedAt - summary.startedAt;
}

/** Returns the number of errors of all kinds in a session. */
export function errorCount(summary: SessionSummary): number {
  return summary.pageErrors + summary.consoleErrors + summary.failedRequests;
}
