/**
 * Page side of the recorder's transport. It runs as a Playwright init script, so it must be
 * self-contained: Playwright sends the function's source text to the page, not its closure.
 */

/** Names and limits shared by the page scripts and the Node side. */
export interface ChannelOptions {
  /** Name of the `exposeBinding` function that receives batches in Node. */
  bindingName: string;
  /** Name of the non-enumerable `window` property that contains the channel. */
  channelName: string;
  /** A batch is sent at once when it reaches this many items, to keep binding calls small. */
  maxBatchItems: number;
  /** URL of the recorder's server that receives the beacons sent while the document unloads. */
  beaconUrl: string;
}

/** One delivery from a page document to Node. */
export interface CaptureBatch {
  /** Random id of the document that sent the batch; every navigation gets a new one. */
  documentId: string;
  /** Position of the batch among the batches of its document, starting at 0. */
  sequence: number;
  events: unknown[];
  exchanges: unknown[];
}

/** State returned by `flush()`, so Node can wait until every batch has arrived. */
export interface ChannelState {
  documentId: string;
  sentBatches: number;
  /** Exchanges started but not finished, whose bodies are still being read. */
  pendingExchanges: number;
}

/** The object the channel installs on `window[channelName]`. */
export interface PageChannel {
  send(kind: 'events' | 'exchanges', item: unknown): void;
  flush(): ChannelState;
  beginExchange(): void;
  endExchange(): void;
}

/**
 * Installs the page channel. Items are queued and sent through the binding in a microtask,
 * because a test clock may freeze timers. From `pagehide` on, every batch is sent at once as
 * a beacon to the recorder's server instead, because Playwright drops binding calls from a
 * document that is unloading while a beacon outlives the document.
 */
export function installChannel(options: ChannelOptions): void {
  if (!/^https?:$/.test(location.protocol)) {
    return;
  }
  const scope = window as unknown as Record<string, unknown>;
  const random = Math.random;
  const documentId = `${Date.now().toString(36)}-${random().toString(36).slice(2, 10)}`;
  let queue: { events: unknown[]; exchanges: unknown[] } = { events: [], exchanges: [] };
  let queued = 0;
  let sequence = 0;
  let scheduled = false;
  let pendingExchanges = 0;
  let unloading = false;
  const sendBeacon =
    typeof navigator.sendBeacon === 'function' ? navigator.sendBeacon.bind(navigator) : undefined;

  function deliver(): void {
    scheduled = false;
    const binding = scope[options.bindingName];
    if (queued === 0 || typeof binding !== 'function') {
      return;
    }
    const batch = { documentId, sequence, events: queue.events, exchanges: queue.exchanges };
    sequence += 1;
    queue = { events: [], exchanges: [] };
    queued = 0;
    // NOTE: Chromium refuses beacons over its 64 KiB keep-alive quota, so such a batch falls
    // back to the binding and is lost if the document is already gone. A string body is sent
    // as text/plain, which needs no CORS preflight.
    if (unloading && sendBeacon && sendBeacon(options.beaconUrl, JSON.stringify(batch))) {
      return;
    }
    // The binding's promise rejects when the page is gone, which needs no handling here.
    Promise.resolve(binding(batch)).catch(() => undefined);
  }

  function send(kind: 'events' | 'exchanges', item: unknown): void {
    queue[kind].push(item);
    queued += 1;
    if (unloading || queued >= options.maxBatchItems) {
      deliver();
    } else if (!scheduled) {
      scheduled = true;
      queueMicrotask(deliver);
    }
  }

  const channel = {
    send,
    flush: () => {
      deliver();
      return { documentId, sentBatches: sequence, pendingExchanges };
    },
    beginExchange: () => {
      pendingExchanges += 1;
    },
    endExchange: () => {
      pendingExchanges -= 1;
    },
  };
  Object.defineProperty(window, options.channelName, { value: Object.freeze(channel) });
  window.addEventListener(
    'pagehide',
    () => {
      unloading = true;
      deliver();
    },
    true,
  );
  // A document restored from the back-forward cache is live again.
  window.addEventListener('pageshow', () => {
    unloading = false;
  });
}
