import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Page } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStaticServer, type StaticServer } from '../harness/serve/static-server.js';
import { recordFlowToFile } from './support/record-flow.js';
import { runCli } from './support/run-cli.js';
import { expectPerfectReplay } from './support/replay-expectations.js';
import {
  createWorkspace,
  readSanitizedFixture,
  sanitizeWorkspaceRaw,
  replayArgs,
  type Workspace,
} from './support/workspace.js';

const SESSION = 'todomvc-private-todos';
const EMAIL = 'rosalind.brack@quayside-ledger.net';
const CARD = '4532 0151 1283 0366';
/**
 * Types an e-mail address and a card number as two todos, then reloads the page: TodoMVC
 * keeps its todos in localStorage, so the values show again on the new page load.
 */
async function privateTodosFlow(page: Page, baseURL: string): Promise<void> {
  await page.goto(baseURL);
  // Older TodoMVC examples, such as vanillajs, use ids where newer ones use classes.
  const input = page.locator('#new-todo, .new-todo').first();
  await input.waitFor();
  for (const text of [EMAIL, CARD]) {
    await input.click();
    await input.pressSequentially(text, { delay: 20 });
    await input.press('Enter');
    await page.waitForTimeout(300);
  }
  await page.reload();
  await page.locator('#todo-list > li, .todo-list > li').nth(1).waitFor();
  await page.waitForTimeout(500);
}

let workspace: Workspace;
let server: StaticServer;
let rawFile: string;

beforeAll(async () => {
  workspace = await createWorkspace('sanitize-replay');
  server = await startStaticServer(workspace.apps);
  rawFile = join(workspace.root, 'raw', `${SESSION}.replay.json.gz`);
  await recordFlowToFile({
    url: new URL('todomvc/vanillajs/', server.url).href,
    name: SESSION,
    flow: privateTodosFlow,
    file: rawFile,
    seed: 'sanitize-replay',
  });
});

afterAll(async () => {
  await server?.close();
  await workspace?.remove();
});

describe('replay of a sanitized recording', () => {
  it('records both values before sanitizing', async () => {
    const raw = gunzipSync(await readFile(rawFile)).toString('utf8');
    expect(raw).toContain(EMAIL);
    expect(raw).toContain(CARD);
  });

  it('passes with fidelity 1 and contains neither value', async () => {
    await sanitizeWorkspaceRaw(workspace);

    const { text, counts } = await readSanitizedFixture(workspace, SESSION);
    for (const value of [EMAIL, CARD, CARD.replace(/ /g, ''), EMAIL.split('@')[0]!]) {
      expect(text.includes(value), value).toBe(false);
    }
    expect(counts['email/input']).toBeGreaterThan(0);
    expect(counts['payment-card/input']).toBeGreaterThan(0);
    expect(counts['email/dom.text']).toBeGreaterThan(0);

    const replay = await runCli(
      replayArgs({
        serve: workspace.apps,
        recordings: workspace.recordings,
        outputDir: join(workspace.root, 'results'),
        baselineDir: join(workspace.root, 'baselines'),
        grep: `^${SESSION}$`,
      }),
      { cwd: workspace.root },
    );
    expectPerfectReplay(replay);
  });
});
