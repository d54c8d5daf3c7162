import type { Locator, Page } from '@playwright/test';
import type { ActionTarget, SelectorCandidate } from '../compile/plan.js';
import { toLocator } from '../compile/locator.js';

/** The element a step acts on, and how it was found. */
export type ResolvedTarget =
  | { kind: 'element'; locator: Locator; candidate: SelectorCandidate }
  | { kind: 'point'; x: number; y: number; candidate: SelectorCandidate };

export interface ResolveOptions {
  /** Real milliseconds to keep retrying before the step counts as unresolved. */
  timeoutMs: number;
  /** Called between attempts so timers, renders and mocked responses can move on. */
  waitBetweenAttempts: () => Promise<void>;
}

/**
 * Finds the live element for a recorded target: the first candidate that matches exactly one
 * element wins. A candidate that matches several elements of which exactly one is visible also
 * wins, because some frameworks render a control in every row and show it in one (React's
 * TodoMVC renders an edit field per row and shows only the one being edited). Candidates are retried until the timeout because the element may appear only
 * after a mocked response arrives. Recorded coordinates are used only when the recording offered
 * nothing else, so a removed element is reported as unresolved instead of clicking whatever
 * happens to sit at the old position.
 */
export async function resolveTarget(
  page: Page,
  target: ActionTarget,
  options: ResolveOptions,
): Promise<ResolvedTarget | undefined> {
  const elementCandidates = target.candidates.filter(
    (candidate) => candidate.strategy !== 'coordinates',
  );
  const pointCandidate = target.candidates.find(
    (candidate) => candidate.strategy === 'coordinates',
  );

  if (elementCandidates.length === 0) {
    return pointCandidate?.strategy === 'coordinates'
      ? { kind: 'point', x: pointCandidate.x, y: pointCandidate.y, candidate: pointCandidate }
      : undefined;
  }

  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    for (const candidate of elementCandidates) {
      const locator = await uniqueLocator(toLocator(page, candidate));
      if (locator) {
        return { kind: 'element', locator, candidate };
      }
    }
    if (Date.now() >= deadline) {
      return undefined;
    }
    await options.waitBetweenAttempts();
  }
}

async function uniqueLocator(locator: Locator): Promise<Locator | undefined> {
  const count = await locator.count();
  if (count === 1) {
    return locator;
  }
  if (count > 1) {
    const visible = locator.filter({ visible: true });
    if ((await visible.count()) === 1) {
      return visible;
    }
  }
  return undefined;
}

/**
 * Hovers the nearest visible ancestor of a hidden element, for controls that appear only on
 * hover (TodoMVC's destroy button is `display: none` until its row is hovered). The hover
 * gets the step's timeout: an ancestor that the DOM calls visible can still be one that
 * Playwright never finds visible, and a hover without a timeout would wait for the test's.
 */
export async function revealByHover(locator: Locator, timeoutMs: number): Promise<void> {
  if (await locator.isVisible()) {
    return;
  }
  const ancestor = await locator.evaluateHandle((element) => {
    let current: Element | null = element.parentElement;
    while (current && !current.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) {
      current = current.parentElement;
    }
    return current;
  });
  const ancestorElement = ancestor.asElement();
  if (ancestorElement) {
    await ancestorElement.hover({ timeout: timeoutMs });
  }
  await ancestor.dispose();
}
