import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compilePlan } from '../harness/compile/compile-plan.js';
import { startStaticServer, type StaticServer } from '../harness/serve/static-server.js';
import { recordFlowToFile } from './support/record-flow.js';
import { expectPerfectReplay } from './support/replay-expectations.js';
import { REPLAY_RUN_TIMEOUT_MS } from './support/run-cli.js';
import { createWorkspace, replayWorkspaceSession, type Workspace } from './support/workspace.js';

/**
 * A form with a submit button whose handler adds the errand to a list and empties the field.
 * Its `action` is relative, as a form that works without scripts would have it.
 */
const ERRANDS_PAGE = `<!doctype html>
<meta charset="utf-8">
<title>Errands</title>
<style>body { font: 16px sans-serif; margin: 24px; }</style>
<form id="add" action="added.html">
  <input id="item" name="item" placeholder="Errand">
  <button>Add</button>
</form>
<ul id="list"></ul>
<script>
  document.getElementById('add').addEventListener('submit', (event) => {
    event.preventDefault();
    const field = document.getElementById('item');
    const row = document.createElement('li');
    row.textContent = field.value;
    document.getElementById('list').append(row);
    field.value = '';
  });
</script>
`;

/** The same form in a frame. */
const FRAMED_PAGE = `<!doctype html>
<meta charset="utf-8">
<title>Errands</title>
<iframe id="errands" src="errands.html" title="Errands" width="500" height="240"></iframe>
`;

/** Adds two errands, each with Enter in the field, in the page or in its frame. */
async function addErrands(page: Page, baseURL: string, framed: boolean): Promise<void> {
  await page.goto(baseURL);
  const scope = framed ? page.frameLocator('#errands') : page;
  for (const errand of ['Post the parcel', 'Water the fern']) {
    await scope.locator('#item').click();
    await scope.locator('#item').pressSequentially(errand);
    await scope.locator('#item').press('Enter');
    await scope.locator('li', { hasText: errand }).waitFor();
  }
  await page.waitForTimeout(300);
}

let workspace: Workspace;
let server: StaticServer;

beforeAll(async () => {
  workspace = await createWorkspace('replay-forms');
  await workspace.addApp('errands', { 'index.html': ERRANDS_PAGE });
  await workspace.addApp('framed', { 'index.html': FRAMED_PAGE, 'errands.html': ERRANDS_PAGE });
  server = await startStaticServer(workspace.apps);
});

afterAll(async () => {
  await server?.close();
  await workspace?.remove();
});

describe('a form submitted with Enter', () => {
  it(
    'replays the key alone, not the click the browser makes on the submit button',
    async () => {
      const recording = await recordFlowToFile({
        url: new URL('errands/', server.url).href,
        name: 'errands',
        flow: (page, baseURL) => addErrands(page, baseURL, false),
        file: join(workspace.recordings, 'errands.replay.json.gz'),
      });
      const clicked = compilePlan(recording).steps.flatMap((step) =>
        step.action.kind === 'click' ? [step.action.target.description] : [],
      );
      expect(clicked).toEqual(['input#item', 'input#item']);
      expectPerfectReplay(await replayWorkspaceSession(workspace, 'errands'));
    },
    REPLAY_RUN_TIMEOUT_MS,
  );

  it(
    'replays it in a frame whose form has a relative action',
    async () => {
      await recordFlowToFile({
        url: new URL('framed/', server.url).href,
        name: 'framed',
        flow: (page, baseURL) => addErrands(page, baseURL, true),
        file: join(workspace.recordings, 'framed.replay.json.gz'),
      });
      expectPerfectReplay(await replayWorkspaceSession(workspace, 'framed'));
    },
    REPLAY_RUN_TIMEOUT_MS,
  );
});
