import type { CompiledRules } from '../rules.js';
import type { TextSanitizer } from '../types.js';
import type { TypedValues } from './typed-values.js';

/** Value written in place of `Authorization`, `Cookie` and the other credential headers. */
export const REMOVED_HEADER_VALUE = 'removed-by-replaygate';

/** Headers whose values are credentials that a replay never needs; compared in lower case. */
export const CREDENTIAL_HEADERS: ReadonlySet<string> = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
]);

/**
 * Names of custom headers that carry a credential, a signature or a session, compared in lower
 * case: `x-auth-token`, `X-CSRFToken`, `x-api-key`, `x-auth`, `x-session-id`,
 * `x-forwarded-authorization`, and keys of API gateways (`Ocp-Apim-Subscription-Key`,
 * `x-functions-key`, `x-master-key`). Their values are opaque strings that no detector
 * recognizes, so they are replaced by name. A name matches at its start or after a hyphen, so
 * `x-request-id`, `x-session-count`, `sec-websocket-key` and `idempotency-key` stay.
 * `credentials` matches only as `x-credentials`, because `access-control-allow-credentials`
 * is a CORS flag.
 */
export const SECRET_HEADER =
  /(?:^|-)(?:(?:csrf|xsrf)?token|secret(?:-?key)?|password|api-?key|access-?key|auth(?:-?key)?|authorization|session(?:-?id)?|csrf|xsrf|sid|signature)$|(?:^|-)(?:subscription|functions|master|license|app|client|private)-key$|^x-credentials$/;

/**
 * HTTP protocol headers whose values are sizes, dates, cache validators and media types set by
 * the server, never user data. They are left alone and not audited, because digit runs in them
 * (an ETag of 18 digits, a Content-Length) pass the payment-card and phone checks by chance.
 */
export const PROTOCOL_HEADERS: ReadonlySet<string> = new Set([
  'accept-ranges',
  'age',
  'cache-control',
  'content-encoding',
  'content-length',
  'content-type',
  'date',
  'etag',
  'expires',
  'if-modified-since',
  'if-none-match',
  'last-modified',
  'vary',
]);

/** Detector name under which removed credential headers are counted. */
export const CREDENTIAL_HEADER_DETECTOR = 'credential-header';

/** Detector name under which echoes of replaced typed values are counted. */
export const TYPED_VALUE_DETECTOR = 'typed-value';

/** Location names of the values in a recording, as counted in the sanitization summary. */
export const LOCATIONS = {
  domText: 'dom.text',
  domComment: 'dom.comment',
  domAttribute: 'dom.attribute',
  domUrl: 'dom.url',
  domCss: 'dom.css',
  input: 'input',
  pageUrl: 'event.url',
  custom: 'event.custom',
  plugin: 'event.plugin',
  canvas: 'event.canvas',
  metaUrl: 'meta.url',
  networkUrl: 'network.url',
  networkPageUrl: 'network.page-url',
  requestHeader: 'network.request.header',
  responseHeader: 'network.response.header',
  requestBody: 'network.request.body',
  responseBody: 'network.response.body',
  statusText: 'network.status-text',
  networkError: 'network.error',
} as const;

/** Everything the walkers of one session share: the text sanitizer, the rules and extra counts. */
export interface SanitizeContext {
  /** One instance per session, so a value gets the same pseudonym wherever it appears. */
  readonly text: TextSanitizer;
  readonly rules: CompiledRules;
  /** Replacements made without the text sanitizer, keyed by `detector/location`. */
  readonly counts: Record<string, number>;
  /** Typed values replaced so far, to replace their echoes; absent in the recorder's page. */
  readonly typed?: TypedValues;
  /**
   * Typed values that the recording's requests send as credentials, longest first, to
   * replace wherever they appear (see `replaceSentCredentials`); absent in the recorder's page.
   * The exchange walker adds the passwords of `Basic` headers as it meets them.
   */
  readonly sentCredentials?: string[];
  /** The `Basic` passwords added to `sentCredentials`, to bound their number. */
  readonly basicPasswords?: Set<string>;
}

/** Adds one replacement to the context's own counts. */
export function countReplacement(
  context: SanitizeContext,
  detector: string,
  location: string,
): void {
  const key = `${detector}/${location}`;
  context.counts[key] = (context.counts[key] ?? 0) + 1;
}
