import type { Browser, BrowserContext, BrowserContextOptions, Page } from '@playwright/test';
import type { Recording } from '../fixture/recording.js';
import type { AttemptTrace } from '../runner/trace-policy.js';
import type { SessionSettings } from '../runner/run-plan.js';
import { installDeterminism } from './determinism/install-determinism.js';
import { installNetwork, type NetworkController } from './network/install-network.js';
import { DialogAnswers } from './dialog-answers.js';
import { createSettler, type Settler } from './settle.js';
import { createUrlMapper, isSameAppLocation } from './map-url.js';

/** The browser side of one replay: a fresh context with time, randomness and network controlled. */
export interface LiveSession {
  context: BrowserContext;
  page: Page;
  network: NetworkController;
  settler: Settler;
  /** Epoch milliseconds of the recording's first event: the replay's virtual time starts here. */
  recordingStart: number;
  mapUrl: (recordedUrl: string) => string;
  appOrigin: string;
  recordedOrigin: string;
  contextOptions: BrowserContextOptions;
  pageErrors: string[];
  consoleErrors: string[];
  /** Waits for the page to reach the recorded URL; false when it did not in time. */
  waitForUrl(recordedUrl: string, timeoutMs: number): Promise<boolean>;
  /**
   * Tells whether the recorded user left the page during the step that runs now, which
   * decides the answer to a `beforeunload` prompt.
   */
  setLeaving(leaving: boolean): void;
  /**
   * Closes the context. When this session records a trace, saves it to `tracePath` if given
   * and returns that path; otherwise returns undefined.
   */
  close(tracePath?: string): Promise<string | undefined>;
}

/**
 * Opens a browser context that reproduces the recorded environment. The order matters: the
 * fake clock and the seeded random sources are installed and the network is routed before the
 * first navigation, so the app's first script already sees them.
 */
export async function openLiveSession(
  options: { browser: Browser; baseURL: string; settings: SessionSettings; trace: AttemptTrace },
  recording: Recording,
): Promise<LiveSession> {
  const { meta } = recording;
  const appOrigin = new URL(options.baseURL).origin;
  const recordedOrigin = new URL(meta.url).origin;

  const contextOptions: BrowserContextOptions = {
    viewport: options.settings.viewport ?? meta.viewport,
    deviceScaleFactor: meta.deviceScaleFactor,
    locale: meta.locale,
    timezoneId: meta.timeZone,
    userAgent: meta.userAgent,
    // The fake clock and page routing do not reach service workers, so none may run.
    serviceWorkers: 'block',
  };
  const context = await options.browser.newContext(contextOptions);
  // Tracing snapshots the DOM on every action, which costs about a third of a replay, so only
  // attempts whose trace may be kept record one.
  const tracing = options.trace !== 'off';
  if (tracing) {
    await context.tracing.start({ screenshots: true, snapshots: true });
  }

  const network = await installNetwork(context, {
    exchanges: recording.network,
    recordedOrigin,
    appOrigin,
    volatileQueryParams: options.settings.network.volatileQueryParams,
    passthrough: options.settings.network.passthrough,
  });
  // Virtual time starts at the first recorded event, so that moving to `start + step.at`
  // before each step gives the app the same Date.now() the user's session saw.
  const recordingStart = recording.events[0]?.timestamp ?? meta.startedAt;
  const determinism = await installDeterminism(context, {
    seed: meta.seed,
    startTime: recordingStart,
  });

  const pageErrors: string[] = [];
  const consoleErrors: string[] = [];
  const page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  // Playwright accepts a `beforeunload` prompt when no handler is set, so a page whose user stayed
  // would leave in the replay. The recording shows whether the user left: a step that loads
  // another page. Confirms and prompts get the recorded answers, and the rest Playwright's
  // own default, dismissed.
  let leaving = false;
  const answers = new DialogAnswers(recording);
  page.on('dialog', (dialog) => {
    let closed: Promise<void>;
    if (dialog.type() === 'beforeunload') {
      closed = leaving ? dialog.accept() : dialog.dismiss();
    } else {
      const recorded = answers.next(dialog.type());
      closed = recorded?.accepted ? dialog.accept(recorded.value) : dialog.dismiss();
    }
    // The dialog may close with its page first, and then there is nothing to accept or dismiss.
    closed.catch(() => undefined);
  });
  page.on('console', (message) => {
    if (message.type() === 'error') {
      consoleErrors.push(message.text());
    }
  });

  const mapUrl = createUrlMapper(recordedOrigin, appOrigin);
  const settler = createSettler({
    page,
    determinism,
    network,
    settleMs: options.settings.settleMs,
  });

  return {
    context,
    page,
    network,
    settler,
    recordingStart,
    mapUrl,
    appOrigin,
    recordedOrigin,
    contextOptions,
    pageErrors,
    consoleErrors,
    async waitForUrl(recordedUrl, timeoutMs) {
      const expected = mapUrl(recordedUrl);
      return page
        .waitForURL((url) => isSameAppLocation(expected, url.href), { timeout: timeoutMs })
        .then(() => true)
        .catch(() => false);
    },
    setLeaving(value) {
      leaving = value;
    },
    async close(tracePath) {
      if (tracing) {
        await context.tracing.stop(tracePath ? { path: tracePath } : {}).catch(() => undefined);
      }
      await network.dispose();
      await context.close().catch(() => undefined);
      return tracing ? tracePath : undefined;
    },
  };
}
