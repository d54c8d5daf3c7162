import {
  installWorkerClock,
  installWorkerWrapper,
  restoreWorkerLocation,
  WORKER_CLOCK_KEY,
  WORKER_MARKER_PARAM,
  type WorkerPreludeOptions,
  type WorkerWrapperOptions,
} from './worker-scripts.js';

/** Values serialized into a document by the seeded-randomness init script. */
export interface SeededRandomOptions {
  seed: string;
  /** The init script's `sourceURL`, so stack frames of the script itself can be skipped. */
  scriptName: string;
}

/** Values serialized into every document by the determinism init script. */
export interface PageDeterminismOptions extends SeededRandomOptions {
  /** Epoch milliseconds the fake clock starts at, and the origin of `performance.now()`. */
  startTime: number;
  /** The `sourceURL` of the prelude that starts each dedicated worker. */
  workerScriptName: string;
}

/**
 * Seeds randomness, pins `performance.now()` to the fake clock and reports timer errors in
 * the current realm. It calls the two page functions by name, so it cannot itself be sent
 * to a page: use {@link pageDeterminismScript} for an init script.
 */
export function installPageDeterminism(options: PageDeterminismOptions): void {
  installSeededRandom(options);
  installPageClock(options);
}

/**
 * Returns the init script source that seeds randomness, pins `performance.now()`, reports
 * timer errors and wraps the `Worker` constructor in every document. The fake clock's own init
 * script must run before it.
 */
export function pageDeterminismScript(options: PageDeterminismOptions): string {
  const wrapperOptions = documentWorkerWrapperOptions(options);
  return [
    `(${installSeededRandom.toString()})(${JSON.stringify(options)});`,
    `(${installPageClock.toString()})(${JSON.stringify(options)});`,
    `(${installWorkerWrapper.toString()})(${JSON.stringify(wrapperOptions)});`,
    `//# sourceURL=${options.scriptName}`,
  ].join('\n');
}

/** Returns the options of the `Worker` wrapper of a document with the given seed. */
function documentWorkerWrapperOptions(options: {
  seed: string;
  workerScriptName: string;
}): WorkerWrapperOptions {
  return {
    seed: options.seed,
    template: workerPreludeTemplate(),
    workerScriptName: options.workerScriptName,
    markerParam: WORKER_MARKER_PARAM,
    clockKey: WORKER_CLOCK_KEY,
  };
}

/**
 * Returns the worker prelude as the source of a function expression that takes
 * {@link WorkerPreludeOptions}: seeded randomness, the virtual clock, the original
 * `self.location`, and the `Worker` wrapper for the workers that the worker creates.
 */
export function workerPreludeTemplate(): string {
  const calls = [installSeededRandom, installWorkerClock, restoreWorkerLocation].map(
    (part) => `(${part.toString()})(options);`,
  );
  const wrapper = `(${installWorkerWrapper.toString()})({ ...options, baseUrl: options.location });`;
  return `(function (options) {\n${[...calls, wrapper].join('\n')}\n})`;
}

/** The values that set one worker's prelude apart from another's. */
export interface WorkerStart {
  seed: string;
  startTime: number;
  location: string;
  workerScriptName: string;
  /** Set while recording, to keep the worker's real clock. */
  realClock?: boolean;
}

/**
 * Returns the source of the prelude of one worker, followed by `suffix`, named by its
 * `sourceURL` so that seeded randomness skips the prelude's frames.
 */
export function workerPreludeSource(worker: WorkerStart, suffix = ''): string {
  const template = workerPreludeTemplate();
  const options: WorkerPreludeOptions = {
    ...worker,
    scriptName: worker.workerScriptName,
    template,
    markerParam: WORKER_MARKER_PARAM,
    clockKey: WORKER_CLOCK_KEY,
  };
  return `${template}(${JSON.stringify(options)});\n${suffix}//# sourceURL=${worker.workerScriptName}\n`;
}

/**
 * Returns the recorder's init script source: it seeds `Math.random`, `crypto.getRandomValues`
 * and `crypto.randomUUID`, and wraps `Worker` so that each dedicated worker draws the values
 * the replay's worker draws. The clock and `performance.now()` stay real, in workers too. The
 * caller must fulfill the workers' bootstraps with `routeWorkerBootstraps`.
 */
export function seededRandomScript(
  options: SeededRandomOptions & { workerScriptName: string },
): string {
  const wrapperOptions = { ...documentWorkerWrapperOptions(options), realClock: true };
  return [
    `(${installSeededRandom.toString()})(${JSON.stringify(options)});`,
    `(${installWorkerWrapper.toString()})(${JSON.stringify(wrapperOptions)});`,
    `//# sourceURL=${options.scriptName}`,
  ].join('\n');
}

/**
 * Seeds randomness in one document. Runs in the page as part of an init script, so it must
 * stay self-contained: no imports, no closures over module scope.
 *
 * Every call site of `Math.random`, `crypto.getRandomValues` and `crypto.randomUUID` draws
 * from its own sfc32 stream, seeded by a hash of the seed, the API name and the caller's
 * stack frame with the origin removed. A call added elsewhere therefore leaves the values of
 * other call sites unchanged, unless it moves them to another line or column of their file.
 * When no caller frame can be read, all calls of that API share one stream.
 *
 * NOTE: the source reaches the page through Function.prototype.toString, so coverage tools
 * that instrument this file (istanbul) break it there. V8 coverage leaves it intact.
 */
export function installSeededRandom(options: SeededRandomOptions): void {
  const { seed, scriptName } = options;
  const NativeError = Error;
  const streams = new Map<string, () => number>();

  // cyrb128: a fast 128-bit string hash, enough to spread similar keys over sfc32's state.
  function hash128(text: string): [number, number, number, number] {
    let h1 = 1779033703;
    let h2 = 3144134277;
    let h3 = 1013904242;
    let h4 = 2773480762;
    for (let i = 0; i < text.length; i++) {
      const k = text.charCodeAt(i);
      h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
      h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
      h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
      h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
    }
    h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
    h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
    h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
    h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
    h1 ^= h2 ^ h3 ^ h4;
    h2 ^= h1;
    h3 ^= h1;
    h4 ^= h1;
    return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
  }

  // sfc32 (Chris Doty-Humphrey's Small Fast Counting generator): returns unsigned 32-bit ints.
  function sfc32(state: [number, number, number, number]): () => number {
    let [a, b, c, d] = state;
    const next = (): number => {
      a |= 0;
      b |= 0;
      c |= 0;
      d |= 0;
      const t = (((a + b) | 0) + d) | 0;
      d = (d + 1) | 0;
      a = b ^ (b >>> 9);
      b = (c + (c << 3)) | 0;
      c = (c << 21) | (c >>> 11);
      c = (c + t) | 0;
      return t >>> 0;
    };
    // Early outputs are correlated with the seeded state, so a few are discarded.
    for (let i = 0; i < 12; i++) {
      next();
    }
    return next;
  }

  // The first stack frame outside this script, origin removed so the key survives a new port.
  function callerLocation(): string {
    // V8's stack trace API. The page may have changed either property, so both are reset.
    const errorConstructor = NativeError as unknown as {
      prepareStackTrace?: unknown;
      stackTraceLimit?: number;
    };
    const savedLimit = errorConstructor.stackTraceLimit;
    const savedPrepare = errorConstructor.prepareStackTrace;
    let stack: unknown;
    try {
      errorConstructor.stackTraceLimit = 16;
      errorConstructor.prepareStackTrace = undefined;
      stack = new NativeError().stack;
    } catch {
      stack = undefined;
    } finally {
      errorConstructor.stackTraceLimit = savedLimit;
      errorConstructor.prepareStackTrace = savedPrepare;
    }
    if (typeof stack !== 'string') {
      return '';
    }
    for (const line of stack.split('\n').slice(1)) {
      // Native frames such as `Array.map (<anonymous>)` have no line and column to key on.
      if (line.includes(scriptName) || !/:\d+:\d+\)?\s*$/.test(line)) {
        continue;
      }
      // A blob URL gets a new random id on every run, so only its scheme stays in the key.
      return line
        .trim()
        .replace(
          /blob:[^\s)]*?\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi,
          'blob:',
        )
        .replace(/[a-z][a-z0-9+.-]*:\/\/[^/\s)]+/gi, '');
    }
    return '';
  }

  function streamFor(api: string): () => number {
    const key = `${api}\u0000${callerLocation()}`;
    let stream = streams.get(key);
    if (!stream) {
      stream = sfc32(hash128(`${seed}\u0000${key}`));
      streams.set(key, stream);
    }
    return stream;
  }

  function fillBytes(bytes: Uint8Array, next: () => number): void {
    let word = 0;
    for (let i = 0; i < bytes.length; i++) {
      if (i % 4 === 0) {
        word = next();
      }
      bytes[i] = (word >>> ((i % 4) * 8)) & 0xff;
    }
  }

  function defineMethod(target: object, name: string, value: Function): void {
    Object.defineProperty(target, name, { value, writable: true, configurable: true });
  }

  defineMethod(Math, 'random', function random(): number {
    const next = streamFor('Math.random');
    // 53 random bits, the full precision of a double in [0, 1).
    return ((next() >>> 5) * 67108864 + (next() >>> 6)) / 9007199254740992;
  });

  const cryptoPrototype: unknown = globalThis.crypto
    ? Object.getPrototypeOf(globalThis.crypto)
    : null;
  if (cryptoPrototype && typeof cryptoPrototype === 'object') {
    const prototype = cryptoPrototype as Crypto;
    const nativeGetRandomValues = prototype.getRandomValues;
    defineMethod(prototype, 'getRandomValues', function getRandomValues<
      T extends ArrayBufferView | null,
    >(this: Crypto, array: T): T {
      // The native call validates the argument and throws the same errors a page expects.
      const result = nativeGetRandomValues.call(
        this,
        array as unknown as ArrayBufferView<ArrayBuffer>,
      ) as T;
      const view = array as ArrayBufferView;
      fillBytes(
        new Uint8Array(view.buffer, view.byteOffset, view.byteLength),
        streamFor('getRandomValues'),
      );
      return result;
    });

    // randomUUID exists only in secure contexts.
    if (typeof prototype.randomUUID === 'function') {
      defineMethod(prototype, 'randomUUID', function randomUUID(): string {
        const bytes = new Uint8Array(16);
        fillBytes(bytes, streamFor('randomUUID'));
        bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
        bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
        const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
        return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
      });
    }
  }
}

/**
 * Pins `performance.now()` to the fake clock and reports errors thrown by timer callbacks in
 * one document. Runs in the page as part of an init script after the fake clock's own, so it
 * must stay self-contained: no imports, no closures over module scope.
 */
export function installPageClock(options: PageDeterminismOptions): void {
  const { startTime } = options;

  function defineMethod(target: object, name: string, value: Function): void {
    Object.defineProperty(target, name, { value, writable: true, configurable: true });
  }

  // Date here is the fake clock's Date, because the clock's init script runs first.
  const FakeDate = Date;
  const performanceObject = globalThis.performance as Performance | undefined;
  if (performanceObject) {
    defineMethod(performanceObject, 'now', function now(): number {
      return FakeDate.now() - startTime;
    });
    Object.defineProperty(performanceObject, 'timeOrigin', {
      get: () => startTime,
      configurable: true,
    });
  }

  // The fake clock catches errors thrown by timer callbacks and rethrows the first one from
  // `clock.runFor`, which would abort the replay step. A browser reports them as uncaught
  // errors and carries on, so the callbacks are wrapped to do the same.
  function reportUncaught(error: unknown): void {
    if (typeof globalThis.reportError === 'function') {
      globalThis.reportError(error);
      return;
    }
    queueMicrotask(() => {
      throw error;
    });
  }

  function wrapCallback(callback: unknown): unknown {
    if (typeof callback !== 'function') {
      return callback;
    }
    return function (this: unknown, ...args: unknown[]): unknown {
      try {
        return callback.apply(this, args);
      } catch (error) {
        reportUncaught(error);
        return undefined;
      }
    };
  }

  for (const name of [
    'setTimeout',
    'setInterval',
    'requestAnimationFrame',
    'requestIdleCallback',
  ]) {
    const scheduler: unknown = Reflect.get(globalThis, name);
    if (typeof scheduler !== 'function') {
      continue;
    }
    defineMethod(
      globalThis,
      name,
      function (this: unknown, callback: unknown, ...rest: unknown[]): unknown {
        return scheduler.call(this, wrapCallback(callback), ...rest);
      },
    );
  }
}
