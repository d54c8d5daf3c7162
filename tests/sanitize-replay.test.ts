import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Page } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStaticServer, type StaticServer } from '../harness/serve/static-server.js';
import { recordAppFlow, recordFlowToFile, type Flow } from './support/record-flow.js';
import { REPLAY_RUN_TIMEOUT_MS, runCli } from './support/run-cli.js';
import { expectPerfectReplay } from './support/replay-expectations.js';
import {
  createWorkspace,
  readSanitizedFixture,
  replayWorkspaceSession,
  sanitizeWorkspaceRaw,
  replayArgs,
  SANITIZE_KEY_ENV,
  type SanitizedFixture,
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

const PAYEE = 'Quentin Marlowe';
/**
 * Lists the payees that its API returns and shows the chosen one, as a payment form does.
 * The second option has no `value` attribute, so its text is its value, and it has three
 * text nodes, as a template `{first} {last}` renders it.
 */
const PAYEE_PAGE = `<!doctype html>
<meta charset="utf-8">
<title>Payment</title>
<style>body { font: 16px sans-serif; margin: 24px; }</style>
<select id="payee"><option value="">Choose a payee</option></select>
<p id="paying"></p>
<script>
  const select = document.getElementById('payee');
  fetch('payees.json').then((response) => response.json()).then((payees) => {
    for (const [index, payee] of payees.entries()) {
      const option = document.createElement('option');
      option.className = 'person';
      if (index === 0) {
        option.value = payee.name;
        option.textContent = payee.name;
      } else {
        option.append(payee.first, ' ', payee.last);
      }
      select.append(option);
    }
  });
  select.addEventListener('change', () => {
    document.getElementById('paying').textContent = 'Paying ' + select.value;
  });
</script>
`;

async function payeeFlow(page: Page, baseURL: string): Promise<void> {
  await page.goto(baseURL);
  await page.locator('#payee option.person').nth(1).waitFor({ state: 'attached' });
  await page.locator('#payee').selectOption(PAYEE);
  await page.locator('#paying', { hasText: PAYEE }).waitFor();
  await page.waitForTimeout(300);
  await page.locator('#payee').selectOption('Ada Ng');
  await page.locator('#paying', { hasText: 'Ada Ng' }).waitFor();
  await page.waitForTimeout(500);
}

/**
 * Fills a select and a multiple select from its API and restores the saved choices in the
 * same task, then dispatches `change` to its listeners, as a form library does. The recorder reports those
 * values before rrweb's Mutation event that adds the options.
 */
const SAVED_PAYEES_PAGE = `<!doctype html>
<meta charset="utf-8">
<title>Payment</title>
<style>body { font: 16px sans-serif; margin: 24px; }</style>
<select id="payee"><option value="">Choose a payee</option></select>
<select id="copies" multiple></select>
<script>
  const payee = document.getElementById('payee');
  const copies = document.getElementById('copies');
  fetch('payees.json').then((response) => response.json()).then((payees) => {
    for (const { name } of payees) {
      payee.append(new Option(name, name));
      const copy = new Option(name, name, false, true);
      copies.append(copy);
    }
    for (const option of document.querySelectorAll('option[value]:not([value=""])')) {
      option.className = 'person';
    }
    payee.value = payees[1].name;
    payee.dispatchEvent(new Event('change', { bubbles: true }));
    copies.dispatchEvent(new Event('change', { bubbles: true }));
  });
</script>
`;

let workspace: Workspace;
let server: StaticServer;
let rawFile: string;

beforeAll(async () => {
  workspace = await createWorkspace('sanitize-replay');
  await workspace.addApp('payment', {
    'index.html': PAYEE_PAGE,
    'payees.json': JSON.stringify([{ name: PAYEE }, { first: 'Ada', last: 'Ng' }]),
  });
  await workspace.addApp('saved-payees', {
    'index.html': SAVED_PAYEES_PAGE,
    // A name of letters only, which page text and JSON strings do not echo as a typed value.
    'payees.json': JSON.stringify([{ name: PAYEE }, { name: 'Lindqvist' }]),
  });
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

/**
 * Records `flow` on the app in `folder`, sanitizes it with the CLI under a rule on the
 * options and on the names in the API's JSON, and returns the fixture.
 */
async function recordChoice(name: string, folder: string, flow: Flow): Promise<SanitizedFixture> {
  const raw = join(workspace.root, 'raw-choice', `${name}.replay.json.gz`);
  await recordAppFlow(server.url, workspace.recordings, { name, folder, flow, file: raw });
  const config = join(workspace.root, 'choice.config.ts');
  // The names come from the API, so the replay's page shows the same pseudonyms as the
  // options. Where the page echoes a choice, the echo gets the choice's replacement.
  await writeFile(
    config,
    'export default { sanitize: { ' +
      "selectors: [{ name: 'person', selector: 'option.person' }], " +
      'jsonPaths: [' +
      ['name', 'first', 'last'].map((key) => `{ name: 'person', path: '$..${key}' }`).join() +
      '] } };\n',
  );
  const sanitized = await runCli(
    ['sanitize', raw, '--out', workspace.recordings, '--config', config],
    { cwd: workspace.root, env: SANITIZE_KEY_ENV },
  );
  expect(sanitized.stderr).toBe('');
  expect(sanitized.exitCode).toBe(0);
  return readSanitizedFixture(workspace, name);
}

describe('choice under an option rule', () => {
  it(
    'replays at fidelity 1 without payees',
    async () => {
      const name = 'payee-choice';
      const { text, counts } = await recordChoice(name, 'payment', payeeFlow);

      for (const value of ['Quentin', 'Marlowe', 'Ada Ng', '"Ada"', '"Ng"']) {
        expect(text.includes(value), value).toBe(false);
      }
      expect(counts['custom:person/input']).toBeGreaterThan(0);
      expect(counts['custom:person/event.custom']).toBeGreaterThan(0);
      expectPerfectReplay(await replayWorkspaceSession(workspace, name));
    },
    REPLAY_RUN_TIMEOUT_MS,
  );

  it(
    'replaces choices restored before the options',
    async () => {
      const name = 'saved-payees';
      const { text } = await recordChoice(name, 'saved-payees', async (page, baseURL) => {
        await page.goto(baseURL);
        await page.locator('#copies option').nth(1).waitFor({ state: 'attached' });
        await page.waitForTimeout(300);
        await page.locator('#payee').selectOption(PAYEE);
        await page.waitForTimeout(500);
      });

      for (const value of ['Quentin', 'Marlowe', 'Lindqvist']) {
        expect(text.includes(value), value).toBe(false);
      }
      expectPerfectReplay(await replayWorkspaceSession(workspace, name));
    },
    REPLAY_RUN_TIMEOUT_MS,
  );
});
