import type { Page } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compilePlan } from '../harness/compile/compile-plan.js';
import type { Recording } from '../harness/fixture/recording.js';
import { startStaticServer, type StaticServer } from '../harness/serve/static-server.js';
import { recordAppFlow, type Flow } from './support/record-flow.js';
import { expectPerfectReplay } from './support/replay-expectations.js';
import { REPLAY_RUN_TIMEOUT_MS } from './support/run-cli.js';
import { createWorkspace, replayWorkspaceSession, type Workspace } from './support/workspace.js';

/**
 * A page that shows a shopping list in a frame. The frame sits 160 pixels down and to the
 * right, so a point in the frame's own coordinates lands elsewhere on the page.
 */
const LIST_PAGE = `<!doctype html>
<meta charset="utf-8">
<title>Errands</title>
<style>
  body { font: 16px sans-serif; margin: 0; }
  #cover { height: 160px; background: #eef; }
  iframe { margin-left: 160px; width: 420px; height: 260px; border: 4px solid #888; }
</style>
<div id="cover"><button id="reset" onclick="frames[0].location.reload()">Start over</button></div>
<iframe id="errands" src="list.html" title="Errands"></iframe>
`;
const LIST_FRAME = `<!doctype html>
<meta charset="utf-8">
<style>body { font: 16px sans-serif; margin: 8px; } li.done { text-decoration: line-through; }</style>
<input id="item" placeholder="Errand">
<button id="add">Add</button>
<ul id="list"></ul>
<script>
  const list = document.getElementById('list');
  document.getElementById('add').addEventListener('click', () => {
    const field = document.getElementById('item');
    const row = document.createElement('li');
    row.innerHTML = '<label><input type="checkbox"> <span></span></label>';
    row.querySelector('span').textContent = field.value;
    row.querySelector('input').addEventListener('change', (event) => {
      row.classList.toggle('done', event.target.checked);
    });
    list.append(row);
    field.value = '';
  });
</script>
`;

/**
 * A frame with a list of shops and a field that adds an errand when Enter is pressed in it.
 * Only the keydown handler adds the errand, so a replay that types the text without the key
 * shows an empty list.
 */
const SHOP_FRAME = `<!doctype html>
<meta charset="utf-8">
<style>body { font: 16px sans-serif; margin: 8px; }</style>
<select id="shop"><option>Bakery</option><option>Market</option><option>Pharmacy</option></select>
<input id="item" placeholder="Errand">
<ul id="list"></ul>
<input type="file" id="receipt" onchange="document.getElementById('chosen').textContent = this.files[0].name">
<p id="chosen"></p>
<script>
  const field = document.getElementById('item');
  field.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter') return;
    const row = document.createElement('li');
    row.textContent = document.getElementById('shop').value + ': ' + field.value;
    document.getElementById('list').append(row);
    field.value = '';
  });
</script>
`;

/**
 * A frame with a tag field that turns its text into a tag on Tab and empties itself, so the
 * user types the next tag at once into the field that the script has just emptied.
 */
const TAGS_FRAME = `<!doctype html>
<meta charset="utf-8">
<style>body { font: 16px sans-serif; margin: 8px; }</style>
<input id="tag" placeholder="Tag"> <button id="done">Done</button>
<ul id="tags"></ul>
<p id="state"></p>
<script>
  const tag = document.getElementById('tag');
  tag.addEventListener('keydown', (event) => {
    if (event.key !== 'Tab' || tag.value === '') return;
    event.preventDefault();
    const row = document.createElement('li');
    row.textContent = tag.value;
    document.getElementById('tags').append(row);
    tag.value = '';
  });
  document.getElementById('done').addEventListener('click', () => {
    const count = document.querySelectorAll('li').length;
    document.getElementById('state').textContent = 'Saved ' + count + ' tags';
  });
</script>
`;

/** Escapes HTML for a double-quoted attribute value. */
function attributeText(html: string): string {
  return html.replaceAll('&', '&amp;').replaceAll('"', '&quot;');
}

/** The shops frame inside a `srcdoc` frame that is itself inside a `srcdoc` frame. */
const NESTED_SHOPS_PAGE = `<!doctype html>
<meta charset="utf-8">
<title>Errands</title>
<style>body { font: 16px sans-serif; margin: 0; } iframe { width: 560px; height: 300px; }</style>
<iframe id="outer" title="Errands" srcdoc="${attributeText(
  `<p>Errands</p><iframe id="inner" title="Shops" srcdoc="${attributeText(SHOP_FRAME)}"></iframe>`,
)}"></iframe>
`;

/** Adds two errands in the frame and ticks the second. */
async function errandsFlow(page: Page, baseURL: string): Promise<void> {
  await page.goto(baseURL);
  const frame = page.frameLocator('#errands');
  for (const errand of ['Post the parcel', 'Water the fern']) {
    await frame.locator('#item').click();
    await frame.locator('#item').pressSequentially(errand);
    await frame.locator('#add').click();
    await frame.locator('li', { hasText: errand }).waitFor();
  }
  await frame.locator('li', { hasText: 'Water the fern' }).getByRole('checkbox').click();
  await frame.locator('li.done').waitFor();
}

/** Chooses a shop and adds an errand with Enter in the inner of two `srcdoc` frames. */
async function nestedShopsFlow(page: Page, baseURL: string): Promise<void> {
  await page.goto(baseURL);
  const frame = page.frameLocator('#outer').frameLocator('#inner');
  await frame.locator('#shop').selectOption('Pharmacy');
  await frame.locator('#item').click();
  await frame.locator('#item').pressSequentially('Get plasters');
  await frame.locator('#item').press('Enter');
  await frame.locator('li', { hasText: 'Pharmacy: Get plasters' }).waitFor();
  await page.waitForTimeout(300);
}

/** Chooses a shop in the frame's list, adds an errand with Enter and attaches a receipt. */
async function shopsFlow(page: Page, baseURL: string): Promise<void> {
  await page.goto(baseURL);
  const frame = page.frameLocator('#errands');
  await frame.locator('#shop').selectOption('Market');
  await frame.locator('#item').click();
  await frame.locator('#item').pressSequentially('Buy pears');
  await frame.locator('#item').press('Enter');
  await frame.locator('li', { hasText: 'Market: Buy pears' }).waitFor();
  await frame.locator('#receipt').setInputFiles({
    name: 'receipt.txt',
    mimeType: 'text/plain',
    buffer: Buffer.from('Pears 2.40'),
  });
  await frame.locator('#chosen', { hasText: 'receipt.txt' }).waitFor();
}

/** Types two tags, each ended with Tab, then tabs to the button and presses Enter. */
async function tagsFlow(page: Page, baseURL: string): Promise<void> {
  await page.goto(baseURL);
  await page.frameLocator('#errands').locator('#tag').click();
  for (const tag of ['garden', 'kitchen']) {
    await page.keyboard.type(tag, { delay: 20 });
    await page.keyboard.press('Tab');
  }
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await page.frameLocator('#errands').locator('#state', { hasText: 'Saved' }).waitFor();
  await page.waitForTimeout(300);
}

/** Types a tag and ends the flow with the Tab that empties the field, without a pause. */
async function lastTagFlow(page: Page, baseURL: string): Promise<void> {
  await page.goto(baseURL);
  await page.frameLocator('#errands').locator('#tag').click();
  await page.keyboard.type('garden', { delay: 20 });
  await page.keyboard.press('Tab');
  await page.frameLocator('#errands').locator('li', { hasText: 'garden' }).waitFor();
}

let workspace: Workspace;
let server: StaticServer;

/** Records `flow` on the app in `folder` into the workspace's recordings. */
function record(name: string, folder: string, flow: Flow): Promise<Recording> {
  return recordAppFlow(server.url, workspace.recordings, { name, folder, flow });
}

beforeAll(async () => {
  workspace = await createWorkspace('replay-frames');
  await workspace.addApp('errands', { 'index.html': LIST_PAGE, 'list.html': LIST_FRAME });
  await workspace.addApp('nested', { 'index.html': NESTED_SHOPS_PAGE });
  await workspace.addApp('tags', {
    'index.html': LIST_PAGE.replace('list.html', 'tags.html'),
    'tags.html': TAGS_FRAME,
  });
  await workspace.addApp('shops', {
    'index.html': LIST_PAGE.replace('list.html', 'shops.html'),
    'shops.html': SHOP_FRAME,
  });
  server = await startStaticServer(workspace.apps);
});

afterAll(async () => {
  await server?.close();
  await workspace?.remove();
});

describe('actions inside a frame', () => {
  it(
    'find their element in the frame and replay it',
    async () => {
      const recording = await record('errands', 'errands', errandsFlow);
      const clicks = compilePlan(recording).steps.flatMap((step) =>
        step.action.kind === 'click' ? [step.action.target] : [],
      );
      expect(clicks.map((target) => target.description)).toContain('button#add "Add"');
      for (const target of clicks) {
        // The first candidate reaches into the frame rather than clicking a recorded point.
        expect(target.candidates[0]?.strategy, target.description).not.toBe('coordinates');
      }
      expectPerfectReplay(await replayWorkspaceSession(workspace, 'errands'));
    },
    REPLAY_RUN_TIMEOUT_MS,
  );

  it(
    'replay a chosen option, a key that types no text and a file',
    async () => {
      const recording = await record('shops', 'shops', shopsFlow);
      const actions = compilePlan(recording).steps.map((step) => step.action);
      expect(actions).toContainEqual(
        expect.objectContaining({ kind: 'select', values: ['Market'] }),
      );
      expect(actions).toContainEqual(expect.objectContaining({ kind: 'press', key: 'Enter' }));
      expect(actions).toContainEqual(expect.objectContaining({ kind: 'upload' }));
      expectPerfectReplay(await replayWorkspaceSession(workspace, 'shops'));
    },
    REPLAY_RUN_TIMEOUT_MS,
  );

  it(
    'show a field that a script emptied just before the user typed on',
    async () => {
      await record('tags', 'tags', tagsFlow);
      expectPerfectReplay(await replayWorkspaceSession(workspace, 'tags'));
    },
    REPLAY_RUN_TIMEOUT_MS,
  );

  it(
    'replay in a srcdoc frame inside a srcdoc frame',
    async () => {
      await record('nested', 'nested', nestedShopsFlow);
      expectPerfectReplay(await replayWorkspaceSession(workspace, 'nested'));
    },
    REPLAY_RUN_TIMEOUT_MS,
  );

  it(
    'keep a field that a script emptied just before the flow ended',
    async () => {
      await record('last-tag', 'tags', lastTagFlow);
      expectPerfectReplay(await replayWorkspaceSession(workspace, 'last-tag'));
    },
    REPLAY_RUN_TIMEOUT_MS,
  );
});
