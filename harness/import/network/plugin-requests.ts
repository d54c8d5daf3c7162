import { EventType } from '@rrweb/types';
import type { CapturedBody } from '../../fixture/recording.js';
import { isRecord } from '../check-events.js';
import type { SourceEvent } from '../types.js';
import {
  UNAVAILABLE_BODY,
  canHaveBody,
  headersFrom,
  isHttpUrl,
  statusTextOf,
  textBody,
  type ExchangeDraft,
  type PageTimeline,
} from './exchange-parts.js';

/** Plugin name of rrweb's network recorder, which posthog-js also uses for its own copy. */
export const NETWORK_PLUGIN_NAME = 'rrweb/network@1';

/**
 * Bodies that posthog-js writes in place of one it could not or would not read, so the
 * recorded text is not the body the app received.
 */
const PLACEHOLDER_BODIES = [
  /^\[SessionReplay\] /,
  / is in deny list$/,
  /^Chunked Transfer-Encoding is not supported$/,
  /^Content-Type .* is not supported$/,
];

/** Exchanges found in network plugin events, and the entries left out by initiator type. */
export interface PluginNetwork {
  exchanges: ExchangeDraft[];
  /** Counts of entries left out, keyed by initiator type such as `img` or `navigation`. */
  skipped: Record<string, number>;
}

/** Tells whether an event is a network plugin event. */
export function isNetworkPluginEvent(event: SourceEvent): boolean {
  return event.type === EventType.Plugin && event.data.plugin === NETWORK_PLUGIN_NAME;
}

/**
 * Turns the fetch and XHR entries of `rrweb/network@1` plugin events into exchanges, in both
 * shapes: rrweb's (`url`, times relative to the page's time origin) and posthog-js's (`name`,
 * with `timeOrigin` and an epoch `timestamp`). rrweb's entries do not store the time origin,
 * so it is estimated per page load from when the plugin events were emitted.
 */
export function exchangesFromNetworkPlugin(
  events: readonly SourceEvent[],
  pages: PageTimeline,
): PluginNetwork {
  const pluginEvents = events.filter(isNetworkPluginEvent);
  const origins = estimateTimeOrigins(pluginEvents, pages);
  const result: PluginNetwork = { exchanges: [], skipped: {} };
  for (const event of pluginEvents) {
    const origin = origins.get(pages.loadIndexAt(event.timestamp)) ?? event.timestamp;
    for (const request of requestsOf(event)) {
      const initiator = initiatorOf(request);
      const url = typeof request.url === 'string' ? request.url : request.name;
      if (initiator === undefined || typeof url !== 'string' || !isHttpUrl(url)) {
        const kind =
          initiator === undefined
            ? String(request.initiatorType ?? request.entryType)
            : 'non-http URL';
        result.skipped[kind] = (result.skipped[kind] ?? 0) + 1;
        continue;
      }
      const { startedAt, endedAt } = timesOf(request, origin, event.timestamp);
      result.exchanges.push({
        initiator,
        ...exchangeContent(request, url),
        startedAt,
        endedAt,
        pageUrl: pages.urlAt(startedAt),
      });
    }
  }
  return result;
}

function requestsOf(event: SourceEvent): Array<Record<string, unknown>> {
  const payload = (event.data as { payload?: unknown }).payload;
  const requests = isRecord(payload) && Array.isArray(payload.requests) ? payload.requests : [];
  return requests.filter(isRecord);
}

function initiatorOf(request: Record<string, unknown>): 'fetch' | 'xhr' | undefined {
  if (request.entryType === 'serverTiming') {
    return undefined;
  }
  if (request.initiatorType === 'fetch') {
    return 'fetch';
  }
  return request.initiatorType === 'xmlhttprequest' ? 'xhr' : undefined;
}

function exchangeContent(
  request: Record<string, unknown>,
  url: string,
): Pick<ExchangeDraft, 'request' | 'response' | 'error'> {
  const method = typeof request.method === 'string' ? request.method.toUpperCase() : 'GET';
  const requestBody = bodyOf(request.requestBody, false);
  const status = numberOf(request.status) ?? numberOf(request.responseStatus);
  const content = {
    request: {
      method,
      url,
      headers: headersFrom(request.requestHeaders),
      ...(requestBody === undefined ? {} : { body: requestBody }),
    },
  };
  if (status === undefined || status === 0) {
    return { ...content, error: 'the request failed before a response (no status recorded)' };
  }
  const body =
    request.responseBody === undefined
      ? canHaveBody(status, method)
        ? UNAVAILABLE_BODY
        : undefined
      : bodyOf(request.responseBody, true);
  return {
    ...content,
    response: {
      status,
      statusText: statusTextOf(status),
      headers: headersFrom(request.responseHeaders),
      ...(body === undefined ? {} : { body }),
    },
  };
}

/**
 * Converts a recorded body. rrweb stores the app's body object as it was, which JSON turns into
 * `{}` for a Blob or stream, so an empty object means the body is unknown.
 */
function bodyOf(value: unknown, isResponse: boolean): CapturedBody | undefined {
  if (typeof value === 'string') {
    if (isResponse && PLACEHOLDER_BODIES.some((pattern) => pattern.test(value))) {
      return UNAVAILABLE_BODY;
    }
    return textBody(value);
  }
  if (value === null || value === undefined) {
    return undefined;
  }
  if (isRecord(value) && Object.keys(value).length === 0) {
    return isResponse ? UNAVAILABLE_BODY : undefined;
  }
  return textBody(JSON.stringify(value));
}

function timesOf(
  request: Record<string, unknown>,
  origin: number,
  emittedAt: number,
): { startedAt: number; endedAt: number } {
  const start = numberOf(request.startTime);
  const end = numberOf(request.endTime) ?? start;
  const timeOrigin = numberOf(request.timeOrigin);
  const timestamp = numberOf(request.timestamp);
  if (start === undefined || end === undefined) {
    const at = timestamp ?? emittedAt;
    return { startedAt: Math.round(at), endedAt: Math.round(at) };
  }
  if (timeOrigin !== undefined) {
    return { startedAt: Math.round(timeOrigin + start), endedAt: Math.round(timeOrigin + end) };
  }
  if (timestamp !== undefined) {
    return { startedAt: Math.round(timestamp), endedAt: Math.round(timestamp + end - start) };
  }
  return { startedAt: Math.round(origin + start), endedAt: Math.round(origin + end) };
}

/**
 * Estimates each page load's time origin. A plugin event is emitted after its requests ended,
 * so its timestamp minus their latest end time is an upper bound of the origin, and so is the
 * page's Meta event. The smallest bound is the closest estimate.
 */
function estimateTimeOrigins(
  pluginEvents: SourceEvent[],
  pages: PageTimeline,
): Map<number, number> {
  const origins = new Map<number, number>();
  const lower = (index: number, bound: number) => {
    origins.set(index, Math.min(origins.get(index) ?? bound, bound));
  };
  for (const event of pluginEvents) {
    const ends = requestsOf(event)
      .filter((request) => numberOf(request.timeOrigin) === undefined)
      .map((request) => numberOf(request.endTime) ?? numberOf(request.startTime))
      .filter((end): end is number => end !== undefined);
    if (ends.length > 0) {
      const index = pages.loadIndexAt(event.timestamp);
      lower(index, event.timestamp - Math.max(...ends));
      const loadTime = pages.loadTime(index);
      if (loadTime !== undefined) {
        lower(index, loadTime);
      }
    }
  }
  return origins;
}

function numberOf(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}
