import type { Browser, BrowserContext, Page, Route } from '@playwright/test';
import type { eventWithTime } from '@rrweb/types';
import { CUSTOM_EVENT_TAGS, type Recording } from '../fixture/recording.js';
import type { CapturedCheckpoint, CaptureOptions } from './capture-checkpoint.js';
import { captureVisibleDom } from '../score/dom-snapshot.js';
import { rrwebBundlePath } from '../capture/page-scripts.js';
import { trackRequests, waitForImages, type RequestTracker } from './player-assets.js';

/**
 * The player page is served on the app's own origin: Chromium's private network access
 * rules block a page on any other origin from loading the app's assets on 127.0.0.1.
 */
const PLAYER_PATH = '/__replaygate__/recording-player.html';

/** Page styles that put the replayer's iframe exactly where the live page would be. */
const PLAYER_HTML = `<!doctype html><html><head><meta charset="utf-8"><style>
html, body { margin: 0; padding: 0; overflow: hidden; background: #fff; }
.replayer-wrapper { position: relative; }
.replayer-mouse, .replayer-mouse-tail { display: none !important; }
iframe { border: 0; display: block; }
</style></head><body></body></html>`;

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

/** Renders the recorded DOM at chosen points in time, as the user saw it. */
export interface RecordingRenderer {
  render(recordedAt: number, options: CaptureOptions): Promise<CapturedCheckpoint>;
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
  const requests = trackRequests(context);

  const page = await context.newPage();
  await page.goto(new URL(PLAYER_PATH, options.appOrigin).href);
  await page.addScriptTag({ path: rrwebBundlePath() });
  await page.evaluate(startReplayer, options.recording.events as unknown[]);

  return {
    render: (recordedAt, captureOptions) =>
      renderAt(page, requests, options.recording, recordedAt, captureOptions),
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

/** Runs in the player page: creates the Replayer paused at the start. */
function startReplayer(events: unknown[]): void {
  const global = window as unknown as {
    rrweb: {
      Replayer: new (
        events: unknown[],
        config: object,
      ) => { pause(offset?: number): void; iframe: HTMLIFrameElement };
    };
    __replaygateReplayer: { pause(offset?: number): void };
  };
  const replayer = new global.rrweb.Replayer(events, {
    root: document.body,
    mouseTail: false,
    showWarning: false,
    skipInactive: false,
    // The live page shows focus styles, so the recorded focus must be applied too; rrweb's
    // virtual DOM drops focus while seeking, so it is off.
    triggerFocus: true,
    useVirtualDom: false,
  });

  // A user focuses controls with the mouse, which draws no focus ring on buttons, but rrweb
  // focuses them from script, which would. Text fields show the ring either way.
  const frameWindow = replayer.iframe.contentWindow as (Window & typeof globalThis) | null;
  if (frameWindow) {
    const prototype = frameWindow.HTMLElement.prototype;
    const focus = prototype.focus;
    prototype.focus = function focusWithoutRing(this: HTMLElement, options?: FocusOptions): void {
      const isTextField = this.matches('input, textarea, [contenteditable]');
      focus.call(this, isTextField ? options : { ...options, focusVisible: false });
    };
  }

  replayer.pause(0);
  global.__replaygateReplayer = replayer;
}

/**
 * Runs in the player page: seeks, then removes what rrweb's replayer adds to the rebuilt DOM
 * and the live page does not have.
 */
function seekReplayer(offset: number): void {
  interface SerializedMeta {
    attributes?: Record<string, unknown>;
  }
  const global = window as unknown as {
    __replaygateReplayer: {
      pause(offset?: number): void;
      getMirror(): { getMeta(node: Node): SerializedMeta | null };
    };
  };
  const replayer = global.__replaygateReplayer;
  // pause(t) applies the events strictly before t; a checkpoint includes the events at t.
  replayer.pause(offset + 1);
  const frameDocument = document.querySelector('iframe')?.contentDocument;
  if (!frameDocument) {
    return;
  }

  // The live replay parks the mouse before each screenshot, so no element is hovered there.
  for (const element of Array.from(frameDocument.querySelectorAll('.\\:hover'))) {
    element.classList.remove(':hover');
  }
  frameDocument.documentElement.classList.remove('rrweb-paused');

  // rrweb sets autocomplete="off" on every rebuilt input and textarea; keep it only where the
  // recorded element had it.
  const mirror = replayer.getMirror();
  for (const element of Array.from(frameDocument.querySelectorAll('input, textarea'))) {
    const recorded = mirror.getMeta(element)?.attributes ?? {};
    if (!('autocomplete' in recorded)) {
      element.removeAttribute('autocomplete');
    }
  }
}

async function renderAt(
  page: Page,
  requests: RequestTracker,
  recording: Recording,
  recordedAt: number,
  options: CaptureOptions,
): Promise<CapturedCheckpoint> {
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
