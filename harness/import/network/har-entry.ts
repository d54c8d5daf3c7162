import type { CapturedBody } from '../../fixture/recording.js';
import { isRecord } from '../check-events.js';
import {
  UNAVAILABLE_BODY,
  canHaveBody,
  headersFrom,
  statusTextOf,
  textBody,
  type ExchangeDraft,
} from './exchange-parts.js';

/** Content types the app server serves itself, by the resource type they stand for. */
const SERVED_BY_APP: Array<[RegExp, string]> = [
  [/^text\/html\b|^application\/xhtml\+xml\b/, 'document'],
  [/^text\/css\b/, 'stylesheet'],
  [/^image\//, 'image'],
  [/^font\/|^application\/(x-)?font-|^application\/vnd\.ms-fontobject\b/, 'font'],
  [/^(text|application)\/(x-)?(javascript|ecmascript)\b/, 'script'],
  [/^(audio|video)\//, 'media'],
];

/** Returns a HAR response's content type, from `content.mimeType` or the header. */
export function mimeTypeOf(response: Record<string, unknown>): string {
  const content = isRecord(response.content) ? response.content : {};
  if (typeof content.mimeType === 'string' && content.mimeType !== '') {
    return content.mimeType.toLowerCase();
  }
  return (headersFrom(response.headers)['content-type'] ?? '').toLowerCase();
}

/**
 * Classifies an entry without `_resourceType` by its content type: the resource type of a
 * document, style sheet, image, font, script or media load, and `fetch` for everything else,
 * because the HAR does not say whether fetch or XHR sent it.
 */
export function initiatorFromMimeType(mimeType: string): string {
  for (const [pattern, resourceType] of SERVED_BY_APP) {
    if (pattern.test(mimeType)) {
      return resourceType;
    }
  }
  return 'fetch';
}

/**
 * Converts a HAR response into the recorded response, or into the error of a request that got
 * none: status 0, with Chromium's `_error` message when it saved one.
 */
export function harOutcomeOf(
  response: Record<string, unknown>,
  method: string,
): Pick<ExchangeDraft, 'response' | 'error'> {
  const status = typeof response.status === 'number' ? response.status : 0;
  if (status === 0) {
    const error = typeof response._error === 'string' ? response._error : undefined;
    return { error: error ?? 'the request failed before a response' };
  }
  const body = harBodyOf(response.content, status, method);
  const statusText =
    typeof response.statusText === 'string' && response.statusText !== ''
      ? response.statusText
      : statusTextOf(status);
  return {
    response: {
      status,
      statusText,
      headers: headersFrom(response.headers),
      ...(body ? { body } : {}),
    },
  };
}

/**
 * Converts a HAR response `content`. Text stays text and `encoding: "base64"` stays base64.
 * A response the HAR saved without its text although it had one gets the unavailable marker.
 */
export function harBodyOf(
  content: unknown,
  status: number,
  method: string,
): CapturedBody | undefined {
  if (!isRecord(content) || !canHaveBody(status, method)) {
    return undefined;
  }
  if (typeof content.text === 'string') {
    if (content.encoding === 'base64') {
      return content.text === '' ? undefined : { encoding: 'base64', data: content.text };
    }
    return textBody(content.text);
  }
  return typeof content.size === 'number' && content.size > 0 ? UNAVAILABLE_BODY : undefined;
}

/** Converts a HAR `postData`: its text, or its form parameters URL-encoded. */
export function harRequestBodyOf(postData: unknown): CapturedBody | undefined {
  if (!isRecord(postData)) {
    return undefined;
  }
  if (typeof postData.text === 'string') {
    return textBody(postData.text);
  }
  if (!Array.isArray(postData.params)) {
    return undefined;
  }
  const form = new URLSearchParams();
  for (const param of postData.params) {
    if (isRecord(param) && typeof param.name === 'string') {
      form.append(param.name, typeof param.value === 'string' ? param.value : '');
    }
  }
  return textBody(form.toString());
}
