import { join } from 'node:path';
import { compilePlan } from '../harness/compile/compile-plan.js';
import type { ActionPlan } from '../harness/compile/plan.js';
import { readRecording } from '../harness/fixture/read-recording.js';
import type { Recording } from '../harness/fixture/recording.js';
import { runSession } from '../harness/replay/run-session.js';
import type { SessionResult, SessionStatus } from '../harness/result/types.js';
import type { SessionSettings } from '../harness/runner/run-plan.js';
import type { BenchEnvironment, BenchSession } from './bench-environment.js';
import type { MemorySampler } from './memory.js';
import {
  keepLargestCheckpoints,
  profileRound,
  summarizeProfiles,
  type BaselineMode,
  type SamplePairs,
  type SessionPhases,
} from './phase-breakdown.js';
import { resolvedCandidates, runPlainReplay, type PlainReplayResult } from './plain-replay.js';
import type { SessionProfile } from './profile-session.js';
import { summarize, timed, type Summary } from './stats.js';

/** Replay figures of one session; times in milliseconds. */
export interface SessionTiming {
  name: string;
  recordedDurationMs: number;
  /** Sum of the recorded gaps between steps, which the replay skips in virtual time. */
  thinkTimeMs: number;
  steps: number;
  checkpoints: number;
  readFixtureMs: Summary;
  compilePlanMs: Summary;
  /** `runSession` with no stored baselines, so the recording rendered by rrweb is the baseline. */
  runSessionMs: Summary;
  /** `runSession` against baselines stored by an earlier run of the same build. */
  runSessionStoredMs: Summary;
  plainMs: Summary;
  /** The plain script's wall time per phase. */
  plainPhases: Record<keyof PlainReplayResult['phases'], Summary>;
  /** Recorded duration divided by the `runSession` wall time, per run. */
  speedup: Summary;
  /** Per interleaved pair: (`runSession` / plain script − 1) × 100. */
  overheadPct: Summary;
  overheadStoredPct: Summary;
  /**
   * Status of every timed `runSession` by baseline, because a session that does not pass also
   * writes its Playwright trace and diff images, which takes longer.
   */
  statuses: { recording: SessionStatus[]; stored: SessionStatus[] };
  /** Steps the plain script could not perform, summed over its timed runs. */
  plainFailedSteps: number;
  plainFirstError?: string;
  /** Peak Chromium memory sampled during the harness runs and the plain runs, in MiB. */
  chromiumPeakMiB: { harness?: number; plain?: number };
}

/** Inputs of {@link measureReplays}. */
export interface ReplayTimingOptions {
  environment: BenchEnvironment;
  memory: MemorySampler;
  /** Timed runs of each kind per session. */
  repeat: number;
  /** Folder for the runs' screenshots and diffs. */
  runsDir: string;
  /** Adds two profiled replays (one per baseline mode) to every round. */
  profile: boolean;
  log: (line: string) => void;
}

interface Prepared {
  session: BenchSession;
  recording: Recording;
  plan: ActionPlan;
  candidates: ReturnType<typeof resolvedCandidates>;
}

/** Everything {@link measureReplays} measured. */
export interface ReplayMeasurements {
  sessions: SessionTiming[];
  /** Phase breakdowns, two per session (one per baseline mode); empty without profiling. */
  phases: SessionPhases[];
  /** Real checkpoints from the profiled runs, for the comparison cost figures. */
  samples: SamplePairs;
}

/**
 * Times every session three ways, interleaved per session so that load from other users of
 * the machine falls on all of them alike: `runSession` with the recording as baseline,
 * `runSession` with stored baselines, and the plain Playwright script. One untimed warm-up of
 * each comes first; the warm-up with `updateBaselines` also writes the stored baselines.
 * With `profile`, each round ends with a profiled replay per baseline mode, so the phase
 * breakdown is measured under the same load as the `runSession` times it explains.
 */
export async function measureReplays(options: ReplayTimingOptions): Promise<ReplayMeasurements> {
  const measurements: ReplayMeasurements = { sessions: [], phases: [], samples: {} };
  for (const session of options.environment.sessions) {
    options.log(`${session.name}: warm-up`);
    const prepared = await prepareSession(session, options);
    options.log(`${session.name}: ${options.repeat} timed rounds`);
    const measured = await measureSession(prepared, options, measurements.samples);
    measurements.sessions.push(measured.timing);
    measurements.phases.push(...measured.phases);
  }
  return measurements;
}

async function prepareSession(
  session: BenchSession,
  options: ReplayTimingOptions,
): Promise<Prepared> {
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
  const recordingSettings = environment.recordingBaselineSettings;
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

function runHarness(
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
  });
}

async function measureSession(
  prepared: Prepared,
  options: ReplayTimingOptions,
  samples: SamplePairs,
): Promise<{ timing: SessionTiming; phases: SessionPhases[] }> {
  const { environment, memory } = options;
  const { session, plan } = prepared;
  const appOrigin = new URL(environment.baseURL).origin;
  const loading = { read: [] as number[], compile: [] as number[] };
  const profiles: Record<BaselineMode, SessionProfile[]> = { recording: [], stored: [] };
  const harness: number[] = [];
  const stored: number[] = [];
  const plain: PlainReplayResult[] = [];
  const statuses: SessionTiming['statuses'] = { recording: [], stored: [] };
  const peaks: { harness?: number; plain?: number } = {};

  for (let round = 0; round < options.repeat; round += 1) {
    const read = await timed(() => readRecording(session.fixture));
    loading.read.push(read.ms);
    loading.compile.push((await timed(() => compilePlan(read.value))).ms);

    memory.mark();
    for (const [settings, times, label] of [
      [environment.recordingBaselineSettings, harness, 'recording'],
      [environment.storedBaselineSettings, stored, 'stored'],
    ] as const) {
      const outputDir = join(options.runsDir, session.name, `${label}-${round + 1}`);
      const run = await timed(() => runHarness(environment, session, settings, outputDir));
      times.push(run.ms);
      statuses[label].push(run.value.status);
    }
    peaks.harness = maxDefined(peaks.harness, memory.peakSinceMarkMiB());

    memory.mark();
    plain.push(await plainRun(prepared, options));
    peaks.plain = maxDefined(peaks.plain, memory.peakSinceMarkMiB());

    if (options.profile) {
      for (const baseline of ['recording', 'stored'] as const) {
        const outputDir = join(options.runsDir, session.name, `profile-${baseline}-${round + 1}`);
        const profile = await profileRound({ environment, session, baseline, outputDir });
        profiles[baseline].push(profile);
        keepLargestCheckpoints(samples, session.name, appOrigin, profile);
      }
    }
  }

  const plainMs = plain.map((run) => run.ms);
  const firstError = plain.find((run) => run.firstError)?.firstError;
  const timing: SessionTiming = {
    name: session.name,
    recordedDurationMs: plan.durationMs,
    thinkTimeMs: plan.steps.reduce((sum, step) => sum + step.gapMs, 0),
    steps: plan.steps.length,
    checkpoints: plan.checkpoints.length,
    readFixtureMs: summarize(loading.read),
    compilePlanMs: summarize(loading.compile),
    runSessionMs: summarize(harness),
    runSessionStoredMs: summarize(stored),
    plainMs: summarize(plainMs),
    plainPhases: summarizePlainPhases(plain),
    speedup: summarize(harness.map((ms) => plan.durationMs / ms)),
    overheadPct: summarize(harness.map((ms, index) => overhead(ms, plainMs[index]))),
    overheadStoredPct: summarize(stored.map((ms, index) => overhead(ms, plainMs[index]))),
    statuses,
    plainFailedSteps: plain.reduce((sum, run) => sum + run.failedSteps, 0),
    ...(firstError ? { plainFirstError: firstError } : {}),
    chromiumPeakMiB: peaks,
  };
  const phases = options.profile
    ? (['recording', 'stored'] as const).map((baseline) =>
        summarizeProfiles(session.name, baseline, profiles[baseline]),
      )
    : [];
  return { timing, phases };
}

function plainRun(prepared: Prepared, options: ReplayTimingOptions): Promise<PlainReplayResult> {
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

function summarizePlainPhases(runs: PlainReplayResult[]): SessionTiming['plainPhases'] {
  const phaseOf = (phase: keyof PlainReplayResult['phases']): Summary =>
    summarize(runs.map((run) => run.phases[phase]));
  return {
    contextSetup: phaseOf('contextSetup'),
    navigation: phaseOf('navigation'),
    steps: phaseOf('steps'),
    screenshot: phaseOf('screenshot'),
    close: phaseOf('close'),
  };
}

function overhead(harnessMs: number, plainMs: number | undefined): number {
  return plainMs === undefined ? Number.NaN : (harnessMs / plainMs - 1) * 100;
}

function maxDefined(left: number | undefined, right: number | undefined): number | undefined {
  if (left === undefined) {
    return right;
  }
  return right === undefined ? left : Math.max(left, right);
}
