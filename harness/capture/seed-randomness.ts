import type { BrowserContext } from '@playwright/test';
import { seededRandomScript } from '../replay/determinism/page-determinism.js';
import { routeWorkerBootstraps } from '../replay/determinism/worker-bootstrap.js';

/** The `sourceURL` of the recorder's seeded-randomness init script. */
const SEEDED_RANDOM_SCRIPT_NAME = 'replaygate-recorder-random.js';

/** The `sourceURL` of the prelude that seeds each dedicated worker while recording. */
const WORKER_SCRIPT_NAME = 'replaygate-recorder-worker.js';

/**
 * Seeds `Math.random`, `crypto.getRandomValues` and `crypto.randomUUID` in every document and
 * dedicated worker of `context` with the scripts the replay installs, so a replay with the same seed draws
 * the same values at the same call sites. Apps that key rows or requests by random ids then
 * render the recorded ids again. Clock and `performance.now()` stay real while recording.
 *
 * Only scripted flows against a local test build should get this. A recorder in a real
 * user's browser must never seed `crypto`: a stream that anyone with the seed can compute
 * makes session ids, CSRF tokens and keys that the app derives from it predictable.
 *
 * Call it after the capture scripts, so the recorder's own ids keep real randomness.
 */
export async function installSeededRandomness(
  context: BrowserContext,
  seed: string,
): Promise<void> {
  await context.addInitScript({
    content: seededRandomScript({
      seed,
      scriptName: SEEDED_RANDOM_SCRIPT_NAME,
      workerScriptName: WORKER_SCRIPT_NAME,
    }),
  });
  await routeWorkerBootstraps(context, WORKER_SCRIPT_NAME);
}
