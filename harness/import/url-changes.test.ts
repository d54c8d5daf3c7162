import { describe, expect, test } from 'vitest';
import type { SourceEvent } from './types.js';
import { addUrlChanges } from './url-changes.js';

const PAGE = 'https://shop.example.test/cart';

function meta(timestamp: number, href: string): SourceEvent {
  return { type: 4, timestamp, data: { href, width: 800, height: 600 } } as SourceEvent;
}

function custom(timestamp: number, tag: string, payload: unknown): SourceEvent {
  return { type: 5, timestamp, data: { tag, payload } } as SourceEvent;
}

function urlEvents(events: SourceEvent[]): Array<[number, string]> {
  return events
    .filter((event) => event.type === 5 && (event.data as { tag: string }).tag === 'replaygate.url')
    .map((event) => [event.timestamp, (event.data as { payload: { href: string } }).payload.href]);
}

describe('addUrlChanges', () => {
  test('adds a URL event for a PostHog $url_changed', () => {
    const { events, added } = addUrlChanges([
      meta(1, PAGE),
      custom(5, '$url_changed', { href: 'https://shop.example.test/checkout' }),
    ]);

    expect(added).toBe(1);
    expect(urlEvents(events)).toEqual([[5, 'https://shop.example.test/checkout']]);
    expect(events[2]).toMatchObject({ type: 5, timestamp: 5 });
  });

  test('ignores the fragment PostHog leaves out', () => {
    const { added } = addUrlChanges([
      meta(1, `${PAGE}#/step-2`),
      custom(5, '$url_changed', { href: PAGE }),
    ]);

    expect(added).toBe(0);
  });

  test('adds a URL event for a Sentry navigation.push span', () => {
    const span = {
      op: 'navigation.push',
      description: `${PAGE}#/step-2`,
      startTimestamp: 7,
      endTimestamp: 7,
    };
    const { events } = addUrlChanges([meta(1, PAGE), custom(7, 'performanceSpan', span)]);

    expect(urlEvents(events)).toEqual([[7, `${PAGE}#/step-2`]]);
  });

  test('adds nothing for a URL already reported', () => {
    const href = `${PAGE}#/step-2`;
    const { added } = addUrlChanges([
      meta(1, PAGE),
      custom(4, 'replaygate.url', { href }),
      custom(5, '$pageview', { href }),
      custom(6, 'performanceSpan', { op: 'navigation.push', description: href }),
    ]);

    expect(added).toBe(0);
  });

  test('skips URLs that are not http', () => {
    const { added } = addUrlChanges([
      meta(1, PAGE),
      custom(5, '$url_changed', { href: 'about:blank' }),
    ]);

    expect(added).toBe(0);
  });
});
