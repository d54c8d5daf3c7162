import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compilePlan } from '../harness/compile/compile-plan.js';
import type { Recording } from '../harness/fixture/recording.js';
import { startStaticServer, type StaticServer } from '../harness/serve/static-server.js';
import { expectPerfectReplay } from './support/replay-expectations.js';
import { recordFlowToFile } from './support/record-flow.js';
import { REPLAY_RUN_TIMEOUT_MS } from './support/run-cli.js';
import { createWorkspace, replayWorkspaceSession, type Workspace } from './support/workspace.js';

const SESSION = 'todomvc-history-buttons';

/**
 * Adds two todos, completes one, and moves between TodoMVC's hash routes with the filter
 * links and the browser's back and forward buttons.
 */
async function historyFlow(page: Page, baseURL: string): Promise<void> {
  await page.goto(baseURL);
  const input = page.locator('#new-todo');
  for (const text of ['Water the ferns', 'Mend the fence']) {
    await input.pressSequentially(text, { delay: 20 });
    await input.press('Enter');
    await page.waitForTimeout(300);
  }
  await page.locator('#todo-list li .toggle').first().click();
  await page.waitForTimeout(300);
  await page.locator('a[href="#/active"]').click();
  await page.waitForTimeout(400);
  await page.locator('a[href="#/completed"]').click();
  await page.waitForTimeout(400);
  await page.goBack();
  await page.waitForTimeout(400);
  await page.goBack();
  await page.waitForTimeout(400);
  await page.goForward();
  await page.waitForTimeout(500);
}

const LEAVING_SESSION = 'todomvc-history-across-pages';

/**
 * Filters the list, loads another app as a typed URL would, then goes back to the list's page
 * and back again within it. The second press finds its entry only if the first one moved
 * through the history rather than adding to it. The URL is typed soon after the click on the
 * filter, which the recorder's reports tell apart from a click that loads a page.
 */
async function leavingFlow(page: Page, baseURL: string): Promise<void> {
  await page.goto(baseURL);
  const input = page.locator('#new-todo');
  await input.pressSequentially('Water the ferns', { delay: 20 });
  await input.press('Enter');
  await page.waitForTimeout(300);
  await page.locator('a[href="#/active"]').click();
  await page.waitForTimeout(500);
  await page.goto(new URL('../backbone/', baseURL).href);
  await page.locator('#new-todo').waitFor();
  await page.waitForTimeout(400);
  await page.goBack();
  await page.locator('#todo-list li').first().waitFor();
  await page.waitForTimeout(400);
  await page.goBack();
  await page.waitForTimeout(500);
}

let workspace: Workspace;
let server: StaticServer;
let recording: Recording;
let leavingRecording: Recording;

/** Records `flow` on TodoMVC's vanillajs app and writes it into the workspace's recordings. */
function recordTodo(
  name: string,
  flow: (page: Page, baseURL: string) => Promise<void>,
): Promise<Recording> {
  return recordFlowToFile({
    url: new URL('todomvc/vanillajs/', server.url).href,
    name,
    flow,
    file: join(workspace.recordings, `${name}.replay.json.gz`),
  });
}

beforeAll(async () => {
  workspace = await createWorkspace('replay-history');
  server = await startStaticServer(workspace.apps);
  recording = await recordTodo(SESSION, historyFlow);
  leavingRecording = await recordTodo(LEAVING_SESSION, leavingFlow);
});

afterAll(async () => {
  await server?.close();
  await workspace?.remove();
});

describe('back and forward within one document', () => {
  it('compiles each button press into a step', () => {
    const plan = compilePlan(recording);
    const moves = plan.steps
      .map((step) => step.action)
      .filter((action) => action.kind === 'traverse')
      .map((action) => [action.delta, new URL(action.url).hash]);
    expect(moves).toEqual([
      [-1, '#/active'],
      [-1, ''],
      [1, '#/active'],
    ]);
  });

  it(
    'replays them with fidelity 1',
    async () => expectPerfectReplay(await replayWorkspaceSession(workspace, SESSION)),
    REPLAY_RUN_TIMEOUT_MS,
  );

  it('compiles the typed URL into a navigate step', () => {
    const steps = compilePlan(leavingRecording).steps.map((step) => [
      step.action.kind,
      step.action.kind === 'navigate' ? new URL(step.action.url).pathname : step.expectNavigationTo,
    ]);
    expect(steps).toContainEqual(['navigate', '/todomvc/backbone/']);
    const filterClick = steps.find(([kind, url]) => kind === 'click' && url?.endsWith('#/active'));
    expect(filterClick).toBeDefined();
  });

  it(
    'goes back through the history to another page and on within it',
    async () => expectPerfectReplay(await replayWorkspaceSession(workspace, LEAVING_SESSION)),
    REPLAY_RUN_TIMEOUT_MS,
  );
});
