import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStaticServer, type StaticServer } from '../harness/serve/static-server.js';
import { recordFlowToFile } from './support/record-flow.js';
import { expectPerfectReplay } from './support/replay-expectations.js';
import { REPLAY_RUN_TIMEOUT_MS } from './support/run-cli.js';
import { createWorkspace, replayWorkspaceSession, type Workspace } from './support/workspace.js';

/** A form page that prompts before it unloads, with a link to a second page. */
const FORM_PAGE = `<!doctype html>
<meta charset="utf-8">
<title>Draft</title>
<style>body { font: 16px sans-serif; margin: 24px; }</style>
<label><input type="checkbox" id="unsaved"> Unsaved changes</label>
<a id="next" href="next.html">Next page</a>
<script>
  addEventListener('beforeunload', (event) => {
    if (document.getElementById('unsaved').checked) {
      event.preventDefault();
      event.returnValue = '';
    }
  });
</script>
`;
const NEXT_PAGE = '<!doctype html><meta charset="utf-8"><title>Next</title><h1>Next page</h1>';

/**
 * A list whose rows a confirm removes and a prompt renames. A confirm while the page loads
 * sets its tips, and one in a frame while the frame loads waters the plants.
 */
const LIST_PAGE = `<!doctype html>
<meta charset="utf-8">
<title>Plants</title>
<style>body { font: 16px sans-serif; margin: 24px; }</style>
<p id="tips"></p>
<ul id="plants"><li>Fern <button>Remove</button></li><li>Ivy <button>Remove</button></li></ul>
<button id="rename">Rename list</button>
<h2 id="title">Plants</h2>
<iframe id="watering" src="water.html" title="Watering"></iframe>
<script>
  document.getElementById('tips').textContent = confirm('Show tips?') ? 'Tips on' : 'Tips off';
  document.getElementById('plants').addEventListener('click', (event) => {
    const row = event.target.closest('li');
    if (event.target.localName === 'button' && confirm('Remove ' + row.firstChild.data + '?')) {
      row.remove();
    }
  });
  document.getElementById('rename').addEventListener('click', () => {
    const name = prompt('New name', 'Plants');
    document.getElementById('title').textContent = name === null ? 'Unchanged' : name;
  });
</script>
`;
const WATER_FRAME = `<!doctype html>
<meta charset="utf-8">
<p>Watering</p>
<script>
  parent.document.getElementById('title').dataset.watered = String(confirm('Water all?'));
</script>
`;

/** The answers of the user in the plants flow, by dialog message. */
const PLANT_ANSWERS: Record<string, boolean> = {
  'Show tips?': true,
  'Water all?': true,
  'Remove Fern?': true,
  'Remove Ivy?': false,
};

/** Accepts the tips, waters, removes Fern, keeps Ivy, and renames the list. */
async function listFlow(page: Page, baseURL: string): Promise<void> {
  page.on('dialog', (dialog) => {
    if (dialog.type() === 'prompt') {
      void dialog.accept('Balcony');
    } else {
      void (PLANT_ANSWERS[dialog.message()] ? dialog.accept() : dialog.dismiss());
    }
  });
  await page.goto(baseURL);
  await page.locator('#tips', { hasText: 'Tips on' }).waitFor();
  await page.locator('#title[data-watered="true"]').waitFor();
  await page.locator('li', { hasText: 'Fern' }).getByRole('button').click();
  await page.locator('li', { hasText: 'Ivy' }).getByRole('button').click();
  await page.locator('#rename').click();
  await page.locator('#title', { hasText: 'Balcony' }).waitFor();
}

/** Ticks the box, follows the link, and accepts the prompt for `leave` or dismisses it. */
function flowThatAnswers(answer: 'stay' | 'leave') {
  return async (page: Page, baseURL: string): Promise<void> => {
    page.on('dialog', (dialog) => void (answer === 'leave' ? dialog.accept() : dialog.dismiss()));
    await page.goto(baseURL);
    await page.locator('#unsaved').click();
    await page.locator('#next').click();
    if (answer === 'leave') {
      await page.waitForURL('**/next.html');
    }
    await page.waitForTimeout(300);
  };
}

let workspace: Workspace;
let server: StaticServer;

beforeAll(async () => {
  workspace = await createWorkspace('replay-dialogs');
  await workspace.addApp('draft', { 'index.html': FORM_PAGE, 'next.html': NEXT_PAGE });
  await workspace.addApp('plants', { 'index.html': LIST_PAGE, 'water.html': WATER_FRAME });
  server = await startStaticServer(workspace.apps);
});

afterAll(async () => {
  await server?.close();
  await workspace?.remove();
});

describe('confirm and prompt dialogs', () => {
  it(
    'replays the recorded answers',
    async () => {
      await recordFlowToFile({
        url: new URL('plants/', server.url).href,
        name: 'plants',
        flow: listFlow,
        file: join(workspace.recordings, 'plants.replay.json.gz'),
      });
      expectPerfectReplay(await replayWorkspaceSession(workspace, 'plants'));
    },
    REPLAY_RUN_TIMEOUT_MS,
  );
});

describe('beforeunload prompts', () => {
  for (const answer of ['stay', 'leave'] as const) {
    it(
      `replays a user who chose to ${answer}`,
      async () => {
        const name = `draft-${answer}`;
        const recording = await recordFlowToFile({
          url: new URL('draft/', server.url).href,
          name,
          flow: flowThatAnswers(answer),
          file: join(workspace.recordings, `${name}.replay.json.gz`),
        });
        const pageLoads = recording.events.filter((event) => event.type === 4).length;
        expect(pageLoads).toBe(answer === 'leave' ? 2 : 1);
        expectPerfectReplay(await replayWorkspaceSession(workspace, name));
      },
      REPLAY_RUN_TIMEOUT_MS,
    );
  }
});
