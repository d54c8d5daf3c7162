import { EventType } from '@rrweb/types';
import { STATUS_CODES } from 'node:http';
import type { CapturedBody, NetworkExchange } from '../../fixture/recording.js';
import { CUSTOM_EVENT_TAGS } from '../../fixture/recording.js';
import { isRecord } from '../check-events.js';
import type { SourceEvent } from '../types.js';

/** A network exchange before it gets its position in capture order. */
export type ExchangeDraft = Omit<NetworkExchange, 'id'>;

/**
 * The body of a response the source saw but did not store. Marked truncated, so the replay
 * warns that it serves an empty body where the app received content.
 */
export const UNAVAILABLE_BODY: CapturedBody = { encoding: 'text', data: '', truncated: true };

/** Statuses whose responses have no body, per the Fetch standard. */
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

/** Tells whether a response of this status to this method can have a body. */
export function canHaveBody(status: number, method: string): boolean {
  return !NULL_BODY_STATUSES.has(status) && method.toUpperCase() !== 'HEAD';
}

/** Returns the standard reason phrase of an HTTP status, or an empty string. */
export function statusTextOf(status: number): string {
  return STATUS_CODES[status] ?? '';
}

/**
 * Turns headers stored as an object or as a HAR list of `{ name, value }` into an object with
 * lower-case names. Repeated headers are joined with `, `, and HTTP/2 pseudo-headers such as
 * `:authority` are dropped, because fetch never exposes them.
 */
export function headersFrom(value: unknown): Record<string, string> {
  const headers: Record<string, string> = {};
  const add = (name: unknown, headerValue: unknown) => {
    if (typeof name !== 'string' || name === '' || name.startsWith(':')) {
      return;
    }
    if (typeof headerValue !== 'string' && typeof headerValue !== 'number') {
      return;
    }
    const key = name.toLowerCase();
    headers[key] =
      headers[key] === undefined ? String(headerValue) : `${headers[key]}, ${headerValue}`;
  };
  if (Array.isArray(value)) {
    for (const entry of value) {
      if (isRecord(entry)) {
        add(entry.name, entry.value);
      }
    }
  } else if (isRecord(value)) {
    for (const [name, headerValue] of Object.entries(value)) {
      add(name, headerValue);
    }
  }
  return headers;
}

/** Returns a text body, or undefined for an empty one. */
export function textBody(data: string): CapturedBody | undefined {
  return data === '' ? undefined : { encoding: 'text', data };
}

/** Tells whether a URL is one the replay can serve: http or https. */
export function isHttpUrl(url: string): boolean {
  return /^https?:\/\//i.test(url) && URL.canParse(url);
}

/**
 * The pages a window showed over time: each Meta event starts a page, and a
 * `replaygate.url` event changes the URL of the current one.
 */
export class PageTimeline {
  readonly #changes: Array<{ time: number; href: string }> = [];
  readonly #loads: number[] = [];

  constructor(
    events: readonly SourceEvent[],
    readonly fallbackUrl: string,
  ) {
    for (const event of events) {
      const href = hrefOf(event);
      if (href !== undefined) {
        this.#changes.push({ time: event.timestamp, href });
      }
      if (event.type === EventType.Meta) {
        this.#loads.push(event.timestamp);
      }
    }
  }

  /** Every distinct URL the window showed, in order. */
  get urls(): string[] {
    return [...new Set(this.#changes.map((change) => change.href))];
  }

  /** Returns the URL shown at `time`, or the first URL for times before it. */
  urlAt(time: number): string {
    let href = this.#changes[0]?.href ?? this.fallbackUrl;
    for (const change of this.#changes) {
      if (change.time > time) {
        break;
      }
      href = change.href;
    }
    return href;
  }

  /** Returns the position of the page load shown at `time`, counting Meta events from 0. */
  loadIndexAt(time: number): number {
    let index = 0;
    this.#loads.forEach((loadTime, position) => {
      if (loadTime <= time) {
        index = position;
      }
    });
    return index;
  }

  /** Returns the time of a page load's Meta event. */
  loadTime(index: number): number | undefined {
    return this.#loads[index];
  }
}

function hrefOf(event: SourceEvent): string | undefined {
  if (event.type === EventType.Meta && typeof event.data.href === 'string') {
    return event.data.href;
  }
  if (event.type === EventType.Custom && event.data.tag === CUSTOM_EVENT_TAGS.url) {
    const payload = event.data.payload;
    return isRecord(payload) && typeof payload.href === 'string' ? payload.href : undefined;
  }
  return undefined;
}

/**
 * Orders exchanges by start time and numbers them, because the replay serves repeated requests
 * to one URL in id order.
 */
export function numberExchanges(drafts: ExchangeDraft[]): NetworkExchange[] {
  return drafts
    .map((draft, index) => ({ draft, index }))
    .sort((a, b) => a.draft.startedAt - b.draft.startedAt || a.index - b.index)
    .map(({ draft }, id) => ({ id, ...draft }));
}
