import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page, Route } from '@playwright/test';
import { EventType, IncrementalSource, type eventWithTime } from '@rrweb/types';
import { CUSTOM_EVENT_TAGS, type Recording } from '../fixture/recording.js';
import type { CapturedCheckpoint, CaptureOptions } from './capture-checkpoint.js';
import { captureVisibleDom } from '../score/dom-snapshot.js';
import { rrwebBundlePath } from '../capture/page-scripts.js';
import { PLAYER_HTML, seekReplayer, startReplayer } from './player-page.js';
import {
  trackRequests,
  waitForImages,
  type AppPathOf,
  type AssetFingerprint,
  type RequestTracker,
} from './player-assets.js';

/**
 * Version of the render below. Bump it whenever a change to this module or to what it calls
 * can change a rendered screenshot or DOM snapshot, so that cached renders of the old code
 * are never reused. {@link rendererFingerprint} also hashes the in-page code and the rrweb
 * bundle, which catches most such changes without a bump.
 */
export const RENDERER_VERSION = 1;

/**
 * The player page is served on the app's own origin: Chromium's private network access
 * rules block a page on any other origin from loading the app's assets on 127.0.0.1.
 */
const PLAYER_PATH = '/__replaygate__/recording-player.html';

export interface RecordingRendererOptions {
  recording: Recording;
  /** Origin of the app under test, for example `http://127.0.0.1:4173`. */
  appOrigin: string;
  /** Origin the session was recorded on; its asset URLs are served by the app under test. */
  recordedOrigin: string;
  viewport: { width: number; height: number };
  deviceScaleFactor: number;
  locale: string;
  timeZone: string;
}

/** One render of the recording, and the app assets the renderer had loaded when it was taken. */
export interface RenderOutput {
  checkpoint: CapturedCheckpoint;
  /**
   * Every app asset the renderer's context has loaded so far, since an asset loaded for an
   * earlier render stays in use. Undefined when the render cannot be tied to the app's files
   * (see `RequestTracker.appAssets`).
   */
  assets: AssetFingerprint[] | undefined;
}

/** Renders the recorded DOM at chosen points in time, as the user saw it. */
export interface RecordingRenderer {
  render(recordedAt: number, options: CaptureOptions): Promise<RenderOutput>;
  close(): Promise<void>;
}

/**
 * Opens rrweb's Replayer in its own browser context, so the recording itself can serve as the
 * baseline of a session that has no stored one. Rendering the recorded DOM in the same browser
 * as the live replay gives byte-identical screenshots when the app has not changed, because both
 * sides are laid out and rasterized by the same engine with the same fonts.
 */
export async function openRecordingRenderer(
  browser: Browser,
  options: RecordingRendererOptions,
): Promise<RecordingRenderer> {
  const context = await browser.newContext({
    viewport: options.viewport,
    deviceScaleFactor: options.deviceScaleFactor,
    locale: options.locale,
    timezoneId: options.timeZone,
    serviceWorkers: 'block',
  });
  await context.route('**/*', (route) => routePlayerRequest(route, options));
  const requests = trackRequests(context, playerAppPathOf(options));

  const page = await context.newPage();
  await page.goto(new URL(PLAYER_PATH, options.appOrigin).href);
  await page.addScriptTag({ path: rrwebBundlePath() });
  await page.evaluate(startReplayer, options.recording.events as unknown[]);

  return {
    render: async (recordedAt, captureOptions) => {
      const checkpoint = await renderAt(page, requests, options, recordedAt, captureOptions);
      return { checkpoint, assets: await requests.appAssets() };
    },
    close: () => closeContext(context),
  };
}

async function routePlayerRequest(route: Route, options: RecordingRendererOptions): Promise<void> {
  const url = new URL(route.request().url());
  if (url.origin === options.appOrigin && url.pathname === PLAYER_PATH) {
    await route.fulfill({ contentType: 'text/html; charset=utf-8', body: PLAYER_HTML });
    return;
  }
  if (url.origin === options.appOrigin) {
    await route.continue();
    return;
  }
  if (url.origin === options.recordedOrigin) {
    const mapped = new URL(url.pathname + url.search, options.appOrigin).href;
    await route.continue({ url: mapped });
    return;
  }
  // Recorded pages may reference other hosts (fonts, analytics); the baseline never reaches them.
  await route.abort('blockedbyclient');
}

/**
 * Maps a player request to its path on the app under test, as {@link routePlayerRequest}
 * sends it there. The player page itself and requests to other hosts never reach the app.
 */
function playerAppPathOf(options: RecordingRendererOptions): AppPathOf {
  return (raw) => {
    if (!URL.canParse(raw)) {
      return undefined;
    }
    const url = new URL(raw);
    if (url.origin === options.appOrigin && url.pathname === PLAYER_PATH) {
      return undefined;
    }
    if (url.origin === options.appOrigin || url.origin === options.recordedOrigin) {
      return url.pathname + url.search;
    }
    return undefined;
  };
}

let cachedFingerprint: string | undefined;

/**
 * Returns a SHA-256 (hex) of everything in the renderer that decides what a render looks like:
 * {@link RENDERER_VERSION}, the player page, the functions that run in it and capture the DOM,
 * and the rrweb bundle. Computed once per process.
 */
export function rendererFingerprint(): string {
  cachedFingerprint ??= createHash('sha256')
    .update(
      JSON.stringify([
        RENDERER_VERSION,
        PLAYER_HTML,
        startReplayer.toString(),
        seekReplayer.toString(),
        renderAt.toString(),
        recordedViewportAt.toString(),
        waitForImages.toString(),
        captureVisibleDom.toString(),
      ]),
    )
    .update(readFileSync(rrwebBundlePath()))
    .digest('hex');
  return cachedFingerprint;
}

async function renderAt(
  page: Page,
  requests: RequestTracker,
  renderer: Pick<RecordingRendererOptions, 'recording' | 'viewport'>,
  recordedAt: number,
  options: CaptureOptions,
): Promise<CapturedCheckpoint> {
  const { recording } = renderer;
  // The live replay resizes its window where the recording did, so the render does too.
  const viewport = recordedViewportAt(recording.events, recordedAt) ?? renderer.viewport;
  const current = page.viewportSize();
  if (current?.width !== viewport.width || current.height !== viewport.height) {
    await page.setViewportSize(viewport);
  }
  await page.evaluate(seekReplayer, recordedAt);
  const frame = page.frames().find((candidate) => candidate !== page.mainFrame());
  if (!frame) {
    throw new Error(`rrweb's Replayer created no iframe for session "${recording.meta.name}".`);
  }
  await waitForImages(page, requests);

  const frameLocator = page.frameLocator('iframe');
  const png = await page.screenshot({
    animations: 'disabled',
    caret: 'hide',
    scale: 'device',
    mask: options.masks.map((selector) => frameLocator.locator(selector)),
  });
  const dom = await frame.evaluate(captureVisibleDom, {
    masks: options.masks,
    ignoreAttributes: options.ignoreAttributes,
  });

  return { png, dom, url: recordedUrlAt(recording.events, recordedAt) };
}

/**
 * Returns the window size of the latest ViewportResize event at or before `recordedAt` ms
 * after the first event, or undefined when the window kept its first size until then.
 */
export function recordedViewportAt(
  events: eventWithTime[],
  recordedAt: number,
): { width: number; height: number } | undefined {
  const start = events[0]?.timestamp ?? 0;
  let viewport: { width: number; height: number } | undefined;
  for (const event of events) {
    if (event.timestamp - start > recordedAt) {
      break;
    }
    const data = event.data as { source?: number; width?: unknown; height?: unknown };
    if (
      event.type === EventType.IncrementalSnapshot &&
      data.source === IncrementalSource.ViewportResize &&
      typeof data.width === 'number' &&
      typeof data.height === 'number'
    ) {
      viewport = { width: data.width, height: data.height };
    }
  }
  return viewport;
}

/** Returns the page URL the recording shows at `recordedAt` ms after its first event. */
export function recordedUrlAt(events: eventWithTime[], recordedAt: number): string {
  const start = events[0]?.timestamp ?? 0;
  let url = '';
  for (const event of events) {
    if (event.timestamp - start > recordedAt) {
      break;
    }
    if (event.type === 4) {
      url = (event.data as { href: string }).href;
    } else if (event.type === 5) {
      const custom = event.data as { tag: string; payload: { href?: unknown } };
      if (custom.tag === CUSTOM_EVENT_TAGS.url && typeof custom.payload.href === 'string') {
        url = custom.payload.href;
      }
    }
  }
  return url;
}

async function closeContext(context: BrowserContext): Promise<void> {
  await context.close().catch(() => undefined);
}
