import type { Recording } from '../fixture/recording.js';
import type { ActionPlan } from './plan.js';
import { buildSteps } from './build-steps.js';
import { placeCheckpoints } from './checkpoints.js';
import { scanEvents } from './scan-events.js';
import { WarningLog } from './warnings.js';

/**
 * Compiles a recording into the plan the replay runner executes: the user's actions with
 * ranked selector candidates resolved against the recorded DOM of each moment, their timing,
 * and the checkpoints where the replay is compared with the recording. Pure and synchronous.
 */
export function compilePlan(recording: Recording): ActionPlan {
  const warnings = new WarningLog();
  const scan = scanEvents(recording, warnings);
  const built = buildSteps(scan, warnings);
  const { steps, checkpoints } = placeCheckpoints(built, scan.pages, scan.durationMs);
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
