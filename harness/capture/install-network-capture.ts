import type { ExchangeHooks, NetworkCaptureParts } from '../recorder/network/types.js';
import type { PageChannel } from './page-channel.js';

export type { PageExchange } from '../recorder/network/types.js';

/** Options of the page-side fetch and XMLHttpRequest capture. */
export interface NetworkCaptureOptions {
  channelName: string;
  /** Bodies larger than this many bytes are cut and marked `truncated`. */
  maxBodyBytes: number;
}

/**
 * Wraps `fetch` and `XMLHttpRequest` so every exchange reaches Node through the page channel,
 * with its bodies. The wrappers themselves are shared with the production recorder and arrive
 * in `parts`.
 *
 * It runs as a Playwright init script in every frame, so it must be self-contained: the
 * caller inlines the source text of this function and of `parts` into the script.
 */
export function installNetworkCapture(
  options: NetworkCaptureOptions,
  parts: NetworkCaptureParts,
): void {
  const installed = (window as unknown as Record<string, unknown>)[options.channelName];
  if (!installed) {
    return;
  }
  const channel = installed as PageChannel;
  const hooks: ExchangeHooks = {
    // blob: and data: URLs never reach the network, and the replay's page reads them itself.
    // The recorder's own worker bootstrap reads the app's blob: workers with an XHR too.
    shouldCapture: (url) => /^https?:/i.test(url),
    begin: () => channel.beginExchange(),
    end(exchange) {
      if (exchange) {
        channel.send('exchanges', exchange);
      }
      channel.endExchange();
    },
  };
  const codec = parts.createBodyCodec(options.maxBodyBytes);
  parts.interceptFetch(hooks, codec);
  parts.interceptXhr(hooks, codec);
}
