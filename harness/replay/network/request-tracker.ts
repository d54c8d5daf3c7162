import type { BrowserContext, Page, Request } from '@playwright/test';

/**
 * Counts the requests of a browser context that started and have not finished or failed,
 * and lets a caller wait until none are left.
 */
export class RequestTracker {
  readonly #context: BrowserContext;
  readonly #pending = new Set<Request>();
  #idleWaiters: Array<() => void> = [];

  readonly #onRequest = (request: Request): void => {
    this.#pending.add(request);
  };
  readonly #onDone = (request: Request): void => {
    this.#settle(request);
  };
  readonly #onPage = (page: Page): void => {
    // A closed page never reports its pending requests as finished.
    page.once('close', () => {
      for (const request of [...this.#pending]) {
        if (pageOf(request) === page) {
          this.#settle(request);
        }
      }
    });
  };

  constructor(context: BrowserContext) {
    this.#context = context;
    context.on('request', this.#onRequest);
    context.on('requestfinished', this.#onDone);
    context.on('requestfailed', this.#onDone);
    context.on('page', this.#onPage);
    for (const page of context.pages()) {
      this.#onPage(page);
    }
  }

  inFlight(): number {
    return this.#pending.size;
  }

  /** URLs of the requests still in flight, for error messages. */
  pendingUrls(): string[] {
    return [...this.#pending].map((request) => request.url());
  }

  /**
   * Resolves once no request is in flight.
   *
   * @throws Error naming the pending URLs when some are still in flight after `timeoutMs`.
   */
  async waitForIdle(timeoutMs: number): Promise<void> {
    if (this.#pending.size === 0) {
      return;
    }
    let timer: NodeJS.Timeout | undefined;
    let waiter: (() => void) | undefined;
    const idle = new Promise<void>((resolve) => {
      waiter = resolve;
      this.#idleWaiters.push(resolve);
    });
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => {
        const urls = this.pendingUrls();
        const listedUrls = urls.slice(0, 5).join(', ');
        const more = urls.length > 5 ? ` and ${urls.length - 5} more` : '';
        reject(
          new Error(
            `Network not idle after ${timeoutMs} ms: ${urls.length} request(s) in flight: ${listedUrls}${more}`,
          ),
        );
      }, timeoutMs);
    });
    try {
      await Promise.race([idle, timeout]);
    } finally {
      clearTimeout(timer);
      this.#idleWaiters = this.#idleWaiters.filter((resolve) => resolve !== waiter);
    }
  }

  dispose(): void {
    this.#context.off('request', this.#onRequest);
    this.#context.off('requestfinished', this.#onDone);
    this.#context.off('requestfailed', this.#onDone);
    this.#context.off('page', this.#onPage);
    this.#pending.clear();
    this.#releaseWaiters();
  }

  #settle(request: Request): void {
    this.#pending.delete(request);
    if (this.#pending.size === 0) {
      this.#releaseWaiters();
    }
  }

  #releaseWaiters(): void {
    const waiters = this.#idleWaiters;
    this.#idleWaiters = [];
    for (const resolve of waiters) {
      resolve();
    }
  }
}

function pageOf(request: Request): Page | null {
  try {
    return request.frame().page();
  } catch {
    // Service worker requests have no frame.
    return null;
  }
}
