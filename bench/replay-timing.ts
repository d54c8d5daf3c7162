import { join } from 'node:path';
import { compilePlan } from '../harness/compile/compile-plan.js';
import type { PlanStep } from '../harness/compile/plan.js';
import { readRecording } from '../harness/fixture/read-recording.js';
import type { SessionStatus } from '../harness/result/types.js';
import type { BenchEnvironment } from './bench-environment.js';
import type { MemorySampler } from './memory.js';
import {
  keepLargestCheckpoints,
  profileRound,
  summarizeProfiles,
  type ProfileVariant,
  type SamplePairs,
  type SessionPhases,
} from './phase-breakdown.js';
import type { PlainReplayResult } from './plain-replay.js';
import type { SessionProfile } from './profile-session.js';
import { plainRun, prepareSession, runHarness, type PreparedSession } from './session-runs.js';
import { summarize, timed, type Summary } from './stats.js';

/** Replay figures of one session; times in milliseconds. */
export interface SessionTiming {
  name: string;
  recordedDurationMs: number;
  /** Sum of the recorded gaps between steps, which the replay skips in virtual time. */
  thinkTimeMs: number;
  /** Median of the recorded gaps between steps: the session's typical pace. */
  medianGapMs: number;
  steps: number;
  checkpoints: number;
  readFixtureMs: Summary;
  compilePlanMs: Summary;
  /** `runSession` with no stored baselines, so the recording rendered by rrweb is the baseline. */
  runSessionMs: Summary;
  /** `runSession` against baselines stored by an earlier run of the same build. */
  runSessionStoredMs: Summary;
  /** `runSession` with the recording as baseline, every render read from a warm render cache. */
  runSessionCachedMs: Summary;
  plainMs: Summary;
  /** The plain script's wall time per phase. */
  plainPhases: Record<keyof PlainReplayResult['phases'], Summary>;
  /** Recorded duration divided by the `runSession` wall time, per run. */
  speedup: Summary;
  /** The same ratio for the runs with a warm render cache and with stored baselines. */
  speedupCached: Summary;
  speedupStored: Summary;
  /** Per interleaved pair: (`runSession` / plain script − 1) × 100. */
  overheadPct: Summary;
  overheadStoredPct: Summary;
  overheadCachedPct: Summary;
  /**
   * Per round: (profiled replay with stored baselines and a Playwright trace / plain script
   * − 1) × 100. Present only with the trace experiment.
   */
  overheadTracedPct?: Summary;
  /**
   * Status of every timed `runSession` by baseline, because a session that does not pass also
   * writes its Playwright trace and diff images, which takes longer.
   */
  statuses: { recording: SessionStatus[]; cached: SessionStatus[]; stored: SessionStatus[] };
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
  /** Adds a third profiled replay per round: stored baselines, with a Playwright trace. */
  traceExperiment: boolean;
  log: (line: string) => void;
}

/** Everything {@link measureReplays} measured. */
export interface ReplayMeasurements {
  sessions: SessionTiming[];
  /** Phase breakdowns, one per session and profile variant; empty without profiling. */
  phases: SessionPhases[];
  /** Real checkpoints from the profiled runs, for the comparison cost figures. */
  samples: SamplePairs;
}

/**
 * Times every session four ways, interleaved per session so that load from other users of
 * the machine falls on all of them alike. The four are `runSession` with the recording as
 * baseline, the same with a warm render cache, `runSession` with stored baselines, and the
 * plain Playwright script. One untimed warm-up of each comes first; the warm-up with `updateBaselines` also
 * writes the stored baselines, and the recording warm-up fills the render cache.
 * With `profile`, each round ends with a profiled replay per baseline mode, so the phase
 * breakdown is measured under the same load as the `runSession` times it explains. With
 * `traceExperiment`, a third profiled replay records a Playwright trace.
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

/** Everything one session's rounds collect, in round order. */
interface RoundSamples {
  read: number[];
  compile: number[];
  harness: number[];
  stored: number[];
  cached: number[];
  plain: PlainReplayResult[];
  statuses: SessionTiming['statuses'];
  peaks: SessionTiming['chromiumPeakMiB'];
  profiles: Map<ProfileVariant, SessionProfile[]>;
}

async function measureSession(
  prepared: PreparedSession,
  options: ReplayTimingOptions,
  samples: SamplePairs,
): Promise<{ timing: SessionTiming; phases: SessionPhases[] }> {
  const variants: ProfileVariant[] = options.profile ? ['recording', 'stored'] : [];
  if (options.profile && options.traceExperiment) {
    variants.push('stored-traced');
  }
  const collected: RoundSamples = {
    read: [],
    compile: [],
    harness: [],
    stored: [],
    cached: [],
    plain: [],
    statuses: { recording: [], cached: [], stored: [] },
    peaks: {},
    profiles: new Map(variants.map((variant) => [variant, []])),
  };
  for (let round = 1; round <= options.repeat; round += 1) {
    await runRound(prepared, options, round, collected);
    await profileRoundVariants(prepared, options, round, collected, samples);
  }

  const timing = buildTiming(prepared, collected);
  const phases = variants.map((variant) =>
    summarizeProfiles(prepared.session.name, variant, collected.profiles.get(variant) ?? []),
  );
  return { timing, phases };
}

/** Runs one timed round: read and compile, `runSession` with each baseline, the plain script. */
async function runRound(
  prepared: PreparedSession,
  options: ReplayTimingOptions,
  round: number,
  collected: RoundSamples,
): Promise<void> {
  const { environment, memory } = options;
  const { session } = prepared;
  const read = await timed(() => readRecording(session.fixture));
  collected.read.push(read.ms);
  collected.compile.push((await timed(() => compilePlan(read.value))).ms);

  memory.mark();
  for (const [settings, times, label] of [
    [environment.recordingBaselineSettings, collected.harness, 'recording'],
    [environment.cachedRecordingSettings, collected.cached, 'cached'],
    [environment.storedBaselineSettings, collected.stored, 'stored'],
  ] as const) {
    const outputDir = join(options.runsDir, session.name, `${label}-${round}`);
    const run = await timed(() => runHarness(environment, session, settings, outputDir));
    times.push(run.ms);
    collected.statuses[label].push(run.value.status);
  }
  collected.peaks.harness = maxDefined(collected.peaks.harness, memory.peakSinceMarkMiB());

  memory.mark();
  collected.plain.push(await plainRun(prepared, options));
  collected.peaks.plain = maxDefined(collected.peaks.plain, memory.peakSinceMarkMiB());
}

async function profileRoundVariants(
  prepared: PreparedSession,
  options: ReplayTimingOptions,
  round: number,
  collected: RoundSamples,
  samples: SamplePairs,
): Promise<void> {
  const { environment } = options;
  const { session } = prepared;
  const appOrigin = new URL(environment.baseURL).origin;
  for (const [variant, profiles] of collected.profiles) {
    const outputDir = join(options.runsDir, session.name, `profile-${variant}-${round}`);
    const profile = await profileRound({ environment, session, variant, outputDir });
    keepLargestCheckpoints(samples, session.name, appOrigin, profile);
    // Only the largest checkpoints are kept, so the screenshots do not inflate Node's memory.
    profiles.push({ ...profile, checkpoints: [] });
  }
}

function buildTiming(prepared: PreparedSession, collected: RoundSamples): SessionTiming {
  const { session, plan } = prepared;
  const plainMs = collected.plain.map((run) => run.ms);
  const firstError = collected.plain.find((run) => run.firstError)?.firstError;
  const overheads = (times: number[]): Summary =>
    summarize(times.map((ms, index) => overhead(ms, plainMs[index])));
  const traced = collected.profiles.get('stored-traced');
  const speedupOf = (times: number[]): Summary =>
    summarize(times.map((ms) => plan.durationMs / ms));

  return {
    name: session.name,
    recordedDurationMs: plan.durationMs,
    thinkTimeMs: plan.steps.reduce((sum, step) => sum + step.gapMs, 0),
    medianGapMs: medianStepGapMs(plan.steps),
    steps: plan.steps.length,
    checkpoints: plan.checkpoints.length,
    readFixtureMs: summarize(collected.read),
    compilePlanMs: summarize(collected.compile),
    runSessionMs: summarize(collected.harness),
    runSessionStoredMs: summarize(collected.stored),
    runSessionCachedMs: summarize(collected.cached),
    plainMs: summarize(plainMs),
    plainPhases: summarizePlainPhases(collected.plain),
    speedup: speedupOf(collected.harness),
    speedupCached: speedupOf(collected.cached),
    speedupStored: speedupOf(collected.stored),
    overheadPct: overheads(collected.harness),
    overheadStoredPct: overheads(collected.stored),
    overheadCachedPct: overheads(collected.cached),
    ...(traced ? { overheadTracedPct: overheads(traced.map((run) => run.totalMs)) } : {}),
    statuses: collected.statuses,
    plainFailedSteps: collected.plain.reduce((sum, run) => sum + run.failedSteps, 0),
    ...(firstError ? { plainFirstError: firstError } : {}),
    chromiumPeakMiB: collected.peaks,
  };
}

/** Returns the median of the steps' recorded gaps in milliseconds, or 0 without steps. */
export function medianStepGapMs(steps: Pick<PlanStep, 'gapMs'>[]): number {
  return steps.length === 0 ? 0 : summarize(steps.map((step) => step.gapMs)).median;
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
