import { describe, expect, it } from 'vitest';
import { parseDuration, parseTime } from './durations.js';
import { querySessions, urlMatcher, type SessionQuery } from './query-sessions.js';
import type { SessionSummary } from './session-summary.js';

const HOUR = 3_600_000;
const T0 = Date.parse('2024-05-01T10:00:00Z');

function session(sessionId: string, fields: Partial<SessionSummary>): SessionSummary {
  return {
    sessionId,
    seqs: [0],
    firstReceivedAt: T0,
    lastReceivedAt: T0,
    startedAt: T0,
    endedAt: T0 + 60_000,
    urls: ['https://shop.example.com/'],
    tags: [],
    pageErrors: 0,
    consoleErrors: 0,
    failedRequests: 0,
    events: 10,
    exchanges: 1,
    bytes: 100,
    dropped: { events: 0, exchanges: 0, batches: 0 },
    ...fields,
  };
}

const SESSIONS = [
  session('checkout-1', {
    urls: ['https://shop.example.com/cart', 'https://shop.example.com/checkout/pay'],
    tags: ['beta', 'paid'],
    failedRequests: 1,
  }),
  session('browse-1', {
    startedAt: T0 - 5 * HOUR,
    endedAt: T0 - 5 * HOUR + 5_000,
    urls: ['https://shop.example.com/list?page=2'],
  }),
  session('support-1', {
    startedAt: T0 + 2 * HOUR,
    endedAt: T0 + 3 * HOUR,
    urls: ['https://help.example.com/ticket'],
    tags: ['beta'],
    consoleErrors: 2,
  }),
  session('crash-1', { startedAt: T0 + HOUR, endedAt: T0 + HOUR + 30_000, pageErrors: 1 }),
  session('empty-1', {
    startedAt: null,
    endedAt: null,
    urls: [],
    firstReceivedAt: T0 - 10 * HOUR,
    lastReceivedAt: T0 - 10 * HOUR,
  }),
];

function ids(query: SessionQuery): string[] {
  return querySessions(SESSIONS, query).map((summary) => summary.sessionId);
}

describe('querySessions', () => {
  it('lists every session newest first without filters', () => {
    expect(ids({})).toEqual(['support-1', 'crash-1', 'checkout-1', 'browse-1', 'empty-1']);
  });

  it('matches a URL substring', () => {
    expect(ids({ url: '/checkout/' })).toEqual(['checkout-1']);
  });

  it('matches a URL glob against whole URLs', () => {
    expect(ids({ url: 'https://help.example.com/*' })).toEqual(['support-1']);
    expect(ids({ url: '*list?page=?' })).toEqual(['browse-1']);
    expect(ids({ url: 'shop.example.com/*' })).toEqual([]);
  });

  it('treats glob punctuation literally', () => {
    expect(urlMatcher('*.example.com/list?page=2')('https://shop.example.com/list?page=2')).toBe(
      true,
    );
    expect(urlMatcher('*.example.com/*')('https://shopXexample.com/')).toBe(false);
  });

  it('filters by activity in a time range', () => {
    expect(ids({ since: T0 + 90 * 60_000 })).toEqual(['support-1']);
    expect(ids({ until: T0 - HOUR })).toEqual(['browse-1', 'empty-1']);
    expect(ids({ since: T0 + 2.5 * HOUR, until: T0 + 2.6 * HOUR })).toEqual(['support-1']);
  });

  it('requires every tag', () => {
    expect(ids({ tags: ['beta'] })).toEqual(['support-1', 'checkout-1']);
    expect(ids({ tags: ['beta', 'paid'] })).toEqual(['checkout-1']);
  });

  it('filters sessions with errors', () => {
    expect(ids({ errors: true })).toEqual(['support-1', 'crash-1', 'checkout-1']);
  });

  it('filters by duration', () => {
    expect(ids({ minDurationMs: 60_000 })).toEqual(['support-1', 'checkout-1']);
    expect(ids({ maxDurationMs: 30_000 })).toEqual(['crash-1', 'browse-1', 'empty-1']);
  });

  it('combines filters', () => {
    expect(ids({ tags: ['beta'], errors: true, url: 'shop' })).toEqual(['checkout-1']);
  });
});

describe('parseDuration', () => {
  it.each([
    ['500ms', 500],
    ['30s', 30_000],
    ['5m', 300_000],
    ['2h', 7_200_000],
    ['30d', 2_592_000_000],
    ['1w', 604_800_000],
    ['1.5h', 5_400_000],
  ])('parses %s', (value, expected) => {
    expect(parseDuration('--older-than', value)).toBe(expected);
  });

  it.each(['30', 'd', '-5m', '5 minutes', ''])('rejects %j naming the flag', (value) => {
    expect(() => parseDuration('--older-than', value)).toThrow(
      /^--older-than .* is not a duration/,
    );
  });
});

describe('parseTime', () => {
  it('parses ISO dates and durations ago', () => {
    expect(parseTime('--since', '2024-05-01', T0)).toBe(Date.parse('2024-05-01T00:00:00Z'));
    expect(parseTime('--since', '2024-05-01T12:00:00Z', T0)).toBe(T0 + 2 * HOUR);
    expect(parseTime('--since', '2h', T0)).toBe(T0 - 2 * HOUR);
  });

  it('rejects other values naming the flag', () => {
    expect(() => parseTime('--until', 'yesterday', T0)).toThrow(/^--until yesterday is not a time/);
    expect(() => parseTime('--until', '1714557600000', T0)).toThrow(/is not a time/);
  });
});
