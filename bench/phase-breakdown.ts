import type { DomSnapshotNode } from '../harness/score/dom-snapshot.js';
import type { BenchEnvironment, BenchSession } from './bench-environment.js';
import type { CapturedCheckpoint } from '../harness/replay/capture-checkpoint.js';
import { PHASES, profileSession, type Phase, type SessionProfile } from './profile-session.js';
import { summarize, type Summary } from './stats.js';

/** A real checkpoint captured on both sides, as the profiled replay returns it. */
export interface CheckpointPair {
  session: string;
  id: string;
  actual: CapturedCheckpoint;
  expected: CapturedCheckpoint;
  /** Origin of the app under test, which the live DOM's URLs are relative to. */
  appOrigin: string;
}

/**
 * Kind of profiled replay: compared with the recording, compared with stored baselines, or
 * compared with stored baselines while recording a Playwright trace (what a traced retry or
 * the `retain-on-failure` trace mode costs).
 */
export type ProfileVariant = 'recording' | 'stored' | 'stored-traced';

/** Wall time per phase of one session's replay, in milliseconds. */
export interface SessionPhases {
  name: string;
  variant: ProfileVariant;
  phases: Record<Phase, Summary>;
  totalMs: Summary;
  /** False when some profiled run stopped at an unresolved step. */
  allStepsResolved: boolean;
}

/** Real checkpoints picked from the profiled runs for the comparison cost figures. */
export interface SamplePairs {
  /** The checkpoint with the largest live screenshot in bytes. */
  largestScreenshot?: CheckpointPair;
  /** The checkpoint with the most nodes in its live DOM snapshot. */
  largestDom?: CheckpointPair;
}

/** Runs one profiled replay of `session` as `variant` describes. */
export function profileRound(input: {
  environment: BenchEnvironment;
  session: BenchSession;
  variant: ProfileVariant;
  outputDir: string;
}): Promise<SessionProfile> {
  const { environment, session } = input;
  return profileSession({
    browser: environment.browser,
    sessionName: session.name,
    fixturePath: session.fixture,
    baseURL: environment.baseURL,
    outputDir: input.outputDir,
    settings:
      input.variant === 'recording'
        ? environment.recordingBaselineSettings
        : environment.storedBaselineSettings,
    tracing: input.variant === 'stored-traced',
  });
}

/** Adds a profile's checkpoints to `samples` where they are larger than the ones kept. */
export function keepLargestCheckpoints(
  samples: SamplePairs,
  session: string,
  appOrigin: string,
  profile: SessionProfile,
): void {
  for (const checkpoint of profile.checkpoints) {
    keepLargest(samples, { session, appOrigin, ...checkpoint });
  }
}

function keepLargest(samples: SamplePairs, pair: CheckpointPair): void {
  if (
    !samples.largestScreenshot ||
    pair.actual.png.length > samples.largestScreenshot.actual.png.length
  ) {
    samples.largestScreenshot = pair;
  }
  const nodes = countNodes(pair.actual.dom.root);
  if (!samples.largestDom || nodes > countNodes(samples.largestDom.actual.dom.root)) {
    samples.largestDom = pair;
  }
}

/** Counts the element nodes of a snapshot tree, the root included. */
export function countNodes(node: DomSnapshotNode): number {
  return node.children.reduce((sum, child) => sum + countNodes(child), 1);
}

/** Summarizes the profiles of one session and variant phase by phase. */
export function summarizeProfiles(
  name: string,
  variant: ProfileVariant,
  profiles: SessionProfile[],
): SessionPhases {
  const phases = Object.fromEntries(
    PHASES.map((phase) => [phase, summarize(profiles.map((profile) => profile.phases[phase]))]),
  ) as Record<Phase, Summary>;
  return {
    name,
    variant,
    phases,
    totalMs: summarize(profiles.map((profile) => profile.totalMs)),
    allStepsResolved: profiles.every((profile) => profile.allStepsResolved),
  };
}
