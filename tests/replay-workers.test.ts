import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStaticServer, type StaticServer } from '../harness/serve/static-server.js';
import { expectPerfectReplay } from './support/replay-expectations.js';
import { recordFlowToFile } from './support/record-flow.js';
import { REPLAY_RUN_TIMEOUT_MS } from './support/run-cli.js';
import { createWorkspace, replayWorkspaceSession, type Workspace } from './support/workspace.js';

/** Milliseconds the worker waits before it reports the job done. */
const JOB_MS = 4000;

/**
 * A page whose button starts a job in a module worker. The worker reports the job done after
 * a timer, so the page shows "Done" only once the worker's clock has passed the delay.
 */
const JOBS_PAGE = `<!doctype html>
<meta charset="utf-8">
<title>Jobs</title>
<style>body { font: 16px sans-serif; margin: 24px; }</style>
<button id="start" type="button">Start job</button>
<p id="status">Idle</p>
<script>
  const worker = new Worker('job-worker.js', { type: 'module' });
  worker.onmessage = (event) => {
    document.getElementById('status').textContent = event.data;
  };
  document.getElementById('start').addEventListener('click', () => {
    document.getElementById('status').textContent = 'Working';
    worker.postMessage('start');
  });
</script>
`;

const JOB_WORKER = `self.onmessage = () => {
  setTimeout(() => postMessage('Done'), ${JOB_MS});
};
`;

/** Starts the job and waits until the page shows that the worker finished it. */
async function jobsFlow(page: Page, baseURL: string): Promise<void> {
  await page.goto(baseURL);
  await page.locator('#start').click();
  await page
    .locator('#status')
    .filter({ hasText: 'Done' })
    .waitFor({ timeout: JOB_MS * 3 });
  await page.waitForTimeout(300);
}

let workspace: Workspace;
let server: StaticServer;

beforeAll(async () => {
  workspace = await createWorkspace('replay-workers');
  await workspace.addApp('jobs', { 'index.html': JOBS_PAGE, 'job-worker.js': JOB_WORKER });
  server = await startStaticServer(workspace.apps);
});

afterAll(async () => {
  await server?.close();
  await workspace?.remove();
});

describe('replaying an app with a web worker', () => {
  it(
    'worker timer fires in virtual time',
    async () => {
      const name = 'worker-jobs';
      await recordFlowToFile({
        url: new URL('jobs/', server.url).href,
        name,
        flow: jobsFlow,
        file: join(workspace.recordings, `${name}.replay.json.gz`),
      });
      // The replay skips the recorded wait in virtual time, which takes far less than
      // JOB_MS of real time, so "Done" shows only if the worker's timer follows that time.
      expectPerfectReplay(await replayWorkspaceSession(workspace, name));
    },
    REPLAY_RUN_TIMEOUT_MS,
  );
});
