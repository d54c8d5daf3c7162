import { basename } from 'node:path';
import type { NetworkExchange } from '../../fixture/recording.js';
import type { SourceEvent } from '../types.js';
import { numberExchanges, type ExchangeDraft, type PageTimeline } from './exchange-parts.js';
import { matchHar, type HarArchive } from './har.js';
import { exchangesFromNetworkPlugin, isNetworkPluginEvent } from './plugin-requests.js';
import { exchangesFromSentrySpans, isSentryRequestSpan } from './sentry-spans.js';

/** A HAR entry replaces an exchange from the events with the same request started this close. */
const SAME_REQUEST_MS = 2_000;

/** The events left after moving the network data out, and the exchanges it became. */
export interface CollectedNetwork {
  events: SourceEvent[];
  exchanges: NetworkExchange[];
  warnings: string[];
}

/**
 * Gathers a window's network exchanges from `rrweb/network@1` plugin events, Sentry request
 * spans and a HAR file. The events that carried them leave the stream, so the recording keeps
 * each body once. A HAR entry wins over the same request from the events, because HAR files
 * store full headers and bodies.
 */
export function collectNetwork(
  events: SourceEvent[],
  pages: PageTimeline,
  har: HarArchive | undefined,
): CollectedNetwork {
  const warnings: string[] = [];
  const plugin = exchangesFromNetworkPlugin(events, pages);
  const skipped = formatCounts(plugin.skipped);
  if (skipped !== '') {
    warnings.push(`Left out network plugin entries that were not fetch or XHR: ${skipped}.`);
  }
  let own: ExchangeDraft[] = [...plugin.exchanges, ...exchangesFromSentrySpans(events, pages)];
  const remaining = events.filter(
    (event) => !isNetworkPluginEvent(event) && !isSentryRequestSpan(event),
  );

  let fromHar: ExchangeDraft[] = [];
  if (har) {
    const start = events[0]?.timestamp ?? 0;
    const end = events[events.length - 1]?.timestamp ?? start;
    const match = matchHar(har, { start, end, pages });
    fromHar = match.exchanges;
    own = withoutHarDuplicates(own, fromHar);
    const leftOut = formatCounts({
      ...har.skipped,
      "outside the session's time": match.outsideTime,
      'from other pages': match.otherPage,
    });
    warnings.push(
      `${basename(har.file)}: took ${fromHar.length} of ${har.total} HAR entries${leftOut === '' ? '' : `; left out ${leftOut}`}.`,
    );
  }
  return { events: remaining, exchanges: numberExchanges([...own, ...fromHar]), warnings };
}

function withoutHarDuplicates(own: ExchangeDraft[], fromHar: ExchangeDraft[]): ExchangeDraft[] {
  const used = new Set<ExchangeDraft>();
  return own.filter((exchange) => {
    const duplicate = fromHar.find(
      (entry) =>
        !used.has(entry) &&
        entry.request.method === exchange.request.method &&
        entry.request.url === exchange.request.url &&
        Math.abs(entry.startedAt - exchange.startedAt) <= SAME_REQUEST_MS,
    );
    if (duplicate) {
      used.add(duplicate);
    }
    return duplicate === undefined;
  });
}

function formatCounts(counts: Record<string, number>): string {
  return Object.entries(counts)
    .filter(([, count]) => count > 0)
    .map(([reason, count]) => `${count} ${reason}`)
    .join(', ');
}
