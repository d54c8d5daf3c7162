import type { Page } from '@playwright/test';

/** The part of the network controller that screenshot preparation waits on. */
export interface NetworkIdleSource {
  inFlight(): number;
  waitForIdle(timeoutMs: number): Promise<void>;
}

/** Screenshot options that remove animation, caret blink and device pixel ratio from pixels. */
export interface StableScreenshotOptions {
  animations: 'disabled';
  caret: 'hide';
  scale: 'css';
}

/** Tuning for {@link prepareForScreenshot}. */
export interface PrepareOptions {
  /** Wall-time limit for in-flight requests to finish, in milliseconds. Default 10000. */
  networkIdleTimeoutMs?: number;
}

/** Rounds of "network idle, then let the page handle the responses" before giving up. */
const MAX_SETTLE_ROUNDS = 5;

/**
 * Puts the page in a state that screenshots the same way on every run: the mouse parked
 * outside the viewport so no `:hover` style applies, in-flight requests finished and handled,
 * and web fonts loaded. Returns the options to pass to `page.screenshot`.
 *
 * @throws Error from `network.waitForIdle` when requests are still in flight after the timeout.
 */
export async function prepareForScreenshot(
  page: Page,
  network?: NetworkIdleSource,
  options: PrepareOptions = {},
): Promise<StableScreenshotOptions> {
  // Chromium fires mouseout and mouseleave itself when the pointer leaves the viewport.
  await page.mouse.move(-1, -1);

  if (network) {
    const timeoutMs = options.networkIdleTimeoutMs ?? 10_000;
    for (let round = 0; round < MAX_SETTLE_ROUNDS; round++) {
      await network.waitForIdle(timeoutMs);
      await runPendingTasks(page);
      // A response handler may have started another request.
      if (network.inFlight() === 0) {
        break;
      }
    }
  }

  await page.evaluate(async () => {
    await document.fonts.ready;
  });
  return { animations: 'disabled', caret: 'hide', scale: 'css' };
}

/**
 * Lets the page run the tasks queued behind a finished response, such as resolving
 * `response.json()` and rendering. Timers and animation frames are on the paused virtual
 * clock, so the page yields through MessageChannel tasks, which the clock does not fake.
 */
async function runPendingTasks(page: Page): Promise<void> {
  await page.evaluate(async (hops: number) => {
    const channel = new MessageChannel();
    for (let i = 0; i < hops; i++) {
      await new Promise<void>((resolve) => {
        channel.port1.onmessage = () => resolve();
        channel.port2.postMessage(undefined);
      });
    }
    channel.port1.close();
  }, 4);
}
