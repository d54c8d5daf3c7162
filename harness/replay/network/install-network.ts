import type { BrowserContext, WebSocketRoute } from '@playwright/test';
import { defineNetworkFixture } from '@msw/playwright';
import type { NetworkExchange } from '../../fixture/recording.js';
import type { NetworkLogEntry } from '../../result/types.js';
import { isAppCode } from './app-code.js';
import { ExchangeMatcher } from './exchange-matcher.js';
import { parseOrigin, type UrlNormalization } from './normalize-url.js';
import { compilePathGlob } from './path-glob.js';
import { createRecordedHandler } from './recorded-handler.js';
import { RequestTracker } from './request-tracker.js';

/** Inputs of {@link installNetwork}. */
export interface NetworkOptions {
  /** The recorded fetch and XHR traffic served in response to the app's requests. */
  exchanges: NetworkExchange[];
  /** Origin of the app when it was recorded; its URLs are mapped to `appOrigin`. */
  recordedOrigin: string;
  /** Origin of the app under test, the only host requests may reach. */
  appOrigin: string;
  /** Query parameter names ignored when matching, such as cache busters. */
  volatileQueryParams: string[];
  /** URL path globs on the app origin that always go to the app server, even when recorded. */
  passthrough: string[];
  /**
   * Sends requests for the app's own code and markup on the app origin to the app server,
   * even when recorded. That covers paths ending in `.js`, `.mjs`, `.jsx`, `.ts`, `.tsx`,
   * `.css`, `.html` or `.htm`, and requests whose recorded response is JavaScript, CSS or
   * HTML. Other recorded responses on the app origin, such as JSON data, still come from the
   * recording. True when missing.
   */
  passAppCode?: boolean;
}

/** Request counts by outcome. */
export interface NetworkCounts {
  recorded: number;
  app: number;
  blocked: number;
}

/** Live view of the network of one browser context during replay. */
export interface NetworkController {
  /** Every request and WebSocket of the context, in order, with its outcome. */
  readonly log: NetworkLogEntry[];
  readonly counts: Readonly<NetworkCounts>;
  /** Reasons the replayed traffic may differ from the recording, one line each. */
  readonly warnings: string[];
  /** Requests started and not yet finished or failed. */
  inFlight(): number;
  /** @throws Error naming the pending URLs when requests are still in flight after `timeoutMs`. */
  waitForIdle(timeoutMs: number): Promise<void>;
  /**
   * Stops serving recorded responses and stops logging. Requests to other hosts stay
   * blocked until the context closes.
   */
  dispose(): Promise<void>;
}

/** Playwright error messages of a route whose request was cancelled, for example by navigation. */
const SETTLED_ROUTE_ERROR = /already handled|has been closed|Target closed/i;

/**
 * Serves the app's requests in `context` from the recorded exchanges through MSW, passes
 * unrecorded requests for the app origin, and recorded ones for the app's code and markup, to
 * the app server, and aborts everything else. Call it before the first navigation.
 *
 * Routing order: Playwright runs the most recently registered route first. The blocking
 * policy is registered before MSW's route, so it only receives the requests MSW falls back
 * on. The WebSocket policy is registered after MSW's, because only the newest matching
 * WebSocket route runs, and MSW's would connect every socket to its server.
 */
export async function installNetwork(
  context: BrowserContext,
  options: NetworkOptions,
): Promise<NetworkController> {
  const recordedOrigin = parseOrigin(options.recordedOrigin, 'Recorded origin');
  const appOrigin = parseOrigin(options.appOrigin, 'App origin');
  const normalization: UrlNormalization = {
    recordedOrigin,
    appOrigin,
    volatileQueryParams: new Set(options.volatileQueryParams),
  };
  const passthrough = options.passthrough.map(compilePathGlob);
  const matcher = new ExchangeMatcher(options.exchanges, normalization);
  const tracker = new RequestTracker(context);
  const log: NetworkLogEntry[] = [];
  const counts: NetworkCounts = { recorded: 0, app: 0, blocked: 0 };
  const warnings: string[] = [];
  let disposed = false;

  const record = (entry: NetworkLogEntry): void => {
    if (disposed) {
      return;
    }
    log.push(entry);
    counts[entry.outcome] += 1;
    if (entry.warning) {
      warnings.push(`${entry.method} ${entry.url}: ${entry.warning}`);
    }
  };
  const isAppUrl = (url: URL): boolean => url.origin === appOrigin;
  const passAppCode = options.passAppCode ?? true;
  const isPassthrough = (url: URL, recorded: readonly NetworkExchange[]): boolean =>
    isAppUrl(url) &&
    (passthrough.some((glob) => glob.test(url.pathname)) ||
      (passAppCode && isAppCode(url.pathname, recorded)));

  await context.route('**/*', async (route, request) => {
    const url = request.url();
    const allowed = isAppUrl(new URL(url));
    record({ method: request.method(), url, outcome: allowed ? 'app' : 'blocked' });
    await ignoreSettledRoute(allowed ? route.fallback() : route.abort('blockedbyclient'));
  });

  const recordedHandler = createRecordedHandler({
    matcher,
    recordedOrigin,
    appOrigin,
    isPassthrough,
    isActive: () => !disposed,
    record,
  });

  const fixture = defineNetworkFixture({
    context,
    handlers: [recordedHandler],
    // Unmatched requests fall back to the blocking policy above. 'error' would reject the
    // app's own documents, and skipping asset requests would skip recorded *.json URLs.
    onUnhandledRequest: 'bypass',
    skipAssetRequests: false,
  });
  await fixture.enable();

  await context.routeWebSocket(/.*/, async (route: WebSocketRoute) => {
    const url = route.url();
    if (isAppUrl(new URL(webSocketHttpUrl(url)))) {
      record({ method: 'WEBSOCKET', url, outcome: 'app' });
      route.connectToServer();
      return;
    }
    record({ method: 'WEBSOCKET', url, outcome: 'blocked' });
    // Closing before the handler returns keeps the page from ever seeing the socket open.
    await route.close({ code: 1006, reason: 'Blocked: not the app under test' });
  });

  return {
    log,
    counts,
    warnings,
    inFlight: () => tracker.inFlight(),
    waitForIdle: (timeoutMs: number) => tracker.waitForIdle(timeoutMs),
    dispose: async () => {
      if (disposed) {
        return;
      }
      disposed = true;
      tracker.dispose();
      await fixture.disable();
    },
  };
}

/** Maps ws: and wss: URLs to http: and https:, so they compare with the app origin. */
function webSocketHttpUrl(url: string): string {
  return url.replace(/^ws(s?):/i, 'http$1:');
}

async function ignoreSettledRoute(action: Promise<void>): Promise<void> {
  try {
    await action;
  } catch (error) {
    if (error instanceof Error && SETTLED_ROUTE_ERROR.test(error.message)) {
      return;
    }
    throw error;
  }
}
