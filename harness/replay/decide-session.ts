import type { ActionPlan } from '../compile/plan.js';
import type {
  BaselineSource,
  CheckpointResult,
  NetworkLogEntry,
  SessionResult,
  StepResult,
} from '../result/types.js';
import type { Thresholds } from '../score/verdict.js';
import { firstCause } from '../score/verdict.js';
import { sessionFidelity } from '../score/fidelity.js';

/** What one attempt at a session produced, before the verdict. */
export interface SessionOutcome {
  name: string;
  fixture: string;
  plan: ActionPlan;
  steps: StepResult[];
  checkpoints: CheckpointResult[];
  network: { recorded: number; app: number; blocked: number; log: NetworkLogEntry[] };
  pageErrors: string[];
  consoleErrors: string[];
  knownPageErrors: string[];
  baselineSource: BaselineSource | undefined;
  thresholds: Thresholds;
  durationMs: number;
  outputDir: string;
  attempt: number;
}

/**
 * Turns an attempt's evidence into a session result: passed when every step resolved, no new
 * page error was thrown, no request was blocked, and every checkpoint is within thresholds.
 */
export function decideSession(outcome: SessionOutcome): SessionResult {
  const cause = firstCause({
    steps: outcome.steps,
    pageErrors: outcome.pageErrors,
    baselinePageErrors: outcome.knownPageErrors,
    network: { log: outcome.network.log },
    checkpoints: outcome.checkpoints,
    thresholds: outcome.thresholds,
  });

  // Every planned step must have run: a session cut short by an unresolved step has fewer.
  const complete = outcome.steps.length === outcome.plan.steps.length;
  const status = cause || !complete ? 'failed' : 'passed';

  return {
    name: outcome.name,
    fixture: outcome.fixture,
    status,
    fidelity: sessionFidelity(outcome.checkpoints),
    ...(cause ? { firstCause: cause } : {}),
    ...(outcome.baselineSource ? { baselineSource: outcome.baselineSource } : {}),
    ...renderCacheCounts(outcome.checkpoints),
    steps: outcome.steps,
    checkpoints: outcome.checkpoints,
    network: outcome.network,
    pageErrors: outcome.pageErrors,
    consoleErrors: outcome.consoleErrors,
    durationMs: outcome.durationMs,
    recordedDurationMs: outcome.plan.durationMs,
    attempts: outcome.attempt,
    outputDir: outcome.outputDir,
  };
}

/** Counts the checkpoints whose recording render was a cache hit or miss; `{}` when none was. */
function renderCacheCounts(checkpoints: CheckpointResult[]): Pick<SessionResult, 'renderCache'> {
  const hits = checkpoints.filter((checkpoint) => checkpoint.renderCache === 'hit').length;
  const misses = checkpoints.filter((checkpoint) => checkpoint.renderCache === 'miss').length;
  return hits + misses === 0 ? {} : { renderCache: { hits, misses } };
}

/** The result of a session whose fixture could not be read or compiled. */
export function invalidFixtureResult(input: {
  name: string;
  fixture: string;
  message: string;
  durationMs: number;
  outputDir: string;
  attempt: number;
}): SessionResult {
  return {
    name: input.name,
    fixture: input.fixture,
    status: 'errored',
    fidelity: null,
    firstCause: { kind: 'invalid-fixture', message: input.message },
    steps: [],
    checkpoints: [],
    network: { recorded: 0, app: 0, blocked: 0, log: [] },
    pageErrors: [],
    consoleErrors: [],
    durationMs: input.durationMs,
    recordedDurationMs: 0,
    attempts: input.attempt,
    outputDir: input.outputDir,
  };
}
