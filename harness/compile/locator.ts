import type { FrameLocator, Locator, Page } from '@playwright/test';
import type { SelectorCandidate, SelectorHop } from './plan.js';

/**
 * Builds a regular expression that matches text equal to `text` after whitespace
 * normalization. Playwright tests a `hasText` regex against the element's raw text content
 * (playwright-core 1.65 `createTextMatcher`), so the pattern tolerates any whitespace
 * between words and at both ends instead of relying on normalized input.
 */
export function exactTextRegex(text: string): RegExp {
  const words = text
    .trim()
    .split(/\s+/)
    .filter((word) => word !== '')
    .map(escapeRegex);
  return new RegExp(words.length === 0 ? '^\\s*$' : `^\\s*${words.join('\\s+')}\\s*$`);
}

/**
 * Chains hops into a Playwright locator: each hop's CSS is evaluated inside the previous
 * match and narrowed to elements whose normalized text equals `hop.text`. After a hop that
 * enters a frame, the next hop is evaluated in the document of the matched `<iframe>`.
 */
export function hopsToLocator(root: Page | Locator, hops: SelectorHop[]): Locator {
  let scope: Page | Locator | FrameLocator = root;
  let locator: Locator | undefined;
  for (const hop of hops) {
    locator = narrow(scope.locator(hop.css), hop);
    scope = hop.enterFrame === true ? locator.contentFrame() : locator;
  }
  if (locator === undefined || hops.at(-1)?.enterFrame === true) {
    throw new TypeError('A selector candidate needs at least one hop after its last frame.');
  }
  return locator;
}

/**
 * Turns a selector candidate into a locator on `root`.
 *
 * @throws TypeError for `coordinates` candidates, which name a viewport point rather than an
 *   element: callers click those with `page.mouse`.
 */
export function toLocator(root: Page | Locator, candidate: SelectorCandidate): Locator {
  if (candidate.strategy === 'coordinates') {
    throw new TypeError(
      `The "coordinates" candidate ${candidate.display} has no locator; click it with page.mouse.`,
    );
  }
  return hopsToLocator(root, candidate.hops);
}

function narrow(locator: Locator, hop: SelectorHop): Locator {
  return hop.text === undefined ? locator : locator.filter({ hasText: exactTextRegex(hop.text) });
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
