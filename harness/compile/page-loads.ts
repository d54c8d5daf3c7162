import type { Action } from './plan.js';
import type { DraftStep } from './draft-step.js';
import type { Intent, PageLoad } from './intents.js';

/**
 * A click, press, double-click or select this long before the next page load caused it.
 * NOTE: an estimate that covers slow server responses; a timer-driven redirect within this
 * window after a click is attributed to the click.
 */
export const NAVIGATION_CAUSE_WINDOW_MS = 10_000;

/** A page that a navigation left again this fast, with no step on it, was a redirect. */
const REDIRECT_WINDOW_MS = 3_000;

/** A same-document URL change this soon after a step is that step's effect. */
const URL_CHANGE_WINDOW_MS = 2_000;

/** Actions that can make the browser load another page. */
export const NAVIGATION_CAUSES = new Set<Action['kind']>(['click', 'dblclick', 'press', 'select']);

/** Effect of one page load on the plan. */
export interface PageLoadOutcome {
  /** Page a plain load of the start URL ends on, moved forward by redirects. */
  startLandsOnPage: number;
  /** A `navigate` step to add when no recorded step caused the load. */
  navigate?: DraftStep;
}

/**
 * Attributes a page load (a Meta event after the first) to its cause. A short-lived page
 * without steps that its script or a meta refresh left was a redirect, so the step that led
 * there now leads to this page. A recent
 * click, press, double-click or select on the previous page caused the load and expects
 * its URL, unless the previous page reported that the browser started the load. Otherwise
 * the user navigated (typed a URL, reloaded) and a `navigate` step replays it. Mutates the
 * last step in `steps` when it is the cause.
 */
export function attributePageLoad(
  steps: DraftStep[],
  intent: Extract<Intent, { kind: 'page' }>,
  pages: PageLoad[],
  startLandsOnPage: number,
): PageLoadOutcome {
  const previousPage = intent.pageIndex - 1;
  if (intent.navigationType !== undefined) {
    // The user pressed reload, back or forward, so no earlier step caused this load, however
    // soon after it the load came.
    const navigate: DraftStep = {
      action: { kind: 'navigate', url: intent.href, via: intent.navigationType },
      at: intent.time,
      pageIndex: previousPage,
      resultPage: intent.pageIndex,
    };
    return { startLandsOnPage, navigate };
  }
  const last = steps[steps.length - 1];
  const previousLoad = pages[previousPage];
  const dwell = previousLoad ? intent.time - previousLoad.time : Infinity;
  // A redirect is the page's own doing (a script or a meta refresh), never the browser's
  // controls or a link the user followed.
  const maybeRedirect = intent.initiator === undefined || intent.initiator === 'page-script';
  const redirected =
    maybeRedirect && dwell <= REDIRECT_WINDOW_MS && (!last || last.resultPage === previousPage);
  if (last && redirected && last.resultPage === previousPage && last.pageIndex < previousPage) {
    last.expectNavigationTo = intent.href;
    last.resultPage = intent.pageIndex;
    return { startLandsOnPage };
  }
  if (!last && redirected && previousPage === startLandsOnPage) {
    return { startLandsOnPage: intent.pageIndex };
  }
  const caused =
    last !== undefined &&
    last.pageIndex === previousPage &&
    last.resultPage === previousPage &&
    NAVIGATION_CAUSES.has(last.action.kind) &&
    intent.time - last.at <= NAVIGATION_CAUSE_WINDOW_MS &&
    intent.initiator !== 'browser';
  if (last && caused) {
    last.expectNavigationTo = intent.href;
    last.resultPage = intent.pageIndex;
    return { startLandsOnPage };
  }
  const navigate: DraftStep = {
    action: { kind: 'navigate', url: intent.href },
    at: intent.time,
    pageIndex: previousPage,
    resultPage: intent.pageIndex,
  };
  return { startLandsOnPage, navigate };
}

/**
 * Sets `expectNavigationTo` on the last step when a same-document URL change
 * (`replaygate.url`) followed it closely and it can change the URL.
 */
export function attributeUrlChange(
  steps: DraftStep[],
  intent: Extract<Intent, { kind: 'url' }>,
): void {
  const last = steps[steps.length - 1];
  if (
    last &&
    NAVIGATION_CAUSES.has(last.action.kind) &&
    last.expectNavigationTo === undefined &&
    intent.time - last.at <= URL_CHANGE_WINDOW_MS
  ) {
    last.expectNavigationTo = intent.href;
  }
}
