import { BATCH_PATH } from '../collect/batch.js';
import { parseRetryAfter, retryDelay } from './backoff.js';
import { withSentAt } from './batch-json.js';
import { utf8Length, type LocalBuffer } from './local-buffer.js';
import { gzip, readErrorMessage } from './upload-body.js';

/** Settings of an {@link Uploader}. */
export interface UploaderOptions {
  /** Collector base URL without a trailing slash. */
  endpoint: string;
  token: string;
  gzip: boolean;
  retryBaseMs: number;
  retryMaxMs: number;
  buffer: LocalBuffer;
  /** The page's `fetch` from before the network capture wrapped it, so uploads are not recorded. */
  fetch: typeof fetch;
  warn: (message: string, error?: unknown) => void;
  random?: () => number;
}

type Outcome =
  | { kind: 'stored' }
  | { kind: 'rejected'; message: string }
  | { kind: 'unauthorized'; message: string }
  | { kind: 'retry'; delayMs?: number; message: string };

/**
 * Chromium rejects keep-alive requests once their bodies in flight exceed 64 KiB in total;
 * a little is left for the headers.
 */
const KEEPALIVE_BUDGET_BYTES = 60 * 1024;
/** An upload without a response after this many milliseconds is aborted and retried. */
const REQUEST_TIMEOUT_MS = 30_000;

/**
 * Uploads buffered batches one at a time, oldest first, and removes each once the collector
 * responds with 2xx (`stored` or `duplicate`). Failures are retried with exponential backoff and
 * jitter, and a `429` waits for the delay in its `Retry-After` header. `400` and `413` drop the
 * batch, because sending it again cannot succeed. `401` and `403` stop the uploads of this
 * page load and keep the buffer. While the browser is offline, uploads wait for `online`.
 */
export class Uploader {
  private readonly url: string;
  private running = false;
  private stopped = false;
  private attempt = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private waiters: Array<(empty: boolean) => void> = [];

  constructor(private readonly options: UploaderOptions) {
    this.url = `${options.endpoint}${BATCH_PATH}`;
    window.addEventListener('online', () => this.retryNow());
  }

  /** Starts uploading unless an upload or a retry delay is already under way. */
  kick(): void {
    if (!this.running && this.timer === undefined && !this.stopped) {
      void this.run();
    }
  }

  /** Cancels a pending retry delay and uploads at once. */
  retryNow(): void {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    this.kick();
  }

  /** Uploads until the buffer is empty; resolves false when an upload failed first. */
  drain(): Promise<boolean> {
    const done = new Promise<boolean>((resolve) => this.waiters.push(resolve));
    this.retryNow();
    if (this.stopped) {
      this.settle(false);
    }
    return done;
  }

  /**
   * Sends the oldest buffered batches with `keepalive`, up to the browser's keep-alive quota,
   * while the page unloads. They stay in the buffer, because the response may never arrive. A
   * later page load sends them again, and the collector replies `duplicate` to those it has.
   */
  sendOnUnload(): void {
    if (this.stopped) {
      return;
    }
    let budget = KEEPALIVE_BUDGET_BYTES;
    for (const batch of this.options.buffer.list()) {
      const json = this.options.buffer.read(batch.key);
      if (json === undefined) {
        continue;
      }
      const body = withSentAt(json, Date.now());
      const size = utf8Length(body);
      if (size > budget) {
        // NOTE: a batch larger than the quota waits in the buffer for the next page load.
        continue;
      }
      budget -= size;
      this.options
        .fetch(this.url, this.requestInit(body, { 'content-type': 'application/json' }, true))
        .catch(() => undefined);
    }
  }

  private async run(): Promise<void> {
    this.running = true;
    try {
      for (;;) {
        if (this.stopped) {
          this.settle(false);
          return;
        }
        if (!navigator.onLine) {
          // The `online` listener resumes the uploads.
          this.settle(false);
          return;
        }
        const next = this.options.buffer.list()[0];
        if (!next) {
          this.attempt = 0;
          this.settle(true);
          return;
        }
        const json = this.options.buffer.read(next.key);
        if (json === undefined) {
          continue;
        }
        const outcome = await this.send(json);
        if (outcome.kind === 'stored') {
          this.options.buffer.remove(next.key);
          this.attempt = 0;
        } else if (outcome.kind === 'rejected') {
          this.options.warn(
            `batch ${next.seq} of session ${next.sessionId} dropped: ${outcome.message}`,
          );
          this.options.buffer.drop(next);
        } else if (outcome.kind === 'unauthorized') {
          this.options.warn(
            `uploads stopped: ${outcome.message.replace(/\.$/, '')}. Check options.token.`,
          );
          this.stopped = true;
        } else {
          this.scheduleRetry(outcome);
          return;
        }
      }
    } finally {
      this.running = false;
    }
  }

  private scheduleRetry(outcome: { delayMs?: number; message: string }): void {
    const { retryBaseMs, retryMaxMs, random } = this.options;
    const delay = outcome.delayMs ?? retryDelay(this.attempt, retryBaseMs, retryMaxMs, random);
    this.attempt += 1;
    if (this.attempt === 1 || this.attempt % 10 === 0) {
      this.options.warn(
        `upload failed (${outcome.message}); retry ${this.attempt} in ${Math.round(delay)} ms`,
      );
    }
    this.settle(false);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.kick();
    }, delay);
  }

  private settle(empty: boolean): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) {
      resolve(empty);
    }
  }

  private async send(json: string): Promise<Outcome> {
    let response: Response;
    try {
      const body = withSentAt(json, Date.now());
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      let payload: BodyInit = body;
      if (this.options.gzip && typeof CompressionStream === 'function') {
        payload = await gzip(body);
        headers['content-encoding'] = 'gzip';
      }
      response = await this.options.fetch(this.url, this.requestInit(payload, headers, false));
    } catch (error) {
      return { kind: 'retry', message: error instanceof Error ? error.message : String(error) };
    }
    if (response.ok) {
      return { kind: 'stored' };
    }
    const message = `${response.status} ${await readErrorMessage(response)}`;
    if (response.status === 429) {
      return {
        kind: 'retry',
        delayMs: parseRetryAfter(response.headers.get('retry-after'), Date.now()),
        message,
      };
    }
    if (response.status === 401 || response.status === 403) {
      return { kind: 'unauthorized', message };
    }
    if (response.status === 408 || response.status >= 500) {
      return { kind: 'retry', message };
    }
    return { kind: 'rejected', message };
  }

  private requestInit(
    body: BodyInit,
    headers: Record<string, string>,
    keepalive: boolean,
  ): RequestInit {
    const init: RequestInit = {
      method: 'POST',
      headers: { ...headers, authorization: `Bearer ${this.options.token}` },
      body,
      keepalive,
      // The collector needs no cookies; the token is the only credential.
      credentials: 'omit',
    };
    if (!keepalive && typeof AbortSignal.timeout === 'function') {
      init.signal = AbortSignal.timeout(REQUEST_TIMEOUT_MS);
    }
    return init;
  }
}
