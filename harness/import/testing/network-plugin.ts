import type { eventWithTime } from '@rrweb/types';
import type { NetworkExchange } from '../../fixture/recording.js';

/** The two shapes of `rrweb/network@1` entries: rrweb's recorder and posthog-js's copy of it. */
export type PluginVariant = 'rrweb' | 'posthog';

/** Milliseconds between a request's end and the plugin event that reports it. */
export const PLUGIN_EMIT_DELAY_MS = 7;

/**
 * Builds the network plugin events a recorder would have emitted for `exchanges`, each right
 * after its request ended. rrweb's entries give times relative to the page's time origin and
 * no origin; posthog-js's add `timeOrigin` and an epoch `timestamp`.
 */
export function networkPluginEvents(
  exchanges: NetworkExchange[],
  timeOrigin: number,
  variant: PluginVariant,
): eventWithTime[] {
  return exchanges.map((exchange) => {
    const startTime = exchange.startedAt - timeOrigin;
    const endTime = exchange.endedAt - timeOrigin;
    const common = {
      method: exchange.request.method,
      initiatorType: exchange.initiator === 'xhr' ? 'xmlhttprequest' : 'fetch',
      status: exchange.response?.status,
      startTime,
      endTime,
      requestHeaders: exchange.request.headers,
      requestBody: exchange.request.body?.data ?? null,
      responseHeaders: exchange.response?.headers ?? {},
      responseBody: exchange.response?.body?.data ?? null,
    };
    const request =
      variant === 'rrweb'
        ? { url: exchange.request.url, ...common }
        : {
            name: exchange.request.url,
            entryType: 'resource',
            timeOrigin,
            timestamp: exchange.startedAt,
            ...common,
          };
    return pluginEvent(exchange.endedAt + PLUGIN_EMIT_DELAY_MS, [request]);
  });
}

/**
 * Builds the plugin event a PerformanceObserver reports for the page's own loads: the
 * navigation, a style sheet and an image, which no replay serves.
 */
export function pageLoadPluginEvent(pageUrl: string, timestamp: number): eventWithTime {
  return pluginEvent(timestamp, [
    { url: pageUrl, initiatorType: 'navigation', startTime: 0, endTime: 40 },
    { url: new URL('style.css', pageUrl).href, initiatorType: 'link', startTime: 45, endTime: 60 },
    { url: new URL('logo.png', pageUrl).href, initiatorType: 'img', startTime: 50, endTime: 70 },
  ]);
}

function pluginEvent(timestamp: number, requests: unknown[]): eventWithTime {
  return {
    type: 6,
    timestamp,
    data: { plugin: 'rrweb/network@1', payload: { requests } },
  } as eventWithTime;
}
