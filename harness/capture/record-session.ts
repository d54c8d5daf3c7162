import { randomBytes } from 'node:crypto';
import { chromium, type Browser, type Page } from '@playwright/test';
import { browserLaunchOptions } from '../browser/resolve-browser.js';
import { parseRecording } from '../fixture/read-recording.js';
import type { Recording, RecordingMeta } from '../fixture/recording.js';
import { RECORDING_FORMAT, RECORDING_VERSION } from '../fixture/recording.js';
import { formatMessage, UsageError } from '../shared/errors.js';
import { CaptureSink } from './capture-sink.js';
import { blockRemoteTraffic, isChromiumServiceUrl, isLoopbackUrl } from './network-guard.js';
import { DEFAULT_MAX_BODY_BYTES, drainPage, installCaptureScripts } from './page-scripts.js';
import { RECORDER_NAME, recorderVersion } from './recorder-info.js';
import { startRecorderServer, type RecorderServer } from './recorder-server.js';
import { installSeededRandomness } from './seed-randomness.js';

/**
 * Scripted user actions. The flow gets a blank tab and the session URL, and opens the URL
 * itself (`await page.goto(baseURL)`), so it can add `page.route` handlers first.
 */
export type RecordingFlow = (page: Page, baseURL: string) => Promise<void>;

/** Options of `recordSession`. */
export interface RecordSessionOptions {
  /** First page of the session; it must be served on 127.0.0.1, localhost or [::1]. */
  url: string;
  /** Scripted actions. Without a flow a headed browser opens the URL and the user acts by hand. */
  flow?: RecordingFlow;
  /** Session name stored in `meta.name`. */
  name: string;
  viewport?: { width: number; height: number };
  deviceScaleFactor?: number;
  /** BCP 47 locale such as `en-US`; Chromium's default when missing. */
  locale?: string;
  /** IANA time zone such as `Europe/Berlin`; the machine's zone when missing. */
  timeZone?: string;
  /** Seed for replay randomness, stored in `meta.seed`; a random one when missing. */
  seed?: string;
  /**
   * Draws `Math.random` and `crypto` values from `seed` while recording, as the replay does,
   * so that random ids the app renders match in the replay. True by default with a flow,
   * false without one. Never enable it where real users record, because seeded `crypto`
   * values are predictable to anyone who knows the seed.
   */
  seedRandomness?: boolean;
  /** Shows the browser window while a flow runs. Always true without a flow. */
  headed?: boolean;
  /** Cap on each captured body in bytes; 1 MiB when missing. */
  maxBodyBytes?: number;
  /** Receives warnings such as blocked requests; they go to stderr when missing. */
  onWarning?: (message: string) => void;
}

/** Milliseconds to wait for unload beacons after the user closes the window. */
const BEACON_GRACE_MS = 500;

/** Viewport of a recording when none is given. */
export const DEFAULT_VIEWPORT = { width: 1280, height: 720 };

/**
 * Records one session in Chromium: rrweb events plus every fetch and XMLHttpRequest
 * exchange of the first tab. Requests to hosts other than this machine are aborted unless
 * the flow fulfills them with `page.route`.
 *
 * @throws UsageError for a non-local URL, a missing display without a flow, a failing flow
 *   or a session without an rrweb full snapshot.
 */
export async function recordSession(options: RecordSessionOptions): Promise<Recording> {
  checkUrl(options.url);
  if (
    !options.flow &&
    process.platform === 'linux' &&
    !process.env.DISPLAY &&
    !process.env.WAYLAND_DISPLAY
  ) {
    throw new UsageError(
      'Recording by hand needs a browser window, but no display is available (DISPLAY is not set). Pass --flow with a script of the user actions, or run on a machine with a desktop.',
    );
  }
  const warn =
    options.onWarning ?? ((message: string) => process.stderr.write(`${formatMessage(message)}\n`));
  const sink = new CaptureSink();
  const server = await startRecorderServer((batch) => sink.receiveBeacon(batch));
  try {
    const headless = options.flow ? !options.headed : false;
    const launchOptions = browserLaunchOptions(process.env, { headless });
    const browser = await chromium.launch({
      ...launchOptions,
      args: [...launchOptions.args, server.proxyArgument],
      headless,
    });
    let recording: Recording;
    try {
      recording = await recordInBrowser(browser, sink, server, options, warn);
    } finally {
      await browser.close();
    }
    const blocked = server.blockedUrls().filter((url) => !isChromiumServiceUrl(url));
    if (blocked.length > 0) {
      warn(
        `Blocked ${blocked.length} request(s) to hosts other than this machine that bypassed route interception: ${blocked.join(', ')}`,
      );
    }
    return recording;
  } finally {
    await server.close();
  }
}

async function recordInBrowser(
  browser: Browser,
  sink: CaptureSink,
  server: RecorderServer,
  options: RecordSessionOptions,
  warn: (message: string) => void,
): Promise<Recording> {
  const viewport = options.viewport ?? DEFAULT_VIEWPORT;
  const deviceScaleFactor = options.deviceScaleFactor ?? 1;
  const context = await browser.newContext({
    viewport,
    deviceScaleFactor,
    ...(options.locale ? { locale: options.locale } : {}),
    ...(options.timeZone ? { timezoneId: options.timeZone } : {}),
    // A service worker would respond to requests out of reach of the routes and the capture.
    serviceWorkers: 'block',
  });
  await blockRemoteTraffic(context);

  let recordedPage: Page | undefined;
  // NOTE: only the first tab is recorded, so popups and tabs the user opens are ignored.
  await installCaptureScripts(context, {
    receive: (page, batch) => {
      if (page === recordedPage) {
        sink.receive(batch);
      }
    },
    beaconUrl: server.beaconUrl,
    maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
  });
  const seed = options.seed ?? randomBytes(8).toString('hex');
  if (options.seedRandomness ?? options.flow !== undefined) {
    await installSeededRandomness(context, seed);
  }

  const startedAt = Date.now();
  const page = await context.newPage();
  recordedPage = page;
  const facts = await readPageFacts(page);

  let endedAt: number;
  if (options.flow) {
    await runFlow(options.flow, page, options.url);
    endedAt = Date.now();
    if (!(await drainPage(page, sink))) {
      warn(
        'Some network exchanges were still in flight when the flow ended, so the recording lacks them. Wait for them at the end of the flow.',
      );
    }
  } else {
    await page.goto(options.url);
    await new Promise<void>((resolve) => {
      page.once('close', () => resolve());
      browser.once('disconnected', () => resolve());
    });
    endedAt = Date.now();
    // The unload beacons of the closed window may still be on their way to the server.
    await new Promise((resolve) => setTimeout(resolve, BEACON_GRACE_MS));
  }
  sink.stop();
  await context.close().catch(() => undefined);

  const events = sink.orderedEvents();
  const meta: RecordingMeta = {
    name: options.name,
    startedAt,
    endedAt,
    url: firstPageUrl(events) ?? options.url,
    viewport,
    deviceScaleFactor,
    userAgent: facts.userAgent,
    locale: options.locale ?? facts.locale,
    timeZone: options.timeZone ?? facts.timeZone,
    seed,
    recorder: { name: RECORDER_NAME, version: recorderVersion() },
  };
  const recording = {
    format: RECORDING_FORMAT,
    version: RECORDING_VERSION,
    meta,
    events,
    network: sink.orderedExchanges(),
  };
  return validateRecorded(options.url, recording);
}

function checkUrl(url: string): void {
  let protocol: string;
  try {
    protocol = new URL(url).protocol;
  } catch {
    throw new UsageError(
      `"${url}" is not a valid URL. Pass the address of your app, for example http://127.0.0.1:3000/.`,
    );
  }
  if (protocol !== 'http:' && protocol !== 'https:') {
    throw new UsageError(
      `"${url}" is not an http(s) URL. Pass the address of your app, for example http://127.0.0.1:3000/.`,
    );
  }
  if (!isLoopbackUrl(url)) {
    throw new UsageError(
      `"${url}" is not on this machine. replaygate records only apps served on 127.0.0.1, localhost or [::1], so no recorded page reaches the internet; serve your build locally and pass its local URL.`,
    );
  }
}

async function readPageFacts(
  page: Page,
): Promise<{ userAgent: string; locale: string; timeZone: string }> {
  return page.evaluate(() => ({
    userAgent: navigator.userAgent,
    locale: navigator.language,
    timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
  }));
}

async function runFlow(flow: RecordingFlow, page: Page, baseURL: string): Promise<void> {
  try {
    await flow(page, baseURL);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new UsageError(`The flow failed on ${page.url()}: ${message}`, { cause: error });
  }
}

function firstPageUrl(events: Recording['events']): string | undefined {
  for (const event of events) {
    if (event.type === 4 && /^https?:/.test(event.data.href)) {
      return event.data.href;
    }
  }
  return undefined;
}

function validateRecorded(url: string, recording: unknown): Recording {
  try {
    return parseRecording(`recording of ${url}`, recording);
  } catch (error) {
    throw new UsageError(
      `${(error as Error).message}\nMake sure the flow opens the page (await page.goto(baseURL)) and that the page finishes loading before the flow ends or the window closes.`,
      { cause: error },
    );
  }
}
