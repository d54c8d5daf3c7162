import type { BrowserContext, Route } from '@playwright/test';
import { workerPreludeSource, type WorkerStart } from './page-determinism.js';
import {
  WORKER_CLOCK_KEY,
  WORKER_MARKER_PARAM,
  type WorkerClockController,
  type WorkerMarker,
} from './worker-scripts.js';

const JAVASCRIPT = 'text/javascript; charset=utf-8';

/**
 * Fulfills every request for a worker script URL that carries the marker parameter with the
 * worker's bootstrap, built from the marker. The bootstrap then loads the app's script from
 * its own URL, which goes through the context's other routes like any script request. No
 * marked request reaches a server: an invalid marker aborts the request.
 *
 * The handler fulfills without falling back, so it may be registered before or after the
 * network routes. Registered after them it runs first, and the network log lists only the
 * app's script.
 */
export async function routeWorkerBootstraps(
  context: BrowserContext,
  workerScriptName: string,
): Promise<void> {
  await context.route(
    (url) => url.searchParams.has(WORKER_MARKER_PARAM),
    (route) => fulfillBootstrap(route, workerScriptName),
  );
}

async function fulfillBootstrap(route: Route, workerScriptName: string): Promise<void> {
  const requestUrl = new URL(route.request().url());
  const marker = parseMarker(requestUrl);
  if (!marker) {
    await route.abort('blockedbyclient');
    return;
  }
  const start: WorkerStart = {
    seed: marker.seed,
    startTime: marker.startTime,
    location: marker.location,
    workerScriptName,
    ...(marker.realClock ? { realClock: true } : {}),
  };
  let body: string;
  if (marker.prelude) {
    body = workerPreludeSource(start);
  } else if (marker.type === 'classic') {
    body = workerPreludeSource(start, `importScripts(${JSON.stringify(marker.location)});\n`);
  } else {
    // Static imports run in order, so the prelude runs before the app's module and its imports.
    const preludeUrl = new URL(requestUrl);
    preludeUrl.searchParams.set(WORKER_MARKER_PARAM, JSON.stringify({ ...marker, prelude: true }));
    body = [
      `import ${JSON.stringify(preludeUrl.href)};`,
      `import ${JSON.stringify(marker.location)};`,
      `//# sourceURL=${workerScriptName}`,
      '',
    ].join('\n');
  }
  await route.fulfill({ status: 200, contentType: JAVASCRIPT, body });
}

/**
 * Reads the marker of a bootstrap URL, or returns undefined when it is invalid or names a
 * script on another origin, which a bootstrap must never load.
 */
export function parseMarker(requestUrl: URL): WorkerMarker | undefined {
  let value: unknown;
  try {
    value = JSON.parse(requestUrl.searchParams.get(WORKER_MARKER_PARAM) ?? '');
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) {
    return undefined;
  }
  const { type, seed, startTime, location, prelude, realClock } = value as Record<string, unknown>;
  if (
    (type !== 'classic' && type !== 'module') ||
    typeof seed !== 'string' ||
    typeof startTime !== 'number' ||
    !Number.isFinite(startTime) ||
    typeof location !== 'string' ||
    (prelude !== undefined && prelude !== true) ||
    (realClock !== undefined && realClock !== true)
  ) {
    return undefined;
  }
  let locationUrl: URL;
  try {
    locationUrl = new URL(location);
  } catch {
    return undefined;
  }
  if (locationUrl.origin !== requestUrl.origin) {
    return undefined;
  }
  return {
    type,
    seed,
    startTime,
    location,
    ...(prelude ? { prelude } : {}),
    ...(realClock ? { realClock } : {}),
  };
}

/**
 * Moves the virtual clock of every dedicated worker that Playwright reports for the pages of
 * `context` to `time`, firing the worker's due timers. A worker whose prelude has not run yet
 * keeps the time it was created at until the next call.
 */
export async function advanceWorkerClocks(context: BrowserContext, time: number): Promise<void> {
  const workers = context.pages().flatMap((page) => page.workers());
  await Promise.all(
    workers.map((worker) =>
      worker
        .evaluate(
          async ([key, target]) => {
            const clock = (globalThis as Record<symbol, unknown>)[Symbol.for(key)] as
              WorkerClockController | undefined;
            await clock?.advanceTo(target);
          },
          [WORKER_CLOCK_KEY, time] as const,
        )
        // A worker that closed or was terminated meanwhile has no clock to move.
        .catch(() => undefined),
    ),
  );
}
