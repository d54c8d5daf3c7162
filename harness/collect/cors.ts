import type { IncomingMessage, ServerResponse } from 'node:http';

/** Headers a browser may send with an upload; anything else fails the preflight. */
const ALLOWED_REQUEST_HEADERS = 'authorization, content-type, content-encoding';

/** Seconds a browser may cache a preflight result. */
const PREFLIGHT_MAX_AGE_SECONDS = 600;

/** Result of checking a request's `Origin` header against the allowed origins. */
export type OriginCheck = 'none' | 'allowed' | 'rejected';

/**
 * Normalizes an origin (`scheme://host[:port]`) the way browsers send it: lower-case scheme
 * and host, no default port, no path. Returns undefined for a value that is not an http(s) origin.
 */
export function normalizeOrigin(value: string): string | undefined {
  if (!URL.canParse(value)) {
    return undefined;
  }
  const url = new URL(value);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return undefined;
  }
  const hasOnlyOrigin = (url.pathname === '/' || url.pathname === '') && !url.search && !url.hash;
  return hasOnlyOrigin && !url.username && !url.password ? url.origin : undefined;
}

/**
 * Checks the request's `Origin` and, for an allowed one, sets the CORS response headers.
 * Requests without `Origin` (servers, scripts) are not cross-origin browser requests and
 * pass; the token still guards them.
 */
export function applyCors(
  request: IncomingMessage,
  response: ServerResponse,
  allowedOrigins: ReadonlySet<string>,
): OriginCheck {
  const origin = request.headers.origin;
  response.setHeader('Vary', 'Origin');
  if (origin === undefined) {
    return 'none';
  }
  if (!allowedOrigins.has(origin)) {
    return 'rejected';
  }
  response.setHeader('Access-Control-Allow-Origin', origin);
  // The recorder reads Retry-After to back off after a 429.
  response.setHeader('Access-Control-Expose-Headers', 'Retry-After');
  return 'allowed';
}

/** Responds to a CORS preflight from an allowed origin with 204 and the allowed methods and headers. */
export function answerPreflight(response: ServerResponse): void {
  response.statusCode = 204;
  response.setHeader('Access-Control-Allow-Methods', 'POST');
  response.setHeader('Access-Control-Allow-Headers', ALLOWED_REQUEST_HEADERS);
  response.setHeader('Access-Control-Max-Age', String(PREFLIGHT_MAX_AGE_SECONDS));
  response.end();
}
