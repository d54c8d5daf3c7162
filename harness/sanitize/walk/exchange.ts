import type { NetworkExchange } from '../../fixture/recording.js';
import { sanitizeBody, type BodyParsers } from './body.js';
import { headerValue } from './content-type.js';
import {
  countReplacement,
  CREDENTIAL_HEADER_DETECTOR,
  CREDENTIAL_HEADERS,
  LOCATIONS,
  PROTOCOL_HEADERS,
  REMOVED_HEADER_VALUE,
  SECRET_HEADER,
  TYPED_VALUE_DETECTOR,
  type SanitizeContext,
} from './context.js';
import { noteBasicPassword } from './sent-credentials.js';
import { sanitizeText } from './text.js';
import { sanitizeUrl } from './url.js';

/** Headers whose values are URLs, sanitized as URLs so encoded values are found. */
const URL_HEADERS = new Set(['referer', 'location', 'content-location', 'origin']);

/**
 * Sanitizes header values in place. Credential headers get a fixed value, because a replay
 * never sends them anywhere. Headers named by `rules.headers` and custom headers named for a
 * credential are replaced whole, and every other value is sanitized as text or as a URL.
 * Header names stay.
 */
export function sanitizeHeaders(
  context: SanitizeContext,
  headers: Record<string, string>,
  location: string,
): void {
  for (const [name, value] of Object.entries(headers)) {
    const lowerName = name.toLowerCase();
    const rule = context.rules.headers.get(lowerName);
    if (PROTOCOL_HEADERS.has(lowerName) && !rule) {
      continue;
    }
    if (CREDENTIAL_HEADERS.has(lowerName)) {
      noteBasicPassword(context, value);
      if (value !== REMOVED_HEADER_VALUE) {
        headers[name] = REMOVED_HEADER_VALUE;
        countReplacement(context, CREDENTIAL_HEADER_DETECTOR, location);
      }
    } else if (rule) {
      headers[name] =
        value === '' ? value : context.text.replaceWhole(value, rule.detector, location, rule.mode);
    } else if (SECRET_HEADER.test(lowerName)) {
      // A key checked as it is typed is sent at each step: the step's replacement in the
      // Input event keeps the replayed request equal to the recorded one.
      const step = value === '' ? undefined : context.typed?.replacementOf(value, 'url');
      if (step !== undefined) {
        countReplacement(context, TYPED_VALUE_DETECTOR, location);
      }
      // A replacement stays, so a fixture sanitized again does not change.
      const keepsValue = value === '' || context.text.isReplacement?.(value, 'url-secret') === true;
      headers[name] = keepsValue
        ? value
        : (step ?? context.text.replaceWhole(value, 'url-secret', location));
    } else if (URL_HEADERS.has(lowerName)) {
      headers[name] = sanitizeUrl(context, value, location);
    } else {
      headers[name] = sanitizeText(context, value, location);
    }
  }
}

/**
 * Sanitizes one network exchange in place: the request URL (path segments and query), the
 * page URL, both header sets, both bodies, the status text and the error message. The
 * recorder's page bundle calls it too, with its own `parsers`.
 */
export function sanitizeExchange<Exchange extends Omit<NetworkExchange, 'id'>>(
  context: SanitizeContext,
  exchange: Exchange,
  parsers: BodyParsers,
): Exchange {
  const { request, response } = exchange;
  request.url = sanitizeUrl(context, request.url, LOCATIONS.networkUrl);
  exchange.pageUrl = sanitizeUrl(context, exchange.pageUrl, LOCATIONS.networkPageUrl);
  const requestType = headerValue(request.headers, 'content-type');
  sanitizeHeaders(context, request.headers, LOCATIONS.requestHeader);
  const requestBody = sanitizeBody(
    context,
    request.body,
    requestType,
    LOCATIONS.requestBody,
    parsers,
  );
  if (requestBody !== undefined) {
    request.body = requestBody;
  }
  if (response) {
    const responseType = headerValue(response.headers, 'content-type');
    sanitizeHeaders(context, response.headers, LOCATIONS.responseHeader);
    const responseBody = sanitizeBody(
      context,
      response.body,
      responseType,
      LOCATIONS.responseBody,
      parsers,
    );
    if (responseBody !== undefined) {
      response.body = responseBody;
    }
    response.statusText = sanitizeText(context, response.statusText, LOCATIONS.statusText);
  }
  if (exchange.error !== undefined) {
    exchange.error = sanitizeText(context, exchange.error, LOCATIONS.networkError);
  }
  return exchange;
}
