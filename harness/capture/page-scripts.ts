import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { BrowserContext, Page } from '@playwright/test';
import { CUSTOM_EVENT_TAGS } from '../fixture/recording.js';
import { installCustomEvents } from '../recorder/custom-events.js';
import { installDialogAnswers } from '../recorder/dialog-answers.js';
import { installValueOrder } from '../recorder/value-order.js';
import { NETWORK_CAPTURE_PARTS } from '../recorder/network/network-capture.js';
import type { CaptureSink } from './capture-sink.js';
import { installChannel, type ChannelState } from './page-channel.js';
import { installNetworkCapture } from './install-network-capture.js';
import { installRecorder } from './install-recorder.js';

/** Name of the binding through which pages send captured batches to Node. */
export const CAPTURE_BINDING_NAME = '__replaygateCapture';

/** Name of the `window` property that contains the page channel. */
export const CAPTURE_CHANNEL_NAME = '__replaygateChannel';

/**
 * Name of the `window` property that contains the top document recorder's functions for its
 * frames and for the end of a flow.
 */
export const CAPTURE_RECORDER_HOOK_NAME = '__replaygateRecorder';

/** Maximum wait, in milliseconds, for rrweb's reports of values that scripts set. */
const SETTLE_VALUES_MS = 1_000;

/** Default cap on a captured request or response body: 1 MiB. */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/** Items per batch before the page sends at once instead of waiting for the microtask. */
const MAX_BATCH_ITEMS = 50;

/**
 * Returns the path of rrweb's UMD bundle. rrweb's package `exports` do not list it, so the
 * path is derived from the package's CommonJS entry, which sits in the same folder.
 */
export function rrwebBundlePath(): string {
  const entry = createRequire(import.meta.url).resolve('rrweb');
  const bundle = join(dirname(entry), 'rrweb.umd.min.cjs');
  if (!existsSync(bundle)) {
    throw new Error(`rrweb's browser bundle is missing at ${bundle}; reinstall the rrweb package.`);
  }
  return bundle;
}

/** Destinations of the batches that the capture scripts send. */
export interface CaptureTargets {
  /** Called with every batch a page sends through the binding. */
  receive: (page: Page, batch: unknown) => void;
  /** URL that receives the batches sent as beacons while a document unloads. */
  beaconUrl: string;
  /** Cap on each captured body in bytes. */
  maxBodyBytes?: number;
}

/**
 * Adds the binding and the init scripts that record every http(s) document in `context`:
 * the channel, rrweb, the rrweb recorder and the network capture, in that order.
 */
export async function installCaptureScripts(
  context: BrowserContext,
  { receive, beaconUrl, maxBodyBytes = DEFAULT_MAX_BODY_BYTES }: CaptureTargets,
): Promise<void> {
  await context.exposeBinding(CAPTURE_BINDING_NAME, (source, batch: unknown) =>
    receive(source.page, batch),
  );
  await context.addInitScript(installChannel, {
    bindingName: CAPTURE_BINDING_NAME,
    channelName: CAPTURE_CHANNEL_NAME,
    maxBatchItems: MAX_BATCH_ITEMS,
    beaconUrl,
  });
  await context.addInitScript({ path: rrwebBundlePath() });
  await context.addInitScript({
    content: callSource(
      installRecorder,
      {
        channelName: CAPTURE_CHANNEL_NAME,
        tags: { ...CUSTOM_EVENT_TAGS },
        dialogTag: CUSTOM_EVENT_TAGS.dialog,
        hookName: CAPTURE_RECORDER_HOOK_NAME,
      },
      [installCustomEvents, installValueOrder, installDialogAnswers]
        .map((part) => part.toString())
        .join(', '),
    ),
  });
  await context.addInitScript({
    content: callSource(
      installNetworkCapture,
      { channelName: CAPTURE_CHANNEL_NAME, maxBodyBytes },
      functionsSource({ ...NETWORK_CAPTURE_PARTS }),
    ),
  });
}

/**
 * Returns the source text of a call to a page-side function with its JSON options and one
 * more argument given as source text, which carries the shared page-side functions. Like
 * Playwright's own function init scripts, it relies on each function being self-contained.
 */
function callSource(fn: (...args: never[]) => void, options: unknown, extra: string): string {
  return `(${fn.toString()})(${JSON.stringify(options)}, ${extra});`;
}

/** Returns the source text of an object literal whose properties are the given functions. */
function functionsSource(functions: Record<string, (...args: never[]) => unknown>): string {
  const entries = Object.entries(functions).map(([name, fn]) => `${name}: ${fn.toString()}`);
  return `{ ${entries.join(', ')} }`;
}

/**
 * Flushes the page's queue and waits until Node has received every batch the current document has
 * sent and no exchange is still reading its body, or until `timeoutMs` passes.
 *
 * @returns false when the time ran out with data still in flight.
 */
export async function drainPage(
  page: Page,
  sink: CaptureSink,
  timeoutMs = 5_000,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  // A script may have set a value just before the flow ended, and the events after it wait
  // for rrweb's report of it (see `installValueOrder`).
  await page
    .evaluate(
      ({ name, waitMs }) =>
        Promise.race([
          (window as unknown as Record<string, { settleValues(): Promise<void> } | undefined>)[
            name
          ]?.settleValues(),
          new Promise((resolve) => setTimeout(resolve, waitMs)),
        ]),
      { name: CAPTURE_RECORDER_HOOK_NAME, waitMs: SETTLE_VALUES_MS },
    )
    .catch(() => undefined);
  while (Date.now() < deadline) {
    const state = await page
      .evaluate(
        (name) =>
          (window as unknown as Record<string, { flush(): ChannelState } | undefined>)[
            name
          ]?.flush(),
        CAPTURE_CHANNEL_NAME,
      )
      // A navigation in progress destroys the execution context; the next round retries.
      .catch(() => null);
    if (state === undefined) {
      return true;
    }
    if (
      state &&
      state.pendingExchanges <= 0 &&
      sink.receivedBatches(state.documentId) >= state.sentBatches
    ) {
      return true;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}
