import type {
  FullResult,
  Reporter,
  TestCase,
  TestError,
  TestResult,
} from '@playwright/test/reporter';
import pc from 'picocolors';
import type { SessionResult, SessionStatus } from '../result/types.js';
import { writeFileAtomic } from '../shared/atomic-write.js';
import { RESULT_ATTACHMENT } from './result-attachment.js';
import { readRunPlan, type RunPlan } from './run-plan.js';

/** Results file contents that the Playwright process writes for the CLI. */
export interface CollectedResults {
  sessions: SessionResult[];
  /** Playwright's overall status: `interrupted` and `timedout` mean not every session ran. */
  status: FullResult['status'];
  /** Errors outside any session, such as a config or browser that failed to load. */
  errors: string[];
}

/**
 * Playwright reporter that prints one progress line per finished session and collects each
 * session's final result, with Playwright's own outcome (a pass on retry is flaky), into the
 * results file the CLI reads.
 */
export default class SessionReporter implements Reporter {
  readonly #plan: RunPlan = readRunPlan();
  readonly #tests: TestCase[] = [];
  readonly #errors: string[] = [];
  #finished = 0;

  printsToStdio(): boolean {
    return !this.#plan.quiet;
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    if (!this.#tests.includes(test)) {
      this.#tests.push(test);
    }
    const willRetry =
      result.status !== 'passed' && result.status !== 'skipped' && result.retry < test.retries;
    if (!willRetry) {
      this.#finished += 1;
    }
    if (!this.#plan.quiet) {
      process.stdout.write(`${this.#progressLine(test, result, willRetry)}\n`);
    }
  }

  onError(error: TestError): void {
    const message = error.stack ?? error.message ?? error.value ?? 'unknown error';
    this.#errors.push(message);
    process.stderr.write(`[replaygate] Playwright error: ${message}\n`);
  }

  async onEnd(fullResult: FullResult): Promise<void> {
    const collected: CollectedResults = {
      sessions: this.#tests.map((test) => finalSessionResult(test, this.#fixtureOf(test))),
      status: fullResult.status,
      errors: this.#errors,
    };
    await writeFileAtomic(this.#plan.resultsFile, JSON.stringify(collected));
  }

  #fixtureOf(test: TestCase): string {
    return this.#plan.sessions.find((session) => session.name === test.title)?.fixture ?? '';
  }

  #progressLine(test: TestCase, result: TestResult, willRetry: boolean): string {
    const color = pc.createColors(this.#plan.color);
    const session = parseResult(result);
    const fidelity =
      session?.fidelity === null || session?.fidelity === undefined
        ? ''
        : ` fidelity ${session.fidelity.toFixed(3)}`;
    const seconds = `${(result.duration / 1000).toFixed(1)}s`;
    const counter = `[${this.#finished}/${this.#plan.sessions.length}]`;

    if (result.status === 'passed') {
      const label = result.retry > 0 ? color.yellow('flaky ') : color.green('pass  ');
      return `${counter} ${label} ${test.title} (${seconds})${fidelity}`;
    }
    const cause = session?.firstCause
      ? ` ${session.firstCause.kind}: ${session.firstCause.message}`
      : '';
    const label = willRetry
      ? color.yellow('retry ')
      : color.red(session?.status === 'errored' ? 'error ' : 'fail  ');
    return `${counter} ${label} ${test.title} (${seconds})${fidelity}${cause}`;
  }
}

function parseResult(result: TestResult): SessionResult | undefined {
  const attachment = result.attachments.find((candidate) => candidate.name === RESULT_ATTACHMENT);
  if (!attachment?.body) {
    return undefined;
  }
  return JSON.parse(attachment.body.toString('utf8')) as SessionResult;
}

/** Combines the last attempt's result with Playwright's outcome over all attempts. */
function finalSessionResult(test: TestCase, fixture: string): SessionResult {
  const lastResult = test.results.at(-1);
  const session = lastResult ? parseResult(lastResult) : undefined;
  const attempts = test.results.length;
  const outcome = test.outcome();

  if (!session) {
    // The test died before it could attach a result: a timeout, a crash or a harness bug.
    return crashedSessionResult(test, fixture, lastResult, attempts);
  }

  let status: SessionStatus = session.status;
  if (outcome === 'flaky' || outcome === 'skipped') {
    status = outcome;
  }
  return { ...session, status, attempts };
}

function crashedSessionResult(
  test: TestCase,
  fixture: string,
  lastResult: TestResult | undefined,
  attempts: number,
): SessionResult {
  const message =
    lastResult?.error?.message?.split('\n')[0] ??
    `Playwright reported status "${lastResult?.status ?? 'unknown'}".`;
  return {
    name: test.title,
    fixture,
    status: test.outcome() === 'skipped' ? 'skipped' : 'errored',
    fidelity: null,
    firstCause: { kind: 'harness-error', message },
    steps: [],
    checkpoints: [],
    network: { recorded: 0, app: 0, blocked: 0, log: [] },
    pageErrors: [],
    consoleErrors: [],
    durationMs: lastResult?.duration ?? 0,
    recordedDurationMs: 0,
    attempts,
    outputDir: '',
  };
}
