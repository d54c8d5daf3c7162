/**
 * Functions that run inside the browser to make dedicated web workers deterministic. Each is
 * sent as source text (Function.prototype.toString), so each must stay self-contained: no
 * imports, no closures over module scope, no helpers a compiler would add.
 *
 * A worker starts from a bootstrap script instead of the app's script. The bootstrap first
 * runs the worker prelude: seeded randomness, a virtual clock, the original `self.location`
 * and this same wrapper for nested workers. Then it loads the app's script unchanged, with
 * `importScripts` in a classic worker and a static `import` in a module worker. So the
 * script's own imports run after the prelude, and messages posted right after `new Worker()`
 * reach the handlers that the script installs during its first run.
 */

/** Query parameter that marks a worker script URL whose response is a bootstrap. */
export const WORKER_MARKER_PARAM = '__replaygate_worker';

/** `Symbol.for` key under which a worker stores its {@link WorkerClockController}. */
export const WORKER_CLOCK_KEY = 'replaygate.workerClock';

/** Content of the marker parameter of an http(s) worker URL, as JSON. */
export interface WorkerMarker {
  type: 'classic' | 'module';
  /** Seed of the new worker. */
  seed: string;
  /** Virtual epoch milliseconds when the worker was created. */
  startTime: number;
  /** Absolute URL the app passed to `new Worker()`, fragment included. */
  location: string;
  /** Set on the URL of a module worker's prelude, which its bootstrap imports first. */
  prelude?: boolean;
  /** Set while recording: the worker gets seeded randomness and keeps the real clock. */
  realClock?: boolean;
}

/** Inputs of {@link installWorkerWrapper}, in a document or in a worker. */
export interface WorkerWrapperOptions {
  /** Seed of the global that creates workers. Each worker derives its own seed from it. */
  seed: string;
  /**
   * Source of the worker prelude as a function expression taking {@link WorkerPreludeOptions}.
   * A blob worker's bootstrap is built from it in the browser.
   */
  template: string;
  /** The prelude's `sourceURL`, which seeded randomness skips when it keys call sites. */
  workerScriptName: string;
  /** Base for relative worker URLs inside a worker: its original location. Unset in documents. */
  baseUrl?: string;
  /** {@link WORKER_MARKER_PARAM}, passed in because this source cannot import it. */
  markerParam: string;
  /** {@link WORKER_CLOCK_KEY}, passed in because this source cannot import it. */
  clockKey: string;
  /**
   * Set while recording: each worker gets seeded randomness, so it draws what the replay's
   * worker draws, and keeps the real clock, which the recorder does not fake in documents
   * either.
   */
  realClock?: boolean;
}

/** Inputs of the worker prelude: everything one worker needs to start deterministically. */
export interface WorkerPreludeOptions extends WorkerWrapperOptions {
  /** Epoch milliseconds of the worker's virtual clock when it starts, and its `timeOrigin`. */
  startTime: number;
  /** The URL the app passed to `new Worker()`, resolved, which `self.location` reports. */
  location: string;
  /** The prelude's `sourceURL`, for seeded randomness. */
  scriptName: string;
}

/** The part of a worker's virtual clock that the harness drives. */
export interface WorkerClockController {
  /** Fires the worker's timers due up to `time` in order, then sets its clock to `time`. */
  advanceTo(time: number): Promise<void>;
  now(): number;
}

/**
 * Replaces `Worker` in the current global with a wrapper that starts each dedicated worker
 * from a bootstrap, giving it a seed of its own and the creator's virtual time. The seed is
 * derived from the creator's seed, the worker's creation order in that global and its URL
 * path, so a reload or another replay gives the same worker the same values.
 *
 * A same-origin http(s) script URL gets the marker parameter, and a route of the harness
 * fulfills that URL with the bootstrap, so the worker keeps its URL as the base of relative
 * URLs. A blob: URL is read at once, as the browser also resolves it at construction, and the
 * worker starts from a new blob. Any other URL (data:, another origin) and any failure to
 * prepare a bootstrap start the worker unchanged.
 */
export function installWorkerWrapper(options: WorkerWrapperOptions): void {
  const NativeWorker = globalThis.Worker as typeof Worker | undefined;
  if (typeof NativeWorker !== 'function') {
    return;
  }
  const { seed, template, workerScriptName, markerParam } = options;
  const NativeURL = URL;
  const NativeBlob = Blob;
  const NativeRequest = XMLHttpRequest;
  const createObjectURL = URL.createObjectURL.bind(URL);
  const revokeObjectURL = URL.revokeObjectURL.bind(URL);
  const ownOrigin = globalThis.location.origin;
  const inDocument = typeof globalThis.document === 'object';
  let created = 0;

  function baseUrl(): string {
    if (options.baseUrl !== undefined) {
      return options.baseUrl;
    }
    return inDocument ? globalThis.document.baseURI : globalThis.location.href;
  }

  function scriptBlobUrl(text: string): string {
    return createObjectURL(new NativeBlob([text], { type: 'text/javascript' }));
  }

  // A synchronous read keeps construction synchronous, as the app expects, and works even when
  // the app revokes its blob URL right after `new Worker()`.
  function readBlob(url: string): string {
    const request = new NativeRequest();
    request.open('GET', url, false);
    request.send();
    if (request.status !== 200) {
      throw new Error(`reading ${url} returned status ${request.status}`);
    }
    return request.responseText;
  }

  function preludeSource(prelude: object): string {
    return `${template}(${JSON.stringify(prelude)});\n`;
  }

  function blobBootstrap(url: URL, type: 'classic' | 'module', prelude: object): string {
    const copy = scriptBlobUrl(readBlob(url.href));
    const named = `//# sourceURL=${workerScriptName}\n`;
    if (type === 'classic') {
      return scriptBlobUrl(
        `${preludeSource(prelude)}importScripts(${JSON.stringify(copy)});\n${named}`,
      );
    }
    const preludeUrl = scriptBlobUrl(`${preludeSource(prelude)}${named}`);
    return scriptBlobUrl(
      `import ${JSON.stringify(preludeUrl)};\nimport ${JSON.stringify(copy)};\n${named}`,
    );
  }

  // Returns the URL to construct the native worker with, or undefined to leave it unchanged.
  function bootstrapUrl(scriptURL: unknown, workerOptions: unknown): string | undefined {
    const index = created;
    created += 1;

    const url = new NativeURL(String(scriptURL), baseUrl());
    const requestedType = (workerOptions as { type?: unknown } | undefined)?.type;
    const type = requestedType === 'module' ? 'module' : 'classic';
    const isBlob = url.protocol === 'blob:';
    // Chromium 156 with Playwright 1.65 routes the script request of a worker created by a
    // document, but not that of a worker created by a worker. Inside a worker, the marked URL
    // would reach the server and start the worker without its prelude.
    const isSameOriginHttp =
      inDocument &&
      (url.protocol === 'http:' || url.protocol === 'https:') &&
      url.origin === ownOrigin;
    if (!isBlob && !isSameOriginHttp) {
      return undefined;
    }

    // Blob URLs differ on every run, so only their scheme enters the seed.
    const workerSeed = `${seed}\u0000worker ${index} ${isBlob ? 'blob:' : url.pathname}`;
    const startTime = Date.now();
    if (isBlob) {
      return blobBootstrap(url, type, {
        ...options,
        seed: workerSeed,
        scriptName: workerScriptName,
        startTime,
        location: url.href,
        baseUrl: url.href,
      });
    }

    const marker = {
      type,
      seed: workerSeed,
      startTime,
      location: url.href,
      ...(options.realClock === true ? { realClock: true } : {}),
    };
    const separator = url.search ? '&' : '?';
    const unhashed = url.href.slice(0, url.href.length - url.hash.length);
    return `${unhashed}${separator}${markerParam}=${encodeURIComponent(JSON.stringify(marker))}${url.hash}`;
  }

  const WrappedWorker = function Worker(
    this: unknown,
    scriptURL: unknown,
    workerOptions?: unknown,
  ): Worker {
    if (!new.target) {
      // The native constructor throws the browser's own TypeError when called without new.
      return (NativeWorker as unknown as (...args: unknown[]) => Worker)(scriptURL, workerOptions);
    }
    let prepared: string | undefined;
    try {
      prepared = bootstrapUrl(scriptURL, workerOptions);
    } catch {
      prepared = undefined;
    }
    if (prepared !== undefined) {
      try {
        const worker = Reflect.construct(NativeWorker, [prepared, workerOptions], new.target);
        // The browser resolved the blob URL when constructing, so it can go now.
        if (prepared.startsWith('blob:')) {
          revokeObjectURL(prepared);
        }
        return worker as Worker;
      } catch {
        // Constructing again with the app's own arguments throws the browser's own error.
      }
    }
    return Reflect.construct(NativeWorker, [scriptURL, workerOptions], new.target) as Worker;
  };
  WrappedWorker.prototype = NativeWorker.prototype;
  Object.defineProperty(NativeWorker.prototype, 'constructor', {
    value: WrappedWorker,
    writable: true,
    configurable: true,
  });
  Object.defineProperty(globalThis, 'Worker', {
    value: WrappedWorker,
    writable: true,
    configurable: true,
  });
}

/**
 * Replaces the clock of one worker with a virtual clock paused at `startTime`: `Date`,
 * `performance.now()`, `performance.timeOrigin`, `setTimeout` and `setInterval`. The harness
 * moves it with {@link WorkerClockController.advanceTo}, stored under
 * `Symbol.for(clockKey)`, which fires due timers in order as Playwright's
 * page clock does, with a task between two timers.
 *
 * NOTE: `requestAnimationFrame`, `AbortSignal.timeout`, `Intl.DateTimeFormat` without a date
 * and `Event.timeStamp` in a worker still follow the real clock.
 */
export function installWorkerClock(options: {
  startTime: number;
  clockKey: string;
  realClock?: boolean;
}): void {
  if (options.realClock === true) {
    return;
  }
  const origin = options.startTime;
  let now = origin;
  const NativeDate = Date;
  const nativeClearTimeout = globalThis.clearTimeout.bind(globalThis);
  const nativeClearInterval = globalThis.clearInterval.bind(globalThis);
  const NativeChannel = MessageChannel;

  interface Timer {
    id: number;
    callAt: number;
    interval: number | undefined;
    callback: unknown;
    args: unknown[];
  }
  const timers = new Map<number, Timer>();
  // Playwright's page clock counts from the same value, which keeps its ids apart from native
  // timer ids, so clearing an id that no fake timer has goes to the native function.
  const firstTimerId = 1e12;
  let nextTimerId = firstTimerId;

  function defineMethod(target: object, name: string, value: Function): void {
    Object.defineProperty(target, name, { value, writable: true, configurable: true });
  }

  function delayOf(timeout: unknown): number {
    const delay = Number(timeout);
    // Like Playwright's page clock: an invalid or negative delay is 0, one above 2^31 - 1 is 1.
    if (!Number.isFinite(delay) || delay < 0) {
      return 0;
    }
    return delay > 2147483647 ? 1 : delay;
  }

  function addTimer(callback: unknown, timeout: unknown, args: unknown[], repeat: boolean): number {
    const delay = delayOf(timeout);
    const id = nextTimerId;
    nextTimerId += 1;
    // An interval of 0 would fire forever within one advance, so it is clamped to 1 ms.
    const interval = repeat ? Math.max(1, delay) : undefined;
    timers.set(id, { id, callAt: now + delay, interval, callback, args });
    return id;
  }

  function clearTimer(id: unknown, clearNative: (id: number) => void): void {
    const key = Number(id);
    if (timers.delete(key)) {
      return;
    }
    if (Number.isFinite(key) && key < firstTimerId) {
      clearNative(key);
    }
  }

  function firstDueTimer(time: number): Timer | undefined {
    let first: Timer | undefined;
    for (const timer of timers.values()) {
      if (timer.callAt > time) {
        continue;
      }
      if (!first || timer.callAt < first.callAt) {
        first = timer;
      }
    }
    return first;
  }

  function reportUncaught(error: unknown): void {
    if (typeof globalThis.reportError === 'function') {
      globalThis.reportError(error);
      return;
    }
    queueMicrotask(() => {
      throw error;
    });
  }

  // Lets microtasks and queued tasks, such as messages, run between two timers.
  function nextTask(): Promise<void> {
    return new Promise((resolve) => {
      const channel = new NativeChannel();
      channel.port1.onmessage = () => {
        channel.port1.close();
        resolve();
      };
      channel.port2.postMessage(null);
    });
  }

  function runCallback(timer: Timer): void {
    try {
      if (typeof timer.callback === 'function') {
        timer.callback.apply(globalThis, timer.args);
      } else {
        // A string callback is evaluated as the browser does, in the global scope.
        (0, eval)(String(timer.callback));
      }
    } catch (error) {
      reportUncaught(error);
    }
  }

  async function advanceTo(time: number): Promise<void> {
    for (let timer = firstDueTimer(time); timer; timer = firstDueTimer(time)) {
      now = Math.max(now, timer.callAt);
      if (timer.interval === undefined) {
        timers.delete(timer.id);
      } else {
        timer.callAt += timer.interval;
      }
      runCallback(timer);
      await nextTask();
    }
    now = Math.max(now, time);
  }

  function currentTime(): number {
    return now;
  }

  function ClockDate(this: unknown, ...args: unknown[]): unknown {
    if (!new.target) {
      return new NativeDate(now).toString();
    }
    return Reflect.construct(NativeDate, args.length === 0 ? [now] : args, new.target);
  }
  ClockDate.prototype = NativeDate.prototype;
  defineMethod(ClockDate, 'now', function now(): number {
    return currentTime();
  });
  defineMethod(ClockDate, 'parse', NativeDate.parse);
  defineMethod(ClockDate, 'UTC', NativeDate.UTC);
  defineMethod(ClockDate, 'toString', () => NativeDate.toString());
  defineMethod(globalThis, 'Date', ClockDate);

  const performanceObject = globalThis.performance as Performance | undefined;
  if (performanceObject) {
    defineMethod(performanceObject, 'now', function now(): number {
      return currentTime() - origin;
    });
    Object.defineProperty(performanceObject, 'timeOrigin', {
      get: () => origin,
      configurable: true,
    });
  }

  defineMethod(
    globalThis,
    'setTimeout',
    function setTimeout(callback: unknown, timeout?: unknown, ...args: unknown[]): number {
      return addTimer(callback, timeout, args, false);
    },
  );
  defineMethod(
    globalThis,
    'setInterval',
    function setInterval(callback: unknown, timeout?: unknown, ...args: unknown[]): number {
      return addTimer(callback, timeout, args, true);
    },
  );
  defineMethod(globalThis, 'clearTimeout', function clearTimeout(id?: unknown): void {
    clearTimer(id, nativeClearTimeout);
  });
  defineMethod(globalThis, 'clearInterval', function clearInterval(id?: unknown): void {
    clearTimer(id, nativeClearInterval);
  });

  const controller: WorkerClockController = { advanceTo, now: () => now };
  Object.defineProperty(globalThis, Symbol.for(options.clockKey), { value: controller });
}

/**
 * Makes `self.location` of a worker report the URL the app passed to `new Worker()` instead
 * of the bootstrap's URL, which carries the marker parameter or is another blob.
 */
export function restoreWorkerLocation(options: { location: string }): void {
  const location = globalThis.location as unknown as object | undefined;
  if (!location) {
    return;
  }
  const prototype = Object.getPrototypeOf(location) as object;
  const original = new URL(options.location);
  for (const name of [
    'href',
    'origin',
    'protocol',
    'host',
    'hostname',
    'port',
    'pathname',
    'search',
    'hash',
  ] as const) {
    const value = original[name];
    Object.defineProperty(prototype, name, {
      get: () => value,
      enumerable: true,
      configurable: true,
    });
  }
  Object.defineProperty(prototype, 'toString', {
    value: function toString(): string {
      return original.href;
    },
    writable: true,
    configurable: true,
  });
}
