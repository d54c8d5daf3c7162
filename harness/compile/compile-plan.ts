import { configDefaults } from '../config/defaults.js';
import type { Recording } from '../fixture/recording.js';
import type { ActionPlan } from './plan.js';
import { buildSteps } from './build-steps.js';
import { placeCheckpoints } from './checkpoints.js';
import type { DraftStep } from './draft-step.js';
import { scanEvents, type ScanResult } from './scan-events.js';
import { WarningLog } from './warnings.js';

/** Options of {@link compilePlan}. */
export interface CompileOptions {
  /**
   * Virtual milliseconds the final checkpoint waits past the last step when the recording
   * does not store when it stopped (`meta.endedAt`). The config's `settleMs`, 500 when missing.
   */
  settleMs?: number;
}

/**
 * Compiles a recording into the plan the replay runner executes: the user's actions with
 * ranked selector candidates resolved against the recorded DOM of each moment, their timing,
 * and the checkpoints where the replay is compared with the recording. Pure and synchronous.
 */
export function compilePlan(recording: Recording, options: CompileOptions = {}): ActionPlan {
  const warnings = new WarningLog();
  const scan = scanEvents(recording, warnings);
  const built = buildSteps(scan, warnings);
  const settleMs = options.settleMs ?? configDefaults.settleMs;
  const endMs = sessionEndMs(scan, built.steps, settleMs);
  const { steps, checkpoints } = placeCheckpoints(built, scan.pages, endMs);
  return {
    sessionName: recording.meta.name,
    startUrl: recording.meta.url,
    durationMs: scan.durationMs,
    pages: scan.pages.map((page) => page.href),
    steps,
    checkpoints,
    warnings: warnings.toArray(),
  };
}

/**
 * Returns the recorded time the final checkpoint shows. A recording that stores its stop time
 * ends there. Without it, the last rrweb event may come before a render the user waited for,
 * such as one delayed by a timer, so the session ends at least `settleMs` after the last step.
 */
function sessionEndMs(scan: ScanResult, steps: DraftStep[], settleMs: number): number {
  const lastStep = steps[steps.length - 1];
  if (scan.stopRecorded || lastStep === undefined) {
    return scan.durationMs;
  }
  return Math.max(scan.durationMs, lastStep.at + settleMs);
}
