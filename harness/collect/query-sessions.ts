import { errorCount, sessionDuration, type SessionSummary } from './session-summary.js';

/** Filters of `sessions list`; a session must match every one that is set. */
export interface SessionQuery {
  /** A substring of a page URL, or a glob with `*` (any characters) and `?` (one character). */
  url?: string;
  /** Epoch milliseconds: the session has activity at or after this time. */
  since?: number;
  /** Epoch milliseconds: the session has activity at or before this time. */
  until?: number;
  /** Tags the session must all have. */
  tags?: string[];
  /** Only sessions with a page error, a console error or a failed request. */
  errors?: boolean;
  minDurationMs?: number;
  maxDurationMs?: number;
}

/**
 * Returns the sessions that match a query, newest first. Time filters use the recorder's
 * clock (event and exchange times), or the collector's receive times for a session without
 * any.
 */
export function querySessions(
  summaries: readonly SessionSummary[],
  query: SessionQuery,
): SessionSummary[] {
  const matchesUrl = query.url === undefined ? undefined : urlMatcher(query.url);
  return summaries
    .filter((summary) => matchesUrl === undefined || summary.urls.some(matchesUrl))
    .filter((summary) => matchesTime(summary, query))
    .filter((summary) => (query.tags ?? []).every((tag) => summary.tags.includes(tag)))
    .filter((summary) => !query.errors || errorCount(summary) > 0)
    .filter((summary) => matchesDuration(summary, query))
    .sort(
      (a, b) =>
        activeRange(b).start - activeRange(a).start || a.sessionId.localeCompare(b.sessionId),
    );
}

/**
 * Returns a URL test for a pattern: a glob when it contains `*` or `?`, matched against the
 * whole URL, else a case-sensitive substring.
 */
export function urlMatcher(pattern: string): (url: string) => boolean {
  if (!/[*?]/.test(pattern)) {
    return (url) => url.includes(pattern);
  }
  const source = [...pattern]
    .map((character) => {
      if (character === '*') {
        return '.*';
      }
      return character === '?' ? '.' : character.replace(/[.+^${}()|[\]\\/]/g, '\\$&');
    })
    .join('');
  const glob = new RegExp(`^${source}$`, 's');
  return (url) => glob.test(url);
}

/** Returns the time range a session was active in, in epoch milliseconds. */
export function activeRange(summary: SessionSummary): { start: number; end: number } {
  if (summary.startedAt !== null && summary.endedAt !== null) {
    return { start: summary.startedAt, end: summary.endedAt };
  }
  return { start: summary.firstReceivedAt, end: summary.lastReceivedAt };
}

function matchesTime(summary: SessionSummary, query: SessionQuery): boolean {
  const range = activeRange(summary);
  return (
    (query.since === undefined || range.end >= query.since) &&
    (query.until === undefined || range.start <= query.until)
  );
}

function matchesDuration(summary: SessionSummary, query: SessionQuery): boolean {
  if (query.minDurationMs === undefined && query.maxDurationMs === undefined) {
    return true;
  }
  const duration = sessionDuration(summary) ?? 0;
  return (
    (query.minDurationMs === undefined || duration >= query.minDurationMs) &&
    (query.maxDurationMs === undefined || duration <= query.maxDurationMs)
  );
}
