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
 * A menu that opens its list when the pointer enters it and closes it when an item is chosen,
 * and a card whose details load the first time the pointer passes over it. A badge covers
 * the card's centre, so the user hovers its corner.
 */
const HOVER_PAGE = `<!doctype html>
<meta charset="utf-8">
<title>Garden shop</title>
<style>
  body { font: 16px sans-serif; margin: 24px; }
  #menu { display: inline-block; padding: 8px; background: #eef; }
  #menu ul { margin: 0; }
  #shelf { position: relative; margin: 40px 0; }
  #card { width: 240px; height: 60px; padding: 12px; border: 1px solid #999; }
  #badge { position: absolute; left: 60px; top: 20px; width: 120px; height: 40px; background: #fd8; }
</style>
<div id="menu">Seeds<ul hidden><li><a href="#tomato" id="tomato">Tomato</a></li><li>Basil</li></ul></div>
<div id="shelf">
  <div id="card" onmouseover="showDetails()">Fern <span id="details"></span></div>
  <div id="badge">Sale</div>
</div>
<button id="buy">Buy</button>
<p id="basket"></p>
<script>
  const menu = document.getElementById('menu');
  menu.addEventListener('mouseenter', () => (menu.querySelector('ul').hidden = false));
  function showDetails() {
    document.getElementById('details').textContent = '(shade, water weekly)';
  }
  document.getElementById('tomato').addEventListener('click', () => {
    document.getElementById('basket').textContent += ' tomato seeds';
    menu.querySelector('ul').hidden = true;
  });
  document.getElementById('buy').addEventListener('click', () => {
    document.getElementById('basket').textContent += ' fern';
  });
</script>
`;

/** Opens the menu to pick a seed, reads the card's details, and buys the fern. */
async function shopFlow(page: Page, baseURL: string): Promise<void> {
  await page.goto(baseURL);
  await page.locator('#menu').hover();
  await page.locator('#tomato').click();
  await page.locator('#basket', { hasText: 'tomato' }).waitFor();
  await page.locator('#card').hover({ position: { x: 20, y: 50 } });
  await page.locator('#details', { hasText: 'shade' }).waitFor();
  await page.waitForTimeout(600);
  await page.locator('#buy').click();
  await page.locator('#basket', { hasText: 'fern' }).waitFor();
}

let workspace: Workspace;
let server: StaticServer;

beforeAll(async () => {
  workspace = await createWorkspace('replay-hover');
  await workspace.addApp('shop', { 'index.html': HOVER_PAGE });
  server = await startStaticServer(workspace.apps);
});

afterAll(async () => {
  await server?.close();
  if (!process.env.KEEP) await workspace?.remove();
  else console.log('ROOT', workspace.root);
});

describe('hovering', () => {
  it(
    'replays the pointer resting on elements whose handlers change the page',
    async () => {
      const recording = await recordFlowToFile({
        url: new URL('shop/', server.url).href,
        name: 'shop',
        flow: shopFlow,
        file: join(workspace.recordings, 'shop.replay.json.gz'),
      });
      const hovers = compilePlan(recording).steps.flatMap((step) =>
        step.action.kind === 'hover' ? [step.action.target.description] : [],
      );
      // The menu opened on the way to its item, which the click on the item reveals. rrweb
      // names the element under the sampled position: the card, or its details once the
      // hover filled them.
      expect(hovers).toHaveLength(1);
      expect(['div#card', 'span#details']).toContain(hovers[0]);
      expectPerfectReplay(await replayWorkspaceSession(workspace, 'shop'));
    },
    REPLAY_RUN_TIMEOUT_MS,
  );
});
