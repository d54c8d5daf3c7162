import { UsageError } from '../../shared/errors.js';

/** Settings that bring recorded and live URLs to one comparable form. */
export interface UrlNormalization {
  /** Origin the session was recorded on, for example `http://localhost:3000`. */
  recordedOrigin: string;
  /** Origin of the app under test, for example `http://127.0.0.1:41234`. */
  appOrigin: string;
  /** Query parameter names dropped before comparing, such as cache busters. */
  volatileQueryParams: ReadonlySet<string>;
}

/**
 * Returns the canonical origin of `value` (scheme, host and port), or throws a UsageError
 * naming `label` when `value` is not an absolute http(s) URL.
 */
export function parseOrigin(value: string, label: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(
      `${label} "${value}" is not an absolute URL. Pass an origin such as http://127.0.0.1:3000.`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`${label} "${value}" must be an http or https URL.`);
  }
  return url.origin;
}

/**
 * Normalizes `url` for matching: the recorded origin becomes the app origin, the fragment
 * and volatile query parameters are dropped, and the remaining parameters are sorted by name.
 * Parameters with the same name keep their order, because it can carry meaning (`?id=2&id=1`).
 * Returns undefined for a URL that cannot be parsed.
 */
export function normalizeUrl(url: string, normalization: UrlNormalization): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }

  const origin =
    parsed.origin === normalization.recordedOrigin ? normalization.appOrigin : parsed.origin;
  const entries = [...parsed.searchParams.entries()].filter(
    ([name]) => !normalization.volatileQueryParams.has(name),
  );
  // Array.prototype.sort is stable, so values of a repeated name stay in request order.
  entries.sort(([a], [b]) => compareCodeUnits(a, b));
  const query = new URLSearchParams(entries).toString();

  // `origin` is "null" for schemes like data: and blob:, which MSW never receives.
  const base =
    origin === 'null' ? `${parsed.protocol}${parsed.pathname}` : `${origin}${parsed.pathname}`;
  return query ? `${base}?${query}` : base;
}

/** Orders strings by UTF-16 code units, independent of the locale. */
export function compareCodeUnits(a: string, b: string): number {
  if (a === b) {
    return 0;
  }
  return a < b ? -1 : 1;
}
