import type { SanitizeRules } from '../sanitize/types.js';

/** A URL pattern: a RegExp, or a string in which `*` matches any run of characters. */
export type UrlPattern = string | RegExp;

/** Detector settings that apply in the page: extra patterns, allowed values, phone region. */
export type PageSanitizeRules = Pick<
  SanitizeRules,
  'patterns' | 'allow' | 'modes' | 'phoneRegion' | 'selectors' | 'jsonPaths' | 'headers'
>;

/** Options of `startRecording`. Only `endpoint` and `token` are required. */
export interface RecorderOptions {
  /** Base URL of the replaygate collector, for example `https://collect.example.com`. */
  endpoint: string;
  /** Ingest token sent as `Authorization: Bearer <token>`; it can only add batches. */
  token: string;
  /** Share of sessions recorded, from 0 to 1; 1 unless set. Decided once per tab session. */
  sampleRate?: number;
  /** Called on every page load before anything is recorded; false or a rejection records nothing. */
  consent?: () => boolean | Promise<boolean>;
  /**
   * CSS selector of fields whose values are recorded, in addition to fields inside an element
   * with the `data-replaygate-unmask` attribute. Password fields are always masked.
   */
  unmaskInputSelector?: string;
  /** rrweb `maskTextSelector`: text of matching elements is recorded as `*`. */
  maskTextSelector?: string;
  /** rrweb `maskTextClass`: text of elements with this class is recorded as `*`. */
  maskTextClass?: string | RegExp;
  /** rrweb `maskTextFn`: replaces the text of masked elements; `*` per character unless set. */
  maskTextFn?: (text: string, element: HTMLElement | null) => string;
  /** rrweb `blockSelector`: matching elements are recorded as empty boxes of the same size. */
  blockSelector?: string;
  /** rrweb `blockClass`. */
  blockClass?: string | RegExp;
  /** rrweb `ignoreSelector`: input in matching fields is not recorded. */
  ignoreSelector?: string;
  /** Detector settings for the masking that runs in the page before upload. */
  sanitize?: PageSanitizeRules;
  /** Records fetch and XMLHttpRequest exchanges; true unless set. */
  captureNetwork?: boolean;
  /** URLs whose exchanges are recorded; the page's own origin (`<origin>/*`) unless set. */
  networkAllow?: UrlPattern[];
  /** URLs whose exchanges are never recorded, even when allowed. */
  networkDeny?: UrlPattern[];
  /** Cap on each recorded request or response body in bytes; 256 KiB unless set. */
  maxBodyBytes?: number;
  /** A batch is sealed when its JSON reaches this many bytes; 256 KiB unless set. */
  batchMaxBytes?: number;
  /** A batch is sealed this many milliseconds after its first item; 5000 unless set. */
  batchIntervalMs?: number;
  /** Bound on the batches kept in `localStorage`, in bytes of JSON; 2 MiB unless set. */
  bufferMaxBytes?: number;
  /** First retry delay in milliseconds, doubled on each failure; 1000 unless set. */
  retryBaseMs?: number;
  /** Maximum retry delay in milliseconds; 60000 unless set. */
  retryMaxMs?: number;
  /** Compresses uploads with gzip (`CompressionStream`) where the browser supports it; true unless set. */
  gzip?: boolean;
  /** Labels sent with every batch, for filtering sessions in the collector. */
  tags?: string[];
  /** Receives the recorder's warnings; `console.warn` unless set. */
  onWarning?: (message: string, error?: unknown) => void;
}

/** The options with every default filled in and every value checked. */
export interface ResolvedOptions extends Required<
  Omit<
    RecorderOptions,
    | 'consent'
    | 'unmaskInputSelector'
    | 'maskTextSelector'
    | 'maskTextClass'
    | 'maskTextFn'
    | 'blockSelector'
    | 'blockClass'
    | 'ignoreSelector'
    | 'networkAllow'
  >
> {
  consent: RecorderOptions['consent'];
  rrweb: RrwebPrivacyOptions;
  unmaskInputSelector: string | undefined;
  networkAllow: UrlPattern[] | undefined;
}

/** rrweb options that the recorder passes through unchanged. */
export type RrwebPrivacyOptions = Pick<
  RecorderOptions,
  | 'maskTextSelector'
  | 'maskTextClass'
  | 'maskTextFn'
  | 'blockSelector'
  | 'blockClass'
  | 'ignoreSelector'
>;

const KIB = 1024;

/**
 * Fills in the defaults and checks every value.
 *
 * @throws TypeError naming the option, the value and the fix.
 */
export function resolveOptions(options: RecorderOptions): ResolvedOptions {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(
      'replaygate: startRecording() needs an options object with endpoint and token.',
    );
  }
  checkEndpoint(options.endpoint);
  if (typeof options.token !== 'string' || options.token.trim() === '') {
    throw new TypeError(
      'replaygate: options.token is missing. Pass the ingest token that the collector was started with.',
    );
  }
  const sampleRate = options.sampleRate ?? 1;
  if (typeof sampleRate !== 'number' || !(sampleRate >= 0 && sampleRate <= 1)) {
    throw new TypeError(
      `replaygate: options.sampleRate is ${String(sampleRate)}; use a number from 0 to 1, for example 0.1 to record one session in ten.`,
    );
  }
  return {
    endpoint: options.endpoint.replace(/\/+$/, ''),
    token: options.token,
    sampleRate,
    consent: options.consent,
    unmaskInputSelector: options.unmaskInputSelector,
    rrweb: pickRrwebOptions(options),
    sanitize: options.sanitize ?? {},
    captureNetwork: options.captureNetwork ?? true,
    networkAllow: options.networkAllow,
    networkDeny: options.networkDeny ?? [],
    maxBodyBytes: positive('maxBodyBytes', options.maxBodyBytes, 256 * KIB),
    batchMaxBytes: positive('batchMaxBytes', options.batchMaxBytes, 256 * KIB),
    batchIntervalMs: positive('batchIntervalMs', options.batchIntervalMs, 5_000),
    bufferMaxBytes: positive('bufferMaxBytes', options.bufferMaxBytes, 2 * KIB * KIB),
    retryBaseMs: positive('retryBaseMs', options.retryBaseMs, 1_000),
    retryMaxMs: positive('retryMaxMs', options.retryMaxMs, 60_000),
    gzip: options.gzip ?? true,
    tags: [...(options.tags ?? [])],
    onWarning: options.onWarning ?? defaultWarning,
  };
}

function checkEndpoint(endpoint: unknown): asserts endpoint is string {
  let protocol = '';
  try {
    protocol = new URL(String(endpoint)).protocol;
  } catch {
    // Reported below.
  }
  if (typeof endpoint !== 'string' || (protocol !== 'https:' && protocol !== 'http:')) {
    throw new TypeError(
      `replaygate: options.endpoint ${JSON.stringify(endpoint)} is not an absolute http(s) URL. Pass the collector's base URL, for example https://collect.example.com.`,
    );
  }
}

function positive(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) {
    return fallback;
  }
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new TypeError(
      `replaygate: options.${name} is ${String(value)}; use a positive number or leave it out for the default ${fallback}.`,
    );
  }
  return value;
}

function pickRrwebOptions(options: RecorderOptions): RrwebPrivacyOptions {
  const picked: RrwebPrivacyOptions = {};
  for (const name of [
    'maskTextSelector',
    'maskTextClass',
    'maskTextFn',
    'blockSelector',
    'blockClass',
    'ignoreSelector',
  ] as const) {
    if (options[name] !== undefined) {
      (picked as Record<string, unknown>)[name] = options[name];
    }
  }
  return picked;
}

function defaultWarning(message: string, error?: unknown): void {
  if (error === undefined) {
    console.warn(`[replaygate] ${message}`);
  } else {
    console.warn(`[replaygate] ${message}`, error);
  }
}
