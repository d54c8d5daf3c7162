import type { CapturedBody, NetworkExchange } from '../../fixture/recording.js';
import { compareCodeUnits, normalizeUrl, type UrlNormalization } from './normalize-url.js';

/** The recorded exchange chosen for a live request, and how well it matched. */
export interface ExchangeMatch {
  exchange: NetworkExchange;
  /** True when every exchange recorded for this request was already served once. */
  repeated: boolean;
  /** True when the request body matched none of the recorded bodies for this URL. */
  bodyMismatch: boolean;
}

/** Recorded exchanges sharing a method and normalized URL, served in recorded order. */
interface ExchangeGroup {
  /** Sorted by exchange id, which is capture order. */
  exchanges: NetworkExchange[];
  served: Set<NetworkExchange>;
  /** Exchanges by canonical request body, each list in capture order. */
  byBody: Map<string, NetworkExchange[]>;
}

/**
 * Finds the recorded exchange that serves a live request. Requests match on method and
 * normalized URL. When the recorded requests to one URL carry different bodies, the body
 * selects among them. Each exchange is served once, in recorded order, and the last one
 * repeats when the app sends more requests than were recorded.
 */
export class ExchangeMatcher {
  readonly #groups = new Map<string, ExchangeGroup>();
  readonly #normalization: UrlNormalization;

  constructor(exchanges: readonly NetworkExchange[], normalization: UrlNormalization) {
    this.#normalization = normalization;
    const sorted = [...exchanges].sort((a, b) => a.id - b.id);
    for (const exchange of sorted) {
      const key = this.#keyOf(exchange.request.method, exchange.request.url);
      if (key === undefined) {
        continue;
      }
      let group = this.#groups.get(key);
      if (!group) {
        group = { exchanges: [], served: new Set(), byBody: new Map() };
        this.#groups.set(key, group);
      }
      group.exchanges.push(exchange);
      const bodyKey = recordedBodyKey(exchange);
      const sameBody = group.byBody.get(bodyKey) ?? [];
      sameBody.push(exchange);
      group.byBody.set(bodyKey, sameBody);
    }
  }

  /** True when some recorded exchange has this method and normalized URL. */
  has(method: string, url: string): boolean {
    const key = this.#keyOf(method, url);
    return key !== undefined && this.#groups.has(key);
  }

  /** Returns the recorded exchanges with this method and normalized URL, in capture order. */
  recorded(method: string, url: string): readonly NetworkExchange[] {
    const key = this.#keyOf(method, url);
    return (key === undefined ? undefined : this.#groups.get(key)?.exchanges) ?? [];
  }

  /** Picks and consumes the exchange for a request, or returns undefined when none was recorded. */
  take(method: string, url: string, body: Uint8Array | null): ExchangeMatch | undefined {
    const key = this.#keyOf(method, url);
    const group = key === undefined ? undefined : this.#groups.get(key);
    if (!group) {
      return undefined;
    }

    let candidates = group.exchanges;
    let bodyMismatch = false;
    if (group.byBody.size > 1) {
      const sameBody = liveBodyKeys(body)
        .map((bodyKey) => group.byBody.get(bodyKey))
        .find((list) => list !== undefined);
      bodyMismatch = sameBody === undefined;
      candidates = sameBody ?? group.exchanges;
    }

    const next = candidates.find((exchange) => !group.served.has(exchange));
    // The constructor never creates an empty group or body list.
    const exchange = next ?? (candidates[candidates.length - 1] as NetworkExchange);
    group.served.add(exchange);
    return { exchange, repeated: next === undefined, bodyMismatch };
  }

  #keyOf(method: string, url: string): string | undefined {
    const normalized = normalizeUrl(url, this.#normalization);
    return normalized === undefined ? undefined : `${method.toUpperCase()} ${normalized}`;
  }
}

function recordedBodyKey(exchange: NetworkExchange): string {
  const body: CapturedBody | undefined = exchange.request.body;
  if (!body || body.data === '') {
    return '';
  }
  if (body.truncated) {
    // A cut body cannot equal any live body, so it only matches by recorded order.
    return `truncated:${exchange.id}`;
  }
  return body.encoding === 'text' ? `text:${canonicalText(body.data)}` : `base64:${body.data}`;
}

/** Keys a live body can match: as text (JSON canonicalized) and as base64 bytes. */
function liveBodyKeys(body: Uint8Array | null): string[] {
  if (!body || body.byteLength === 0) {
    return [''];
  }
  const base64 = Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('base64');
  const text = new TextDecoder('utf-8', { fatal: false }).decode(body);
  return [`text:${canonicalText(text)}`, `base64:${base64}`];
}

/** JSON bodies compare by value with sorted keys, so key order in the app does not matter. */
function canonicalText(text: string): string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return text;
  }
  return JSON.stringify(value, (_key, inner: unknown) => {
    if (inner === null || typeof inner !== 'object' || Array.isArray(inner)) {
      return inner;
    }
    const entries = Object.entries(inner as Record<string, unknown>);
    entries.sort(([a], [b]) => compareCodeUnits(a, b));
    return Object.fromEntries(entries);
  });
}
