import type { BrowserContext } from '@playwright/test';
import { pageDeterminismScript, type PageDeterminismOptions } from './page-determinism.js';
import { advanceWorkerClocks, routeWorkerBootstraps } from './worker-bootstrap.js';

/** Inputs of {@link installDeterminism}. */
export interface DeterminismOptions {
  /** Seed for `Math.random`, `crypto.getRandomValues` and `crypto.randomUUID`. */
  seed: string;
  /** Epoch milliseconds the virtual clock starts at, usually the recording's start time. */
  startTime: number;
}

/** Handle on the virtual clock of one browser context. */
export interface DeterminismControls {
  readonly seed: string;
  readonly startTime: number;
  /** Current virtual time in epoch milliseconds, as `Date.now()` returns it in every page. */
  now(): number;
  /** Virtual milliseconds advanced since `startTime`. */
  elapsed(): number;
  /**
   * Advances virtual time by `ms`, firing due timers, intervals and animation frames in
   * every page of the context. Idle virtual time costs no wall time. `advance(0)` fires only
   * the timers that are already due.
   */
  advance(ms: number): Promise<void>;
  /** Advances virtual time to the epoch milliseconds `time`, or does nothing once it has passed. */
  advanceTo(time: number): Promise<void>;
}

/** The `sourceURL` of the init script, shown in stack traces and skipped when keying streams. */
const PAGE_SCRIPT_NAME = 'replaygate-determinism.js';

/** The `sourceURL` of the prelude that starts each dedicated worker. */
const WORKER_SCRIPT_NAME = 'replaygate-worker-determinism.js';

/**
 * Makes every page of `context` deterministic: seeded randomness, a paused virtual clock
 * starting at `startTime`, and `performance.now()` derived from it. Call it before the first
 * navigation, because the init scripts apply only to documents created afterwards.
 *
 * The clock is paused with `clock.pauseAt` alone. Calling `clock.install` first would let
 * the wall time between the two calls leak into the fake `performance.now()` and into
 * `requestAnimationFrame` timestamps of every new document (Playwright 1.65 replays its
 * clock log with real timestamps).
 *
 * Playwright's init scripts and fake clock apply to documents only, so dedicated workers get
 * their own. The init script wraps `Worker`, a route fulfills each worker's script request
 * with a bootstrap that runs a prelude before the app's script, and `advance` moves each
 * worker's clock after the pages' clock (see worker-scripts.ts).
 *
 * NOTE: shared workers, workers from data: URLs and workers that a worker starts from an
 * http(s) URL keep the real clock and unseeded randomness. A worker's timers fire at the end
 * of each advance, after the page's timers of that advance.
 */
export async function installDeterminism(
  context: BrowserContext,
  options: DeterminismOptions,
): Promise<DeterminismControls> {
  const { seed, startTime } = options;
  if (!Number.isFinite(startTime)) {
    throw new TypeError(`startTime must be finite epoch milliseconds, got ${startTime}`);
  }

  // Order matters: the clock's init script must run before ours, which reads the fake Date.
  await context.clock.pauseAt(startTime);
  const pageOptions: PageDeterminismOptions = {
    seed,
    startTime,
    scriptName: PAGE_SCRIPT_NAME,
    workerScriptName: WORKER_SCRIPT_NAME,
  };
  await context.addInitScript({ content: pageDeterminismScript(pageOptions) });
  await routeWorkerBootstraps(context, WORKER_SCRIPT_NAME);

  let elapsedMs = 0;
  const advance = async (ms: number): Promise<void> => {
    if (!Number.isFinite(ms) || ms < 0) {
      throw new RangeError(`advance() takes a finite number of milliseconds >= 0, got ${ms}`);
    }
    // The clock works in whole milliseconds and rounds up. runFor(0) still fires timers that
    // are due now, such as setTimeout(fn, 0) scheduled by a response handler.
    const ticks = Math.ceil(ms);
    await context.clock.runFor(ticks);
    elapsedMs += ticks;
    await advanceWorkerClocks(context, startTime + elapsedMs);
  };

  return {
    seed,
    startTime,
    now: () => startTime + elapsedMs,
    elapsed: () => elapsedMs,
    advance,
    advanceTo: (time: number) => advance(Math.max(0, time - (startTime + elapsedMs))),
  };
}
