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

/** Span operations of Sentry's replay SDK for fetch and XHR requests. */
const REQUEST_OPS: Record<string, 'fetch' | 'xhr'> = {
  'resource.fetch': 'fetch',
  'resource.xhr': 'xhr',
};

/** Warnings in Sentry's `_meta` that mean the stored body is cut or missing. */
const INCOMPLETE_BODY_WARNINGS = new Set([
  'TEXT_TRUNCATED',
  'MAYBE_JSON_TRUNCATED',
  'JSON_TRUNCATED',
  'URL_SKIPPED',
  'BODY_PARSE_ERROR',
  'BODY_PARSE_TIMEOUT',
  'UNPARSEABLE_BODY_TYPE',
]);

/** Tells whether an event is a Sentry performance span for a fetch or XHR request. */
export function isSentryRequestSpan(event: SourceEvent): boolean {
  if (event.type !== EventType.Custom || event.data.tag !== 'performanceSpan') {
    return false;
  }
  const payload = event.data.payload;
  return isRecord(payload) && typeof payload.op === 'string' && payload.op in REQUEST_OPS;
}

/**
 * Turns Sentry's `resource.fetch` and `resource.xhr` performance spans into exchanges. Span
 * times must already be in milliseconds. Sentry stores JSON bodies parsed, so they are
 * serialized again, and a body it left out or cut is marked truncated.
 */
export function exchangesFromSentrySpans(
  events: readonly SourceEvent[],
  pages: PageTimeline,
): ExchangeDraft[] {
  const exchanges: ExchangeDraft[] = [];
  for (const event of events) {
    if (!isSentryRequestSpan(event)) {
      continue;
    }
    const span = (event.data as { payload: Record<string, unknown> }).payload;
    const url = span.description;
    if (typeof url !== 'string' || !isHttpUrl(url)) {
      continue;
    }
    const data = isRecord(span.data) ? span.data : {};
    const method = typeof data.method === 'string' ? data.method.toUpperCase() : 'GET';
    const startedAt =
      typeof span.startTimestamp === 'number' ? span.startTimestamp : event.timestamp;
    const endedAt = typeof span.endTimestamp === 'number' ? span.endTimestamp : startedAt;
    const request = isRecord(data.request) ? data.request : {};
    const requestBody = bodyOf(request, false);
    const status = typeof data.statusCode === 'number' ? data.statusCode : 0;
    const draft: ExchangeDraft = {
      initiator: REQUEST_OPS[span.op as string] as 'fetch' | 'xhr',
      request: {
        method,
        url,
        headers: headersFrom(request.headers),
        ...(requestBody === undefined ? {} : { body: requestBody }),
      },
      startedAt,
      endedAt,
      pageUrl: pages.urlAt(startedAt),
    };
    if (status === 0) {
      exchanges.push({
        ...draft,
        error: 'the request failed before a response (no status recorded)',
      });
      continue;
    }
    const response = isRecord(data.response) ? data.response : {};
    const responseBody = canHaveBody(status, method) ? bodyOf(response, true) : undefined;
    exchanges.push({
      ...draft,
      response: {
        status,
        statusText: statusTextOf(status),
        headers: headersFrom(response.headers),
        ...(responseBody === undefined ? {} : { body: responseBody }),
      },
    });
  }
  return exchanges;
}

/**
 * Converts the body of Sentry's request or response record. A response whose body Sentry did
 * not store although it had one (`size` above 0) gets the unavailable marker.
 */
function bodyOf(part: Record<string, unknown>, isResponse: boolean): CapturedBody | undefined {
  const warnings =
    isRecord(part._meta) && Array.isArray(part._meta.warnings) ? part._meta.warnings : [];
  const incomplete = warnings.some((warning) => INCOMPLETE_BODY_WARNINGS.has(String(warning)));
  const body = part.body;
  if (body === undefined || body === null) {
    const hadBody = typeof part.size === 'number' && part.size > 0;
    return isResponse && (hadBody || incomplete) ? UNAVAILABLE_BODY : undefined;
  }
  const captured = textBody(typeof body === 'string' ? body : JSON.stringify(body));
  if (captured && incomplete) {
    return { ...captured, truncated: true };
  }
  return captured;
}
