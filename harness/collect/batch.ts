import type { eventWithTime } from '@rrweb/types';
import type { NetworkExchange, RecordingMeta } from '../fixture/recording.js';

/** The `format` field of every batch the production recorder uploads. */
export const BATCH_FORMAT = 'replaygate.batch';

/** The batch format version this build reads and writes. */
export const BATCH_VERSION = 1;

/**
 * Path of the upload endpoint, relative to the collector's base URL. The recorder sends
 * `POST {base}/v1/batches` with `Authorization: Bearer <token>` and a JSON body.
 */
export const BATCH_PATH = '/v1/batches';

/**
 * One upload from the production recorder. A session spans page loads: the recorder keeps
 * its session id and the next sequence number in `sessionStorage`, so a reload continues the
 * same session and the collector can drop a batch it already stored (a retried upload).
 */
export interface RecorderBatch {
  format: typeof BATCH_FORMAT;
  version: typeof BATCH_VERSION;
  /** 8 to 64 characters from `[A-Za-z0-9_-]`. */
  sessionId: string;
  /** Per-session sequence number, from 0, increasing by one for each batch the recorder creates. */
  seq: number;
  /** Epoch milliseconds when the recorder sent this attempt. */
  sentAt: number;
  /**
   * Facts about the page and browser, sent with the first batch of every page load. `name`
   * and `seed` may be absent: the collector derives both from the session id.
   */
  meta?: Omit<RecordingMeta, 'name' | 'seed'> & { name?: string; seed?: string };
  events: eventWithTime[];
  /** Exchanges finished since the previous batch; `id` is unique within the page load only. */
  network: NetworkExchange[];
  /** Items the recorder's local buffer dropped (oldest first) before this batch, by kind. */
  dropped?: { events: number; exchanges: number; batches: number };
  /** Free-form labels set by the app through the recorder API, for `sessions list --tag`. */
  tags?: string[];
}

/** Response body of a successful batch upload. */
export interface BatchReply {
  /** `stored` for a new batch, `duplicate` for a sequence number already stored. */
  status: 'stored' | 'duplicate';
  sessionId: string;
  seq: number;
}

/**
 * Path of the collector's health check: `GET {base}/healthz` returns 200 and
 * `{ "status": "ok", "inFlight": <uploads being processed> }` without a token.
 */
export const HEALTH_PATH = '/healthz';

/**
 * Tag of the custom rrweb event (type 5) the recorder adds for an uncaught error or an
 * unhandled promise rejection. The collector counts these as page errors for
 * `sessions list --errors`.
 */
export const PAGE_ERROR_TAG = 'replaygate.page-error';

/**
 * Plugin name of rrweb's console recorder. Its events with `payload.level` `error` count as
 * console errors for `sessions list --errors`.
 */
export const CONSOLE_PLUGIN_NAME = 'rrweb/console@1';

/**
 * Response body of a rejected upload. Statuses: 400 invalid batch, 401 missing or wrong token,
 * 403 origin not allowed, 404 unknown path, 405 wrong method, 413 over a size or count limit,
 * 415 unsupported Content-Type or Content-Encoding, 429 overloaded (with `Retry-After` in
 * seconds), 500 storing failed. 400 and 413 fail again on retry; 429 and 500 may succeed.
 */
export interface BatchErrorReply {
  error: string;
  /** The batch field that failed validation or a limit, such as `events[3].timestamp`. */
  field?: string;
}
