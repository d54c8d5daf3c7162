import type { BrowserContext, Page } from '@playwright/test';

/** Real milliseconds each wait for the replayer frame's assets may take: a missing asset must not hang the run. */
const ASSET_WAIT_MS = 5_000;

/** Count of the requests of a browser context that have started and not yet finished or failed. */
export interface RequestTracker {
  inFlight(): number;
}

/** Counts the requests of `context` in flight, from Playwright's request events. */
export function trackRequests(context: BrowserContext): RequestTracker {
  let inFlight = 0;
  context.on('request', () => {
    inFlight += 1;
  });
  const settle = (): void => {
    inFlight = Math.max(0, inFlight - 1);
  };
  context.on('requestfinished', settle);
  context.on('requestfailed', settle);
  return { inFlight: () => inFlight };
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
