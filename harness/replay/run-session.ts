import { mkdir } from 'node:fs/promises';
import type { Browser } from '@playwright/test';
import type { ActionPlan, CheckpointSpec } from '../compile/plan.js';
import { compilePlan } from '../compile/compile-plan.js';
import type { Recording } from '../fixture/recording.js';
import { readRecording } from '../fixture/read-recording.js';
import type { CheckpointResult, SessionResult, StepResult } from '../result/types.js';
import type { SessionSettings } from '../runner/run-plan.js';
import type { AttemptTrace } from '../runner/trace-policy.js';
import { UsageError } from '../shared/errors.js';
import { createBaselineSource, type BaselineSide } from './baseline-source.js';
import { captureLiveCheckpoint, type CapturedCheckpoint } from './capture-checkpoint.js';
import { compareCheckpoint } from './compare-checkpoint.js';
import { decideSession, invalidFixtureResult } from './decide-session.js';
import { openLiveSession, type LiveSession } from './live-session.js';
import { performStep } from './perform-step.js';
import { createUploadFiles, type UploadFiles } from './upload-files.js';

export interface RunSessionOptions {
  browser: Browser;
  sessionName: string;
  fixturePath: string;
  /** Base URL of the app under test. */
  baseURL: string;
  /** Folder for this attempt's screenshots, diffs and trace. */
  outputDir: string;
  settings: SessionSettings;
  /** One-based attempt number; above 1 on Playwright retries. */
  attempt: number;
  /** Whether this attempt records a Playwright trace, and when it keeps it. */
  trace: AttemptTrace;
}

interface SessionProgress {
  steps: StepResult[];
  /** Comparisons in checkpoint order; each may still be waiting for its expected side. */
  checkpoints: Array<Promise<CheckpointResult>>;
  captured: Array<{ spec: CheckpointSpec; actual: CapturedCheckpoint }>;
}

/**
 * Replays one recorded session against the app under test and scores every checkpoint against
 * its baseline. Problems with the fixture or the app end up in the returned result; only a bug
 * in the harness itself throws.
 */
export async function runSession(options: RunSessionOptions): Promise<SessionResult> {
  const startedAt = Date.now();
  await mkdir(options.outputDir, { recursive: true });

  // Load and compile: a broken fixture fails this session alone.
  let recording: Recording;
  let plan: ActionPlan;
  try {
    recording = await readRecording(options.fixturePath);
    plan = compilePlan(recording, { settleMs: options.settings.settleMs });
  } catch (error) {
    if (!(error instanceof UsageError)) {
      throw error;
    }
    return invalidFixtureResult({
      name: options.sessionName,
      fixture: options.fixturePath,
      message: error.message,
      durationMs: Date.now() - startedAt,
      outputDir: options.outputDir,
      attempt: options.attempt,
    });
  }

  // Open the controlled browser context and the expected side of every comparison.
  const live = await openLiveSession(options, recording);
  const baseline = await createBaselineSource({
    browser: options.browser,
    recording,
    sessionName: options.sessionName,
    settings: options.settings,
    appOrigin: live.appOrigin,
    recordedOrigin: live.recordedOrigin,
    contextOptions: live.contextOptions,
  });

  // Replay the plan, capturing and scoring checkpoints as they come.
  const progress: SessionProgress = { steps: [], checkpoints: [], captured: [] };
  let checkpoints: CheckpointResult[];
  try {
    await replayPlan(plan, live, baseline, progress, options);
    checkpoints = await Promise.all(progress.checkpoints);
  } catch (error) {
    await live.close(`${options.outputDir}/trace.zip`);
    await baseline.close();
    throw error;
  }

  // Decide, keep the trace of anything that did not pass, and store baselines when asked.
  const session = decideSession({
    name: options.sessionName,
    fixture: options.fixturePath,
    plan,
    steps: progress.steps,
    checkpoints,
    network: { ...live.network.counts, log: [...live.network.log] },
    pageErrors: live.pageErrors,
    consoleErrors: live.consoleErrors,
    knownPageErrors: baseline.knownErrors().pageErrors,
    baselineSource: baseline.describe(),
    thresholds: options.settings.thresholds,
    durationMs: Date.now() - startedAt,
    outputDir: options.outputDir,
    attempt: options.attempt,
  });

  const keepTrace =
    options.trace === 'keep' ||
    (options.trace === 'keep-on-failure' && session.status !== 'passed');
  const tracePath = await live.close(keepTrace ? `${options.outputDir}/trace.zip` : undefined);
  if (tracePath) {
    session.tracePath = tracePath;
  }
  await baseline.close();

  if (options.settings.updateBaselines && session.status === 'passed') {
    await baseline.update(progress.captured, {
      pageErrors: live.pageErrors,
      consoleErrors: live.consoleErrors,
    });
  }
  return session;
}

async function replayPlan(
  plan: ActionPlan,
  live: LiveSession,
  baseline: BaselineSide,
  progress: SessionProgress,
  options: RunSessionOptions,
): Promise<void> {
  const { settings } = options;

  const recordedMoment = (at: number): number => live.recordingStart + at;

  const captureAfter = async (stepIndex: number): Promise<void> => {
    for (const spec of plan.checkpoints.filter(
      (checkpoint) => checkpoint.afterStep === stepIndex,
    )) {
      // The checkpoint shows the state just before the user's next action, as the recording does.
      await live.settler.advanceTo(recordedMoment(spec.recordedAt));
      await live.settler.settleNetwork();
      await live.settler.prepareForScreenshot();
      const actual = await captureLiveCheckpoint(live.page, settings);
      progress.captured.push({ spec, actual });
      // The live page moves on while the expected side is prepared and compared: neither
      // depends on what the page does next.
      const result = baseline.expected(spec).then((expected) =>
        compareCheckpoint({
          spec,
          actual,
          expected,
          baselineSource: baseline.describe(),
          appOrigin: live.appOrigin,
          settings,
          outputDir: options.outputDir,
        }),
      );
      // Awaited with the others after the replay; this only keeps an early rejection from
      // being reported as unhandled before then.
      result.catch(() => undefined);
      progress.checkpoints.push(result);
    }
  };

  // The expected side of a recording baseline does not depend on the live page, so it is
  // rendered in its own context while the live replay runs.
  baseline.prefetch(plan.checkpoints);
  await live.page.goto(live.mapUrl(plan.startUrl), { waitUntil: 'load' });
  await live.settler.settleNetwork();
  await captureAfter(-1);

  const uploads = createUploadFiles(settings.uploadDir);
  try {
    await replaySteps(plan, live, progress, { ...options, uploads, captureAfter });
  } finally {
    await uploads.dispose();
  }
}

/** Performs the plan's steps in order, each followed by the checkpoints after it. */
async function replaySteps(
  plan: ActionPlan,
  live: LiveSession,
  progress: SessionProgress,
  options: RunSessionOptions & {
    uploads: UploadFiles;
    captureAfter: (stepIndex: number) => Promise<void>;
  },
): Promise<void> {
  const { settings, uploads, captureAfter } = options;
  const recordedMoment = (at: number): number => live.recordingStart + at;
  for (const step of plan.steps) {
    // The user's think time passes in virtual time: timers fire, no real time is spent.
    await live.settler.advanceTo(recordedMoment(step.at));
    live.setLeaving(step.action.kind === 'navigate' || step.expectNavigationTo !== undefined);
    const stepResult = await performStep(step, {
      page: live.page,
      mapUrl: live.mapUrl,
      timeoutMs: settings.stepTimeoutMs,
      waitBetweenAttempts: () => live.settler.waitBetweenAttempts(),
      uploads,
      advanceTime: (ms) => live.settler.advanceBy(ms),
    });
    progress.steps.push(stepResult);
    if (!stepResult.resolved) {
      // Later steps would act on a state the user never saw; the report names this step.
      return;
    }

    if (step.expectNavigationTo) {
      await live.waitForUrl(step.expectNavigationTo, settings.stepTimeoutMs);
    }
    await live.settler.settleNetwork();
    await captureAfter(step.index);
  }
}
