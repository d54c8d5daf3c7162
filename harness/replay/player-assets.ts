import { createHash } from 'node:crypto';
import type { BrowserContext, Page, Request } from '@playwright/test';

/** Real milliseconds each wait for the replayer frame's assets may take: a missing asset must not hang the run. */
const ASSET_WAIT_MS = 5_000;

/**
 * Fingerprint of one asset a render loaded from the app: enough to tell, by fetching the path
 * again, whether a later build would render differently.
 */
export interface AssetFingerprint {
  /** Path and query on the app origin, such as `/css/app.css?v=2`. */
  path: string;
  /** The `accept` request header the browser sent, which a server may vary the response on. */
  accept: string;
  status: number;
  contentType: string;
  /** SHA-256 (hex) of the response body, or of `redirect:<location>` for a redirect. */
  sha256: string;
}

/** The requests of a browser context: how many are in flight, and what the app served. */
export interface RequestTracker {
  inFlight(): number;
  /**
   * Fingerprints of every app asset the context has loaded so far, sorted by path. Undefined
   * when one of them is still loading, failed, or was served twice with different content,
   * because such a render cannot be tied to the app's files.
   */
  appAssets(): Promise<AssetFingerprint[] | undefined>;
}

/**
 * Maps a request URL to its path on the app under test, or undefined for a request that never
 * reaches the app (aborted, or fulfilled by the harness itself).
 */
export type AppPathOf = (url: string) => string | undefined;

/**
 * Counts the requests of `context` in flight, from Playwright's request events, and
 * fingerprints every response of the app, as named by `appPathOf`.
 */
export function trackRequests(
  context: BrowserContext,
  appPathOf: AppPathOf = () => undefined,
): RequestTracker {
  let inFlight = 0;
  let appInFlight = 0;
  let unusable = false;
  const fingerprints: Array<Promise<AssetFingerprint | undefined>> = [];

  context.on('request', (request) => {
    inFlight += 1;
    if (appPathOf(request.url()) !== undefined) {
      appInFlight += 1;
    }
  });
  context.on('requestfinished', (request) => {
    inFlight = Math.max(0, inFlight - 1);
    const path = appPathOf(request.url());
    if (path !== undefined) {
      appInFlight -= 1;
      const fingerprint = fingerprintResponse(request, path, appPathOf);
      // Awaited by appAssets; a failure there only makes the render uncacheable.
      fingerprint.catch(() => undefined);
      fingerprints.push(fingerprint);
    }
  });
  context.on('requestfailed', (request) => {
    inFlight = Math.max(0, inFlight - 1);
    if (appPathOf(request.url()) !== undefined) {
      appInFlight -= 1;
      unusable = true;
    }
  });

  return {
    inFlight: () => inFlight,
    async appAssets() {
      if (unusable || appInFlight > 0) {
        return undefined;
      }
      const settled = await Promise.all(fingerprints.map((item) => item.catch(() => undefined)));
      return mergeFingerprints(settled);
    },
  };
}

async function fingerprintResponse(
  request: Request,
  path: string,
  appPathOf: AppPathOf,
): Promise<AssetFingerprint | undefined> {
  const response = await request.response();
  if (response === null) {
    return undefined;
  }
  const headers = await response.allHeaders();
  const status = response.status();
  const accept = (await request.allHeaders()).accept ?? '';
  // A redirect has no body to read; its target is compared without the app's origin, whose
  // port changes from run to run.
  const body = isRedirect(status)
    ? Buffer.from(redirectDigestInput(headers.location, request.url(), appPathOf))
    : await response.body();
  return {
    path,
    accept,
    status,
    contentType: headers['content-type'] ?? '',
    sha256: createHash('sha256').update(body).digest('hex'),
  };
}

/** True for the HTTP statuses whose response points elsewhere with a `location` header. */
export function isRedirect(status: number): boolean {
  return status >= 300 && status < 400;
}

/** Returns the text hashed for a redirect: its target, as an app path when it stays on the app. */
export function redirectDigestInput(
  location: string | undefined,
  requestUrl: string,
  appPathOf: AppPathOf,
): string {
  if (location === undefined) {
    return 'redirect:';
  }
  let target: string;
  try {
    target = new URL(location, requestUrl).href;
  } catch {
    target = location;
  }
  return `redirect:${appPathOf(target) ?? target}`;
}

/** Sorts and deduplicates fingerprints; undefined when one is missing or a path has two. */
function mergeFingerprints(
  items: Array<AssetFingerprint | undefined>,
): AssetFingerprint[] | undefined {
  const byPath = new Map<string, AssetFingerprint>();
  for (const item of items) {
    if (item === undefined) {
      return undefined;
    }
    const key = `${item.path}\n${item.accept}`;
    const earlier = byPath.get(key);
    if (earlier !== undefined && JSON.stringify(earlier) !== JSON.stringify(item)) {
      return undefined;
    }
    byPath.set(key, item);
  }
  return [...byPath.values()].sort((a, b) =>
    a.path === b.path ? a.accept.localeCompare(b.accept) : a.path.localeCompare(b.path),
  );
}

/**
 * Waits until every image element of the replayer's frame has loaded or failed, no request
 * (style sheets, fonts) is in flight, every CSS background image is decoded, and fonts are
 * ready. Each wait is bounded in time.
 */
export async function waitForImages(page: Page, requests: RequestTracker): Promise<void> {
  await page
    .waitForFunction(
      () => {
        const frameDocument = document.querySelector('iframe')?.contentDocument;
        if (!frameDocument) {
          return false;
        }
        return Array.from(frameDocument.images).every((image) => image.complete);
      },
      undefined,
      { timeout: ASSET_WAIT_MS },
    )
    .catch(() => undefined);
  const deadline = Date.now() + ASSET_WAIT_MS;
  while (requests.inFlight() > 0 && Date.now() < deadline) {
    await page.waitForTimeout(20);
  }
  // A background image is requested only when the browser next computes styles, which can be
  // after the last request above finished (a style sheet that just arrived), so request
  // counts alone can miss it.
  await page.evaluate(decodeBackgroundImages, ASSET_WAIT_MS);
  await page.evaluate(() => document.querySelector('iframe')?.contentDocument?.fonts.ready);
}

/**
 * Runs in the player page: reads the computed `background-image` of every element of the
 * replayer's frame and its `::before` and `::after`, then loads each URL with an image element
 * of the frame and waits for `decode()`, at most `timeoutMs`. Loading the same URL in the same
 * document shares the background's request and decoded image.
 */
async function decodeBackgroundImages(timeoutMs: number): Promise<void> {
  const frameDocument = document.querySelector('iframe')?.contentDocument;
  const frameWindow = frameDocument?.defaultView;
  if (!frameDocument || !frameWindow) {
    return;
  }
  const urlPattern = /url\(\s*(?:"([^"]*)"|'([^']*)'|([^)]*?))\s*\)/g;
  const urls = new Set<string>();
  for (const element of Array.from(frameDocument.querySelectorAll('*'))) {
    for (const pseudo of [null, '::before', '::after']) {
      const value = frameWindow.getComputedStyle(element, pseudo).backgroundImage;
      for (const match of value.matchAll(urlPattern)) {
        const url = match[1] ?? match[2] ?? match[3];
        if (url) {
          urls.add(url);
        }
      }
    }
  }

  const decodeOne = async (url: string): Promise<void> => {
    const image = frameDocument.createElement('img');
    image.src = url;
    // A broken image shows no background on either side, so a failed decode needs no wait.
    await image.decode().catch(() => undefined);
  };
  const timeout = new Promise<void>((resolve) => setTimeout(resolve, timeoutMs));
  await Promise.race([Promise.all(Array.from(urls, decodeOne)), timeout]);
}
