import { test } from '@playwright/test';
import { readRunPlan } from './run-plan.js';
import { runSession } from '../replay/run-session.js';
import { RESULT_ATTACHMENT } from './result-attachment.js';

const plan = readRunPlan();

// One Playwright test per session, so workers, sharding, retries and reporters come from
// Playwright Test and a team can read replays like any other test.
for (const session of plan.sessions) {
  test(session.name, async ({ browser }, testInfo) => {
    const result = await runSession({
      browser,
      sessionName: session.name,
      fixturePath: session.fixture,
      baseURL: plan.baseURL || String(testInfo.project.use.baseURL ?? ''),
      outputDir: testInfo.outputPath(),
      settings: plan.settings,
      attempt: testInfo.retry + 1,
    });

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
