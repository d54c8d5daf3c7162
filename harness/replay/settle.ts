import type { Page } from '@playwright/test';
import type { DeterminismControls } from './determinism/install-determinism.js';
import { prepareForScreenshot } from './determinism/stabilize-page.js';
import type { NetworkController } from './network/install-network.js';

/** How long to wait, in real time, for mocked responses before giving up on a quiet network. */
const NETWORK_IDLE_TIMEOUT_MS = 5_000;

/**
 * Bounds the settle loop: an app that polls forever (a request per timer tick) would otherwise
 * keep it going. Each round advances `settleMs` of virtual time.
 */
const MAX_SETTLE_ROUNDS = 10;

/** Moves virtual time and waits for the page to come to rest between steps. */
export interface Settler {
  /**
   * Advances virtual time to a recorded moment (epoch ms), so the app's `Date.now()` reads what
   * it read for the user; a moment already passed is a no-op. Idle time costs no real time.
   */
  advanceTo(epochMs: number): Promise<void>;
  /** Advances virtual time by `ms`, firing the timers due within it. */
  advanceBy(ms: number): Promise<void>;
  /** Waits for in-flight mocked requests, advancing `settleMs` after each wave of responses. */
  settleNetwork(): Promise<void>;
  /** A short pause while a step's target has not appeared yet. */
  waitBetweenAttempts(): Promise<void>;
  /** Parks the mouse, waits for fonts and in-flight requests before a screenshot. */
  prepareForScreenshot(): Promise<void>;
}

export function createSettler(options: {
  page: Page;
  determinism: DeterminismControls;
  network: NetworkController;
  settleMs: number;
}): Settler {
  const { page, determinism, network, settleMs } = options;

  // A request that never finishes must not fail the replay here: the checkpoint that follows
  // shows what the page looks like without it, and the network log names the request.
  async function waitForNetwork(): Promise<void> {
    await network.waitForIdle(NETWORK_IDLE_TIMEOUT_MS).catch(() => undefined);
  }

  async function settleNetwork(): Promise<void> {
    // Mocked responses arrive in real time, and what the app renders from them may wait on
    // timers that only move when virtual time does; so alternate until both are quiet.
    for (let round = 0; round < MAX_SETTLE_ROUNDS && network.inFlight() > 0; round += 1) {
      await waitForNetwork();
      await determinism.advance(settleMs);
    }
  }

  return {
    async advanceTo(epochMs) {
      await runQueuedTasks(page);
      await determinism.advanceTo(epochMs);
    },
    advanceBy: (ms) => determinism.advance(ms),
    settleNetwork,
    async waitBetweenAttempts() {
      await waitForNetwork();
      await determinism.advance(Math.min(settleMs, 100));
      await page.waitForTimeout(25);
    },
    async prepareForScreenshot() {
      await prepareForScreenshot(page, network).catch(async () => {
        // Pending requests timed out; take the screenshot anyway, as the settle step does.
        await prepareForScreenshot(page);
      });
    },
  };
}

/**
 * Lets the page run the tasks already queued by the last action, such as the `hashchange`
 * that a click on a link queues. Otherwise virtual time could jump past the moment a timer
 * started by that task should fire, and the timer would miss the next screenshot. A message
 * posted now is delivered after them, and the fake clock does not hold messages back.
 */
async function runQueuedTasks(page: Page): Promise<void> {
  await page
    .evaluate(
      () =>
        new Promise<void>((resolve) => {
          const channel = new MessageChannel();
          channel.port1.onmessage = () => resolve();
          channel.port2.postMessage(null);
        }),
    )
    // A page that is navigating has no queue to wait for: its next document starts afresh.
    .catch(() => undefined);
}
