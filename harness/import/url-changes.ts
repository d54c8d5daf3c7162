import { EventType } from '@rrweb/types';
import { CUSTOM_EVENT_TAGS } from '../fixture/recording.js';
import { isRecord } from './check-events.js';
import { isHttpUrl } from './network/exchange-parts.js';
import type { SourceEvent } from './types.js';

/**
 * Adds a `replaygate.url` event after each event in which another recorder reported a URL
 * change within the page, so the compiler and the replay know the URL between page loads:
 * posthog-js's `$url_changed` and `$pageview` custom events and Sentry's `navigation.push`
 * spans. A report of the URL already shown adds nothing. Newer posthog-js releases leave the
 * fragment out of `$url_changed`, so a report without one ignores the fragment of the URL
 * shown, while older reports, which keep it, compare whole.
 *
 * @returns the events with the added ones, and how many were added.
 */
export function addUrlChanges(events: SourceEvent[]): { events: SourceEvent[]; added: number } {
  const result: SourceEvent[] = [];
  let current: string | undefined;
  let added = 0;
  for (const event of events) {
    result.push(event);
    if (event.type === EventType.Meta && typeof event.data.href === 'string') {
      current = event.data.href;
      continue;
    }
    const href = reportedUrl(event);
    if (href === undefined || !isHttpUrl(href)) {
      continue;
    }
    const tag = (event.data as { tag?: unknown }).tag;
    if (tag !== CUSTOM_EVENT_TAGS.url) {
      const ignoresFragment = tag === '$url_changed' && !href.includes('#');
      const unchanged = ignoresFragment
        ? current !== undefined && withoutFragment(current) === href
        : current === href;
      if (unchanged) {
        continue;
      }
      result.push({
        type: EventType.Custom,
        timestamp: event.timestamp,
        data: { tag: CUSTOM_EVENT_TAGS.url, payload: { href } },
      } as SourceEvent);
      added += 1;
    }
    current = href;
  }
  return { events: result, added };
}

/** Returns the URL a custom event reports as the page's new URL. */
function reportedUrl(event: SourceEvent): string | undefined {
  if (event.type !== EventType.Custom || !isRecord(event.data.payload)) {
    return undefined;
  }
  const { tag, payload } = event.data;
  if (tag === CUSTOM_EVENT_TAGS.url || tag === '$url_changed' || tag === '$pageview') {
    return typeof payload.href === 'string' ? payload.href : undefined;
  }
  if (tag === 'performanceSpan' && payload.op === 'navigation.push') {
    return typeof payload.description === 'string' ? payload.description : undefined;
  }
  return undefined;
}

function withoutFragment(url: string): string {
  const index = url.indexOf('#');
  return index < 0 ? url : url.slice(0, index);
}
