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
 * because a test clock may freeze timers.
 *
 * The last batches of a document can get lost. Playwright drops a binding call that it
 * handles after the calling document is gone, and a busy Node process handles it late.
 * Chromium may also drop a beacon that route interception holds when the page loads its next
 * document, as a back button press does from the cache. So once a cross-document navigation
 * starts, or from `pagehide` on, each batch also goes out as a beacon. The batches sent since
 * shortly before go to session storage once the app has let the navigation go on. The next
 * document of the same origin sends them again before the app's scripts run, and removes
 * them. Node keeps the first copy of each batch.
 */
export function installChannel(options: ChannelOptions): void {
  if (!/^https?:$/.test(location.protocol)) {
    return;
  }
  // Batches sent this long before the navigation starts are kept for the next document too:
  // the binding calls of a click on a link may still be on their way.
  const RECENT_MS = 1_000;
  const MAX_RECENT_BATCHES = 20;
  // A full snapshot sent just before the navigation must not fill the origin's storage.
  const MAX_TAIL_CHARS = 512 * 1024;
  const scope = window as unknown as Record<string, unknown>;
  const random = Math.random;
  const now = performance.now.bind(performance);
  const documentId = `${Date.now().toString(36)}-${random().toString(36).slice(2, 10)}`;
  const tailKey = `${options.channelName}.tail`;
  let queue: { events: unknown[]; exchanges: unknown[] } = { events: [], exchanges: [] };
  let queued = 0;
  let sequence = 0;
  let scheduled = false;
  let pendingExchanges = 0;
  let recent: { at: number; batch: CaptureBatch }[] = [];
  // The batches kept for the next document, from the start of a navigation on; else null.
  let tail: CaptureBatch[] | null = null;
  let tailChars = 0;
  // Whether the tail is in session storage yet: only once the document is sure to leave.
  let tailStored = false;
  const sendBeacon =
    typeof navigator.sendBeacon === 'function' ? navigator.sendBeacon.bind(navigator) : undefined;

  // The app may replace `Storage.prototype` methods later, and sandboxed frames deny access.
  let storage: Storage | undefined;
  try {
    storage = window.sessionStorage;
  } catch {
    storage = undefined;
  }
  const { getItem, setItem, removeItem } = Storage.prototype;
  function store(value: string | null): void {
    try {
      if (storage && value === null) {
        removeItem.call(storage, tailKey);
      } else if (storage && value !== null) {
        setItem.call(storage, tailKey, value);
      }
    } catch {
      // A full storage keeps the tail from the next document; the other paths still run.
    }
  }

  function callBinding(batch: CaptureBatch): void {
    const binding = scope[options.bindingName];
    if (typeof binding === 'function') {
      // The binding's promise rejects when the page is gone, which needs no handling here.
      Promise.resolve(binding(batch)).catch(() => undefined);
    }
  }

  function deliver(): void {
    scheduled = false;
    if (queued === 0 || typeof scope[options.bindingName] !== 'function') {
      return;
    }
    const batch = { documentId, sequence, events: queue.events, exchanges: queue.exchanges };
    sequence += 1;
    queue = { events: [], exchanges: [] };
    queued = 0;
    callBinding(batch);
    if (tail === null) {
      const at = now();
      recent.push({ at, batch });
      recent = recent.filter((sent) => at - sent.at <= RECENT_MS).slice(-MAX_RECENT_BATCHES);
      return;
    }
    const text = JSON.stringify(batch);
    // NOTE: Chromium refuses beacons over its 64 KiB keep-alive quota. A string body is sent
    // as text/plain, which needs no CORS preflight.
    sendBeacon?.(options.beaconUrl, text);
    keep([{ batch, chars: text.length }]);
  }

  // Adds batches to the tail, and to session storage once the tail is stored, while the tail
  // stays under its bound.
  function keep(batches: { batch: CaptureBatch; chars: number }[]): void {
    tail ??= [];
    const before = tail.length;
    for (const { batch, chars } of batches) {
      if (tailChars + chars > MAX_TAIL_CHARS) {
        break;
      }
      tail.push(batch);
      tailChars += chars;
    }
    if (tailStored && tail.length > before) {
      store(JSON.stringify(tail));
    }
  }

  function leave(): void {
    if (tail === null) {
      const at = now();
      keep(
        recent
          .filter((sent) => at - sent.at <= RECENT_MS)
          .map(({ batch }) => ({ batch, chars: JSON.stringify(batch).length })),
      );
      recent = [];
    }
    deliver();
  }

  function storeTail(): void {
    if (tail !== null && !tailStored) {
      tailStored = true;
      store(JSON.stringify(tail));
    }
  }

  function stay(): void {
    if (tail !== null) {
      tail = null;
      tailChars = 0;
      if (tailStored) {
        tailStored = false;
        store(null);
      }
    }
  }

  function send(kind: 'events' | 'exchanges', item: unknown): void {
    queue[kind].push(item);
    queued += 1;
    if (tail !== null || queued >= options.maxBatchItems) {
      deliver();
    } else if (!scheduled) {
      scheduled = true;
      queueMicrotask(deliver);
    }
  }

  // The tail that the previous document of this origin kept goes to Node first.
  // NOTE: the app can read the key in session storage from shortly after a navigation starts
  // until the next document of its origin loads, for instance in its own `pagehide` listener.
  try {
    const handed = storage ? getItem.call(storage, tailKey) : null;
    if (handed !== null) {
      store(null);
      for (const batch of JSON.parse(handed) as CaptureBatch[]) {
        callBinding(batch);
      }
    }
  } catch {
    // Text that is not the channel's own is dropped with the key.
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
      leave();
      storeTail();
    },
    true,
  );
  // A document restored from the back-forward cache is live again.
  window.addEventListener('pageshow', stay);
  // A link whose response is HTTP 204 or a download leaves the document in place without any
  // event, so the user's next press ends the leaving state.
  const onUserInput = (event: Event): void => {
    if (event.isTrusted) {
      stay();
    }
  };
  window.addEventListener('pointerdown', onUserInput, true);
  window.addEventListener('keydown', onUserInput, true);

  // The Navigation API (Chromium 102 and later) reports the start of a navigation, which can
  // come well before `pagehide`. This script runs before the app's, so this listener cannot
  // know whether the app intercepts or cancels the navigation. A task after the event's
  // dispatch can: the tail goes to session storage only when neither happened. Intercepted
  // navigations end with `navigatesuccess` or `navigateerror`.
  const navigation = (window as unknown as { navigation?: EventTarget & { transition?: unknown } })
    .navigation;
  navigation?.addEventListener('navigate', (event) => {
    const navigate = event as Event & {
      destination?: { sameDocument: boolean };
      downloadRequest?: string | null;
    };
    if (
      navigate.destination?.sameDocument !== false ||
      typeof navigate.downloadRequest === 'string'
    ) {
      return;
    }
    leave();
    // A message port task runs after the dispatch, and test clocks leave it alone.
    const check = new MessageChannel();
    check.port1.onmessage = () => {
      check.port1.close();
      if (navigate.defaultPrevented || (navigation.transition ?? null) !== null) {
        stay();
      } else {
        storeTail();
      }
    };
    check.port2.postMessage(null);
  });
  navigation?.addEventListener('navigatesuccess', stay);
  navigation?.addEventListener('navigateerror', stay);
}
