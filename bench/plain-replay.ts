import { performance } from 'node:perf_hooks';
import type { Browser, BrowserContext, Page, Route } from '@playwright/test';
import type { ActionPlan, SelectorCandidate } from '../harness/compile/plan.js';
import type { NetworkExchange, Recording } from '../harness/fixture/recording.js';
import { createUrlMapper } from '../harness/replay/map-url.js';
import type { StepResult } from '../harness/result/types.js';
import { performPlainStep } from './plain-actions.js';

/** Inputs of {@link runPlainReplay}. */
export interface PlainReplayOptions {
  browser: Browser;
  recording: Recording;
  plan: ActionPlan;
  /** Base URL of the app under test. */
  baseURL: string;
  /** Per step index, the candidate the harness resolved (see {@link resolvedCandidates}). */
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
  /** Steps whose Playwright action threw, which can happen because nothing waits or retries. */
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

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? message;
}
