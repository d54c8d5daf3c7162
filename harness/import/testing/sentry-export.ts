import { EventType, IncrementalSource, MouseInteractions } from '@rrweb/types';
import type { eventWithTime } from '@rrweb/types';
import type { CapturedBody, NetworkExchange } from '../../fixture/recording.js';

/**
 * Builds what Sentry's replay SDK records for a session, for tests that import it back. That
 * is the rrweb events plus an `options` event and a `ui.click` breadcrumb per click, whose
 * event time is in milliseconds with a fraction and whose payload time is in seconds. Page
 * loads get a `navigation.navigate` span and exchanges a `resource.fetch` or `resource.xhr`
 * span, with event and payload times in seconds. Returns the events in emission order.
 */
export function sentryEvents(events: eventWithTime[], network: NetworkExchange[]): eventWithTime[] {
  const emitted: Array<{ at: number; event: eventWithTime }> = [];
  const first = events[0]?.timestamp ?? 0;
  emitted.push({
    at: first,
    event: custom(first, 'options', { maskAllText: false, networkCaptureBodies: true }),
  });
  for (const event of events) {
    emitted.push({ at: event.timestamp, event });
    if (isClick(event)) {
      const payload = {
        timestamp: (event.timestamp + 0.4) / 1000,
        type: 'default',
        category: 'ui.click',
        message: 'body > section > input',
        data: { nodeId: (event.data as { id: number }).id },
      };
      emitted.push({
        at: event.timestamp,
        event: custom(event.timestamp + 0.4, 'breadcrumb', payload),
      });
    }
    if (event.type === EventType.Meta) {
      const start = event.timestamp / 1000;
      const span = {
        op: 'navigation.navigate',
        description: event.data.href,
        startTimestamp: start - 0.2,
        endTimestamp: start,
        data: { size: 1200 },
      };
      emitted.push({ at: event.timestamp, event: custom(start - 0.2, 'performanceSpan', span) });
    }
  }
  for (const exchange of network) {
    emitted.push({ at: exchange.endedAt, event: requestSpan(exchange) });
  }
  // Spans enter the stream when their request ends, behind events recorded meanwhile.
  return emitted
    .map((entry, index) => ({ ...entry, index }))
    .sort((a, b) => a.at - b.at || a.index - b.index)
    .map(({ event }) => event);
}

/** Splits events into segments of `size` events, as the SDK flushes them. */
export function toSegments(events: eventWithTime[], size: number): eventWithTime[][] {
  const segments: eventWithTime[][] = [];
  for (let start = 0; start < events.length; start += size) {
    segments.push(events.slice(start, start + size));
  }
  return segments;
}

function requestSpan(exchange: NetworkExchange): eventWithTime {
  const start = exchange.startedAt / 1000;
  const response = exchange.response;
  const span = {
    op: exchange.initiator === 'xhr' ? 'resource.xhr' : 'resource.fetch',
    description: exchange.request.url,
    startTimestamp: start,
    endTimestamp: exchange.endedAt / 1000,
    data: {
      method: exchange.request.method,
      statusCode: response?.status ?? 0,
      request: { headers: exchange.request.headers, ...sentryBody(exchange.request.body) },
      response: { headers: response?.headers ?? {}, ...sentryBody(response?.body) },
    },
  };
  return custom(start, 'performanceSpan', span);
}

/** Sentry stores a JSON body parsed and other text as it is. */
function sentryBody(body: CapturedBody | undefined): { size?: number; body?: unknown } {
  if (body === undefined || body.encoding !== 'text') {
    return {};
  }
  try {
    return { size: body.data.length, body: JSON.parse(body.data) as unknown };
  } catch {
    return { size: body.data.length, body: body.data };
  }
}

function isClick(event: eventWithTime): boolean {
  return (
    event.type === EventType.IncrementalSnapshot &&
    event.data.source === IncrementalSource.MouseInteraction &&
    event.data.type === MouseInteractions.Click
  );
}

function custom(timestamp: number, tag: string, payload: unknown): eventWithTime {
  return { type: EventType.Custom, timestamp, data: { tag, payload } } as eventWithTime;
}
