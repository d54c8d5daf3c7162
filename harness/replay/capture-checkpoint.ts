import type { Page } from '@playwright/test';
import type { DomSnapshot } from '../score/dom-snapshot.js';
import { captureVisibleDom } from '../score/dom-snapshot.js';

/** What is ignored when capturing a checkpoint. */
export interface CaptureOptions {
  /** CSS selectors painted over in screenshots and collapsed in DOM snapshots. */
  masks: string[];
  ignoreAttributes: string[];
}

/** The raw evidence of one checkpoint, on either side of a comparison. */
export interface CapturedCheckpoint {
  png: Buffer;
  dom: DomSnapshot;
  url: string;
  /**
   * False when `url` is only where the last page load was, because the recording does not
   * store where the page went since. The checkpoint then makes no URL check.
   */
  urlKnown?: boolean;
}

/**
 * Captures a screenshot and the visible DOM of the live page. The caller stabilizes the page
 * first (virtual time advanced, requests settled, mouse parked).
 */
export async function captureLiveCheckpoint(
  page: Page,
  options: CaptureOptions,
): Promise<CapturedCheckpoint> {
  const png = await page.screenshot({
    animations: 'disabled',
    caret: 'hide',
    scale: 'device',
    mask: options.masks.map((selector) => page.locator(selector)),
  });
  const dom = await page.evaluate(captureVisibleDom, {
    masks: options.masks,
    ignoreAttributes: options.ignoreAttributes,
  });
  return { png, dom, url: page.url() };
}
