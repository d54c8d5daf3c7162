import { HttpResponse } from 'msw';
import type { NetworkExchange } from '../../fixture/recording.js';

/**
 * Response headers never replayed. Hop-by-hop headers describe the original connection, and
 * the recorder stored the decoded body, so the original encoding and length no longer apply.
 */
const DROPPED_HEADERS = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'content-encoding',
  'content-length',
]);

/** Statuses whose responses must not have a body, per the Fetch standard. */
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

/** A recorded response turned back into a fetch Response, with the reason when it is a network error. */
export interface ReplayedResponse {
  response: Response;
  /** Set when the request gets a network error instead of the recorded response. */
  networkError?: string;
}

/**
 * Builds the response for a recorded exchange: recorded status, headers and decoded body,
 * or a network error when the recorded request failed. An `access-control-allow-origin`
 * naming the recorded origin is rewritten to the app origin, because the browser checks CORS
 * against the origin the app is served from now.
 */
export function buildRecordedResponse(
  exchange: NetworkExchange,
  origins: { recordedOrigin: string; appOrigin: string },
  method: string,
): ReplayedResponse {
  const recorded = exchange.response;
  if (exchange.error !== undefined || !recorded) {
    return {
      response: HttpResponse.error(),
      networkError: exchange.error ?? 'no response recorded',
    };
  }
  // The Response constructor rejects statuses outside 200-599, such as XHR's 0.
  if (!Number.isInteger(recorded.status) || recorded.status < 200 || recorded.status > 599) {
    return {
      response: HttpResponse.error(),
      networkError: `unreplayable status ${recorded.status}`,
    };
  }

  const headers = new Headers();
  for (const [name, value] of Object.entries(recorded.headers)) {
    const lowerName = name.toLowerCase();
    if (DROPPED_HEADERS.has(lowerName)) {
      continue;
    }
    const corsOrigin =
      lowerName === 'access-control-allow-origin' && value.trim() === origins.recordedOrigin;
    headers.append(lowerName, corsOrigin ? origins.appOrigin : value);
  }

  const hasBody = !NULL_BODY_STATUSES.has(recorded.status) && method.toUpperCase() !== 'HEAD';
  const body = hasBody ? decodeBody(recorded.body) : null;
  const response = new HttpResponse(body, {
    status: recorded.status,
    statusText: recorded.statusText,
    headers,
  });
  return { response };
}

function decodeBody(body: NetworkExchange['request']['body']): string | Uint8Array | null {
  if (!body) {
    return null;
  }
  if (body.encoding === 'text') {
    return body.data;
  }
  return new Uint8Array(Buffer.from(body.data, 'base64'));
}
