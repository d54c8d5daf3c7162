import { createBodyCodec } from './body-codec.js';
import { interceptFetch } from './intercept-fetch.js';
import { interceptXhr } from './intercept-xhr.js';
import type { NetworkCaptureParts } from './types.js';

export type { BodyCodec, ExchangeHooks, NetworkCaptureParts, PageExchange } from './types.js';

/**
 * The page-side functions of the network capture. The scripted recorder inlines their source
 * text into an init script, and the production recorder calls them directly.
 */
export const NETWORK_CAPTURE_PARTS: NetworkCaptureParts = {
  createBodyCodec,
  interceptFetch,
  interceptXhr,
};
