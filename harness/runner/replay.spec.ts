import { test, type TestInfo } from '@playwright/test';
import { readRunPlan } from './run-plan.js';
import { runSession } from '../replay/run-session.js';
import type { SessionResult } from '../result/types.js';
import { RESULT_ATTACHMENT } from './result-attachment.js';
import { needsTracedRerun, traceForAttempt } from './trace-policy.js';

const plan = readRunPlan();

// One Playwright test per session, so workers, sharding, retries and reporters come from
// Playwright Test and a team can read replays like any other test.
for (const session of plan.sessions) {
  test(session.name, async ({ browser }, testInfo) => {
    const replay = {
      browser,
      sessionName: session.name,
      fixturePath: session.fixture,
      baseURL: plan.baseURL || String(testInfo.project.use.baseURL ?? ''),
      settings: plan.settings,
      attempt: testInfo.retry + 1,
    };
    const result = await runSession({
      ...replay,
      outputDir: testInfo.outputPath(),
      trace: traceForAttempt(plan.trace, testInfo.retry),
    });

    if (needsTracedRerun(plan.trace, result, isLastAttempt(testInfo))) {
      await addTraceFromRerun(result, () =>
        runSession({
          ...replay,
          // The rerun only records a trace: it never stores baselines, whatever it finds.
          settings: { ...plan.settings, updateBaselines: false },
          outputDir: testInfo.outputPath('traced-rerun'),
          trace: 'keep',
        }),
      );
    }

    await testInfo.attach(RESULT_ATTACHMENT, {
      body: JSON.stringify(result),
      contentType: 'application/json',
    });

    if (result.status !== 'passed') {
      const cause = result.firstCause;
      throw new Error(cause ? `${cause.kind}: ${cause.message}` : `session ${result.status}`);
    }
  });
}

function isLastAttempt(testInfo: TestInfo): boolean {
  return testInfo.retry >= testInfo.project.retries;
}

/** Links the trace of the extra replay from the failed result, with that replay's outcome. */
async function addTraceFromRerun(
  result: SessionResult,
  rerun: () => Promise<SessionResult>,
): Promise<void> {
  const traced = await rerun();
  if (traced.tracePath === undefined) {
    return;
  }
  result.tracePath = traced.tracePath;
  result.tracedRerun = {
    status: traced.status,
    ...(traced.firstCause ? { firstCause: traced.firstCause } : {}),
  };
}
