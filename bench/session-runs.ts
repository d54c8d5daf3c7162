import { join } from 'node:path';
import { compilePlan } from '../harness/compile/compile-plan.js';
import type { ActionPlan } from '../harness/compile/plan.js';
import { readRecording } from '../harness/fixture/read-recording.js';
import type { Recording } from '../harness/fixture/recording.js';
import { runSession } from '../harness/replay/run-session.js';
import type { SessionResult } from '../harness/result/types.js';
import type { SessionSettings } from '../harness/runner/run-plan.js';
import type { BenchEnvironment, BenchSession } from './bench-environment.js';
import { resolvedCandidates, runPlainReplay, type PlainReplayResult } from './plain-replay.js';

/** Inputs of the warm-up and of single runs: the environment, the runs folder and the logger. */
export interface SessionRunOptions {
  environment: BenchEnvironment;
  runsDir: string;
  log: (line: string) => void;
}

/** A session ready for timed rounds: its plan and the candidates the harness resolved. */
export interface PreparedSession {
  session: BenchSession;
  recording: Recording;
  plan: ActionPlan;
  candidates: ReturnType<typeof resolvedCandidates>;
}

/**
 * Warms a session up without timing it: `runSession` with `updateBaselines` (which writes the
 * stored baselines), `runSession` against the recording with the render cache (which fills
 * the cache), and the plain script.
 */
export async function prepareSession(
  session: BenchSession,
  options: SessionRunOptions,
): Promise<PreparedSession> {
  const { environment, runsDir } = options;
  const recording = await readRecording(session.fixture);
  const plan = compilePlan(recording);

  const update = { ...environment.storedBaselineSettings, updateBaselines: true };
  const warmup = await runHarness(
    environment,
    session,
    update,
    join(runsDir, session.name, 'warm-up'),
  );
  if (warmup.status !== 'passed') {
    options.log(
      `${session.name}: the warm-up replay ${warmup.status}, so no baselines were stored`,
    );
  }
  const recordingSettings = environment.cachedRecordingSettings;
  await runHarness(
    environment,
    session,
    recordingSettings,
    join(runsDir, session.name, 'warm-up-recording'),
  );

  const prepared = { session, recording, plan, candidates: resolvedCandidates(plan, warmup.steps) };
  await plainRun(prepared, options);
  return prepared;
}

/** Runs `runSession` on a demo session, as the first attempt. */
export function runHarness(
  environment: BenchEnvironment,
  session: BenchSession,
  settings: SessionSettings,
  outputDir: string,
): Promise<SessionResult> {
  return runSession({
    browser: environment.browser,
    sessionName: session.name,
    fixturePath: session.fixture,
    baseURL: environment.baseURL,
    outputDir,
    settings,
    attempt: 1,
    // The first attempt of the default trace mode, which records no trace.
    trace: 'off',
  });
}

/** Runs the plain Playwright script on a prepared session. */
export function plainRun(
  prepared: PreparedSession,
  options: Pick<SessionRunOptions, 'environment'>,
): Promise<PlainReplayResult> {
  const { environment } = options;
  return runPlainReplay({
    browser: environment.browser,
    recording: prepared.recording,
    plan: prepared.plan,
    baseURL: environment.baseURL,
    candidates: prepared.candidates,
    timeoutMs: environment.recordingBaselineSettings.stepTimeoutMs,
  });
}
