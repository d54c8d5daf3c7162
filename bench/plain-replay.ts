import { performance } from 'node:perf_hooks';
import type { Browser, BrowserContext, Locator, Page, Route } from '@playwright/test';
import { toLocator } from '../harness/compile/locator.js';
import type { ActionPlan, PlanStep, SelectorCandidate } from '../harness/compile/plan.js';
import type { NetworkExchange, Recording } from '../harness/fixture/recording.js';
import { createUrlMapper, isSameAppLocation } from '../harness/replay/map-url.js';
import { revealByHover } from '../harness/replay/resolve-target.js';
import type { StepResult } from '../harness/result/types.js';

/** Inputs of {@link runPlainReplay}. */
export interface PlainReplayOptions {
  browser: Browser;
  recording: Recording;
  plan: ActionPlan;
  /** Base URL of the app under test. */
  baseURL: string;
  /** Per step index, the candidate the harness resolved; see {@link resolvedCandidates}. */
  candidates: Array<SelectorCandidate | undefined>;
  /** Playwright timeout of each action, in milliseconds. */
  timeoutMs: number;
}

/** Outcome of one plain replay. */
export interface PlainReplayResult {
  /** Wall time from opening the context to closing it, in milliseconds. */
  ms: number;
  /** Wall time per phase, in milliseconds, named as in the harness profile. */
  phases: {
    contextSetup: number;
    navigation: number;
    steps: number;
    screenshot: number;
    close: number;
  };
  screenshots: number;
  /** Steps whose Playwright action threw; a plain script has no retry or settling. */
  failedSteps: number;
  firstError?: string;
}

/**
 * Replays a compiled plan as a hand-written Playwright script would: a plain context with the
 * recorded viewport, `goto`, each step's Playwright action on the locator the harness
 * resolved, and one screenshot per checkpoint. It has no virtual clock, seeded randomness,
 * MSW, settling, DOM snapshot, baseline or comparison, so it is the floor that the harness
 * overhead is measured against.
 *
 * Requests to hosts other than the app get the recorded response through a minimal
 * `route.fulfill`, or are aborted when nothing was recorded for them.
 */
export async function runPlainReplay(options: PlainReplayOptions): Promise<PlainReplayResult> {
  const { browser, recording, plan } = options;
  const start = performance.now();
  const result: PlainReplayResult = {
    ms: 0,
    phases: { contextSetup: 0, navigation: 0, steps: 0, screenshot: 0, close: 0 },
    screenshots: 0,
    failedSteps: 0,
  };
  const time = async <T>(phase: keyof PlainReplayResult['phases'], work: () => Promise<T>) => {
    const phaseStart = performance.now();
    try {
      return await work();
    } finally {
      result.phases[phase] += performance.now() - phaseStart;
    }
  };

  const appOrigin = new URL(options.baseURL).origin;
  const context = await time('contextSetup', () =>
    browser.newContext({
      viewport: recording.meta.viewport,
      deviceScaleFactor: recording.meta.deviceScaleFactor,
      serviceWorkers: 'block',
    }),
  );
  try {
    const page = await time('contextSetup', async () => {
      await routeOtherHosts(context, appOrigin, recording.network);
      return context.newPage();
    });
    const mapUrl = createUrlMapper(new URL(recording.meta.url).origin, appOrigin);
    const screenshots = async (afterStep: number): Promise<void> => {
      result.screenshots += await time('screenshot', () =>
        screenshotCheckpoints(page, plan, afterStep),
      );
    };

    await time('navigation', () => page.goto(mapUrl(plan.startUrl), { waitUntil: 'load' }));
    await screenshots(-1);
    for (const step of plan.steps) {
      const stepOptions = { mapUrl, timeoutMs: options.timeoutMs };
      await time('steps', () =>
        performPlainStep(page, step, options.candidates[step.index], stepOptions),
      ).catch((error: unknown) => {
        result.failedSteps += 1;
        result.firstError ??= `step ${step.index}: ${firstLine(error)}`;
      });
      await screenshots(step.index);
    }
  } finally {
    await time('close', () => context.close());
  }
  result.ms = performance.now() - start;
  return result;
}

/**
 * Picks, for each plan step, the selector candidate that the harness resolved in `steps`,
 * matched by its display string. Steps the harness did not resolve get undefined.
 */
export function resolvedCandidates(
  plan: ActionPlan,
  steps: StepResult[],
): Array<SelectorCandidate | undefined> {
  return plan.steps.map((step) => {
    const selector = steps.find((result) => result.index === step.index)?.selector;
    const target = 'target' in step.action ? step.action.target : null;
    if (selector === undefined || target === null || target === 'window') {
      return undefined;
    }
    return target.candidates.find((candidate) => candidate.display === selector);
  });
}

async function routeOtherHosts(
  context: BrowserContext,
  appOrigin: string,
  exchanges: NetworkExchange[],
): Promise<void> {
  // A regular expression route lets Playwright skip interception of the app's own requests.
  const otherHosts = new RegExp(`^(?!${escapeRegex(appOrigin)}/)`);
  await context.route(otherHosts, (route) => fulfillFromRecording(route, exchanges));
}

async function fulfillFromRecording(route: Route, exchanges: NetworkExchange[]): Promise<void> {
  const request = route.request();
  const exchange = exchanges.find(
    (candidate) =>
      candidate.request.method === request.method() && candidate.request.url === request.url(),
  );
  const response = exchange?.response;
  if (!response) {
    await route.abort('blockedbyclient');
    return;
  }
  const body = response.body;
  await route.fulfill({
    status: response.status,
    contentType: response.headers['content-type'] ?? 'application/octet-stream',
    body: body?.encoding === 'base64' ? Buffer.from(body.data, 'base64') : (body?.data ?? ''),
  });
}

async function performPlainStep(
  page: Page,
  step: PlanStep,
  candidate: SelectorCandidate | undefined,
  options: { mapUrl: (url: string) => string; timeoutMs: number },
): Promise<void> {
  const { action } = step;
  const timeout = options.timeoutMs;
  if (action.kind === 'navigate') {
    await page.goto(options.mapUrl(action.url), { waitUntil: 'load' });
  } else if (action.kind === 'scroll' && action.target === 'window') {
    await page.evaluate(({ x, y }) => window.scrollTo(x, y), action);
  } else if (action.kind === 'press' && action.target === null) {
    await page.keyboard.press(action.key);
  } else if (!candidate) {
    throw new Error(`the harness resolved no candidate for this ${action.kind}`);
  } else if (candidate.strategy === 'coordinates') {
    if (action.kind === 'dblclick') {
      await page.mouse.dblclick(candidate.x, candidate.y);
    } else {
      await page.mouse.click(candidate.x, candidate.y);
    }
  } else {
    await actOnLocator(toLocator(page, candidate), step, timeout);
  }

  if (step.expectNavigationTo) {
    const expected = options.mapUrl(step.expectNavigationTo);
    await page.waitForURL((url) => isSameAppLocation(expected, url.href), { timeout });
  }
}

/** The Playwright calls the harness makes for each action kind, without its retries. */
async function actOnLocator(locator: Locator, step: PlanStep, timeout: number): Promise<void> {
  const { action } = step;
  switch (action.kind) {
    case 'click':
      // TodoMVC's destroy button shows only on hover; a script author would hover its row too.
      await revealByHover(locator);
      await locator.click({ button: action.button, modifiers: modifierKeys(action), timeout });
      return;
    case 'dblclick':
      await revealByHover(locator);
      await locator.dblclick({ timeout });
      return;
    case 'type':
      if (action.clearFirst) {
        await locator.fill('', { timeout });
      } else {
        // Appends, as the recorded values show the user did.
        await locator.focus({ timeout });
        await locator.evaluate((element) => {
          const field = element as HTMLInputElement;
          try {
            field.setSelectionRange(field.value.length, field.value.length);
          } catch {
            // Email and number inputs have no selection API; typing appends there.
          }
        });
      }
      await locator.pressSequentially(action.text, { timeout });
      return;
    case 'press':
      await locator.press(action.key, { timeout });
      return;
    case 'select':
      await locator.selectOption(action.values, { timeout });
      return;
    case 'scroll':
      await locator.evaluate((element, { x, y }) => element.scrollTo(x, y), action);
      return;
    case 'navigate':
      return;
  }
}

async function screenshotCheckpoints(
  page: Page,
  plan: ActionPlan,
  afterStep: number,
): Promise<number> {
  let taken = 0;
  for (const checkpoint of plan.checkpoints) {
    if (checkpoint.afterStep === afterStep) {
      // The harness's screenshot options, so both sides pay for the same capture.
      await page.screenshot({ animations: 'disabled', caret: 'hide', scale: 'device' });
      taken += 1;
    }
  }
  return taken;
}

function modifierKeys(
  action: Extract<PlanStep['action'], { kind: 'click' }>,
): Array<'Alt' | 'Control' | 'Meta' | 'Shift'> {
  const { alt, control, meta, shift } = action.modifiers;
  const keys: Array<'Alt' | 'Control' | 'Meta' | 'Shift'> = [];
  if (alt) {
    keys.push('Alt');
  }
  if (control) {
    keys.push('Control');
  }
  if (meta) {
    keys.push('Meta');
  }
  if (shift) {
    keys.push('Shift');
  }
  return keys;
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? message;
}
