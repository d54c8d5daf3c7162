import type { BrowserContextOptions } from '@playwright/test';
import type { Recording } from '../harness/fixture/recording.js';
import { installDeterminism } from '../harness/replay/determinism/install-determinism.js';
import { createUrlMapper } from '../harness/replay/map-url.js';
import { installNetwork } from '../harness/replay/network/install-network.js';
import { createSettler, type Settler } from '../harness/replay/settle.js';
import type { PhaseClock } from './phase-clock.js';
import type { ProfileSessionOptions } from './profile-session.js';

/** The browser side of a profiled replay, as `openLiveSession` builds it. */
export type ProfiledLiveSession = Awaited<ReturnType<typeof openProfiledLiveSession>>;

/**
 * Opens the replay's browser context as `openLiveSession` does, in the same order, timing
 * each part: context, trace, network, virtual clock and seeded randomness, page.
 */
export async function openProfiledLiveSession(
  options: ProfileSessionOptions,
  recording: Recording,
  clock: PhaseClock,
) {
  const { meta } = recording;
  const appOrigin = new URL(options.baseURL).origin;
  const recordedOrigin = new URL(meta.url).origin;
  const contextOptions: BrowserContextOptions = {
    viewport: options.settings.viewport ?? meta.viewport,
    deviceScaleFactor: meta.deviceScaleFactor,
    locale: meta.locale,
    timezoneId: meta.timeZone,
    userAgent: meta.userAgent,
    serviceWorkers: 'block',
  };
  const context = await clock.time('contextSetup', () =>
    options.browser.newContext(contextOptions),
  );
  if (options.tracing ?? false) {
    await clock.time('tracing', () =>
      context.tracing.start({ screenshots: true, snapshots: true }),
    );
  }
  const network = await clock.time('networkInstall', () =>
    installNetwork(context, {
      exchanges: recording.network,
      recordedOrigin,
      appOrigin,
      volatileQueryParams: options.settings.network.volatileQueryParams,
      passthrough: options.settings.network.passthrough,
    }),
  );
  const recordingStart = recording.events[0]?.timestamp ?? meta.startedAt;
  const determinism = await clock.time('determinismInstall', () =>
    installDeterminism(context, { seed: meta.seed, startTime: recordingStart }),
  );
  const page = await clock.time('contextSetup', async () => {
    const created = await context.newPage();
    // runSession collects these; listening to console messages costs a little per message.
    created.on('pageerror', () => undefined);
    created.on('console', (message) => message.type());
    return created;
  });
  const settler: Settler = createSettler({
    page,
    determinism,
    network,
    settleMs: options.settings.settleMs,
  });
  const mapUrl = createUrlMapper(recordedOrigin, appOrigin);
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
  };
}
