import { performance } from 'node:perf_hooks';

/** The phases of one session replay, in the order they first occur. */
export const PHASES = [
  'readFixture',
  'compilePlan',
  'contextSetup',
  'tracing',
  'networkInstall',
  'determinismInstall',
  'baselineOpen',
  'navigation',
  'virtualTime',
  'steps',
  'settling',
  'screenshot',
  'domCapture',
  'recordingRenderer',
  'comparison',
  'close',
] as const;

/** One phase of {@link PHASES}. */
export type Phase = (typeof PHASES)[number];

/** Sums wall time per phase; a phase may be timed many times in one replay. */
export class PhaseClock {
  readonly phases = Object.fromEntries(PHASES.map((phase) => [phase, 0])) as Record<Phase, number>;

  /** Runs `work` and adds its wall time to `phase`, also when it throws. */
  async time<T>(phase: Phase, work: () => Promise<T> | T): Promise<T> {
    const start = performance.now();
    try {
      return await work();
    } finally {
      this.phases[phase] += performance.now() - start;
    }
  }
}
