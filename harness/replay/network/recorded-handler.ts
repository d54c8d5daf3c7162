import { http, type HttpHandler } from 'msw';
import type { NetworkExchange } from '../../fixture/recording.js';
import type { NetworkLogEntry } from '../../result/types.js';
import type { ExchangeMatch, ExchangeMatcher } from './exchange-matcher.js';
import { buildRecordedResponse, type ReplayedResponse } from './recorded-response.js';

/** Dependencies of {@link createRecordedHandler}. */
export interface RecordedHandlerOptions {
  matcher: ExchangeMatcher;
  recordedOrigin: string;
  appOrigin: string;
  /**
   * True for app URLs that must reach the app server even when recorded. `recorded` contains
   * the exchanges recorded for the request and is never empty.
   */
  isPassthrough(url: URL, recorded: readonly NetworkExchange[]): boolean;
  /** False once the controller is disposed, so nothing more is served from the recording. */
  isActive(): boolean;
  /** Receives one log entry per request served from the recording. */
  record(entry: NetworkLogEntry): void;
}

/**
 * Creates the MSW handler that serves recorded exchanges. It matches only requests with a
 * recorded method and normalized URL, so every other request falls through MSW unhandled.
 */
export function createRecordedHandler(options: RecordedHandlerOptions): HttpHandler {
  const { matcher } = options;
  return http.all(
    ({ request }) => {
      if (!options.isActive()) {
        return false;
      }
      const recorded = matcher.recorded(request.method, request.url);
      return recorded.length > 0 && !options.isPassthrough(new URL(request.url), recorded);
    },
    async ({ request }) => {
      const body = request.body ? new Uint8Array(await request.arrayBuffer()) : null;
      const match = matcher.take(request.method, request.url, body);
      if (!match) {
        return undefined;
      }
      const replayed = buildRecordedResponse(match.exchange, options, request.method);
      const entry: NetworkLogEntry = {
        method: request.method,
        url: request.url,
        outcome: 'recorded',
        exchangeId: match.exchange.id,
      };
      if (!replayed.networkError) {
        entry.status = replayed.response.status;
      }
      const warnings = describeDeviations(match, replayed);
      if (warnings.length > 0) {
        entry.warning = warnings.join('; ');
      }
      options.record(entry);
      return replayed.response;
    },
  );
}

/** Lists the ways the served response may differ from what the app received when recorded. */
function describeDeviations(match: ExchangeMatch, replayed: ReplayedResponse): string[] {
  const { exchange } = match;
  const warnings: string[] = [];
  if (match.repeated) {
    warnings.push(`requested more often than recorded, repeated exchange ${exchange.id}`);
  }
  if (match.bodyMismatch) {
    warnings.push(
      `body matches no recorded body, served exchange ${exchange.id} in recorded order`,
    );
  }
  if (exchange.response?.body?.truncated) {
    warnings.push(`recorded body of exchange ${exchange.id} was truncated`);
  }
  if (replayed.networkError) {
    warnings.push(`responded with a network error (recorded: ${replayed.networkError})`);
  }
  return warnings;
}
