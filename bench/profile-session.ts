import { mkdir } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import type { Browser } from '@playwright/test';
import { compilePlan } from '../harness/compile/compile-plan.js';
import type { ActionPlan, CheckpointSpec } from '../harness/compile/plan.js';
import { readRecording } from '../harness/fixture/read-recording.js';
import { createBaselineSource, type BaselineSide } from '../harness/replay/baseline-source.js';
import type { CapturedCheckpoint } from '../harness/replay/capture-checkpoint.js';
import { compareCheckpoint } from '../harness/replay/compare-checkpoint.js';
import { isSameAppLocation } from '../harness/replay/map-url.js';
import { performStep } from '../harness/replay/perform-step.js';
import { createUploadFiles } from '../harness/replay/upload-files.js';
import type { StepResult } from '../harness/result/types.js';
import type { SessionSettings } from '../harness/runner/run-plan.js';
import { captureVisibleDom } from '../harness/score/dom-snapshot.js';
import { PhaseClock, type Phase } from './phase-clock.js';
import { openProfiledLiveSession, type ProfiledLiveSession } from './profiled-live-session.js';

export { PHASES, type Phase } from './phase-clock.js';

/** Wall time per phase of one profiled replay, in milliseconds. */
export interface SessionProfile {
  phases: Record<Phase, number>;
  totalMs: number;
  /** False when a step did not resolve, so later phases ran less often than in a pass. */
  allStepsResolved: boolean;
  /** Every checkpoint that had an expected side, as captured on both sides. */
  checkpoints: ProfiledCheckpoint[];
}

/** One checkpoint of a profiled replay, with both sides of its comparison. */
export interface ProfiledCheckpoint {
  id: string;
  actual: CapturedCheckpoint;
  expected: CapturedCheckpoint;
}

/** Inputs of {@link profileSession}: those of `runSession` without `attempt`, plus `tracing`. */
export interface ProfileSessionOptions {
  browser: Browser;
  sessionName: string;
  fixturePath: string;
  baseURL: string;
  outputDir: string;
  settings: SessionSettings;
  /**
   * Records a Playwright trace, as `openLiveSession` does for a traced attempt. Default false,
   * as on a first attempt in the default trace mode.
   */
  tracing?: boolean;
}

/**
 * Replays one session with the harness's own building blocks and times each phase. It follows
 * `runSession` and `openLiveSession` call by call, because those functions take no timing
 * hooks, so it has to be changed with them. The bench prints its total next to the measured
 * `runSession` time, which shows when the two have drifted apart.
 */
export async function profileSession(options: ProfileSessionOptions): Promise<SessionProfile> {
  const clock = new PhaseClock();
  const start = performance.now();
  await mkdir(options.outputDir, { recursive: true });
  const recording = await clock.time('readFixture', () => readRecording(options.fixturePath));
  const plan = await clock.time('compilePlan', () => compilePlan(recording));

  const live = await openProfiledLiveSession(options, recording, clock);
  const baseline = await clock.time('baselineOpen', () =>
    createBaselineSource({
      browser: options.browser,
      recording,
      sessionName: options.sessionName,
      settings: options.settings,
      appOrigin: live.appOrigin,
      recordedOrigin: live.recordedOrigin,
      contextOptions: live.contextOptions,
    }),
  );

  let outcome: { steps: StepResult[]; checkpoints: ProfiledCheckpoint[] };
  try {
    outcome = await replayProfiledPlan(plan, live, baseline, clock, options);
  } finally {
    if (options.tracing ?? false) {
      await clock.time('tracing', () => live.context.tracing.stop().catch(() => undefined));
    }
    await clock.time('close', async () => {
      await live.network.dispose();
      await live.context.close();
      await baseline.close();
    });
  }

  const allStepsResolved =
    outcome.steps.length === plan.steps.length && outcome.steps.every((step) => step.resolved);
  return {
    phases: clock.phases,
    totalMs: performance.now() - start,
    allStepsResolved,
    checkpoints: outcome.checkpoints,
  };
}

async function replayProfiledPlan(
  plan: ActionPlan,
  live: ProfiledLiveSession,
  baseline: BaselineSide,
  clock: PhaseClock,
  options: ProfileSessionOptions,
): Promise<{ steps: StepResult[]; checkpoints: ProfiledCheckpoint[] }> {
  const { settings } = options;
  const { page, settler } = live;
  const steps: StepResult[] = [];
  const checkpoints: ProfiledCheckpoint[] = [];

  const captureAfter = async (stepIndex: number): Promise<void> => {
    for (const spec of plan.checkpoints.filter((item) => item.afterStep === stepIndex)) {
      await clock.time('virtualTime', () =>
        settler.advanceTo(live.recordingStart + spec.recordedAt),
      );
      await clock.time('settling', async () => {
        await settler.settleNetwork();
        await settler.prepareForScreenshot();
      });
      const actual = await captureProfiled(live, settings, clock);
      const expected = await clock.time('recordingRenderer', () => baseline.expected(spec));
      await clock.time('comparison', () => compareProfiled(spec, actual, expected, live, options));
      if (expected) {
        checkpoints.push({ id: spec.id, actual, expected });
      }
    }
  };

  // As in runSession: the recording side renders in the background, and `recordingRenderer`
  // times only the wait for a render that is not ready yet.
  baseline.prefetch(plan.checkpoints);
  await clock.time('navigation', () =>
    page.goto(live.mapUrl(plan.startUrl), { waitUntil: 'load' }),
  );
  await clock.time('settling', () => settler.settleNetwork());
  await captureAfter(-1);

  const uploads = createUploadFiles(undefined);
  for (const step of plan.steps) {
    await clock.time('virtualTime', () => settler.advanceTo(live.recordingStart + step.at));
    const result = await clock.time('steps', () =>
      performStep(step, {
        page,
        mapUrl: live.mapUrl,
        timeoutMs: settings.stepTimeoutMs,
        waitBetweenAttempts: () => settler.waitBetweenAttempts(),
        uploads,
        advanceTime: (ms) => settler.advanceBy(ms),
      }),
    );
    steps.push(result);
    if (!result.resolved) {
      break;
    }
    await clock.time('settling', async () => {
      if (step.expectNavigationTo) {
        const expected = live.mapUrl(step.expectNavigationTo);
        await page
          .waitForURL((url) => isSameAppLocation(expected, url.href), {
            timeout: settings.stepTimeoutMs,
          })
          .catch(() => undefined);
      }
      await settler.settleNetwork();
    });
    await captureAfter(step.index);
  }
  await uploads.dispose();
  return { steps, checkpoints };
}

/** `captureLiveCheckpoint`, split so the screenshot and the DOM snapshot are timed apart. */
async function captureProfiled(
  live: ProfiledLiveSession,
  settings: SessionSettings,
  clock: PhaseClock,
): Promise<CapturedCheckpoint> {
  const { page } = live;
  const png = await clock.time('screenshot', () =>
    page.screenshot({
      animations: 'disabled',
      caret: 'hide',
      scale: 'device',
      mask: settings.masks.map((selector) => page.locator(selector)),
    }),
  );
  const dom = await clock.time('domCapture', () =>
    page.evaluate(captureVisibleDom, {
      masks: settings.masks,
      ignoreAttributes: settings.ignoreAttributes,
    }),
  );
  return { png, dom, url: page.url() };
}

async function compareProfiled(
  spec: CheckpointSpec,
  actual: CapturedCheckpoint,
  expected: CapturedCheckpoint | undefined,
  live: ProfiledLiveSession,
  options: ProfileSessionOptions,
): Promise<void> {
  await compareCheckpoint({
    spec,
    actual,
    expected,
    baselineSource: undefined,
    appOrigin: live.appOrigin,
    settings: options.settings,
    outputDir: options.outputDir,
  });
}
