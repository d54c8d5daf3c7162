import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStaticServer, type StaticServer } from '../harness/serve/static-server.js';
import { recordFlowToFile } from './support/record-flow.js';
import { expectPerfectReplay } from './support/replay-expectations.js';
import { REPLAY_RUN_TIMEOUT_MS } from './support/run-cli.js';
import {
  createWorkspace,
  readSanitizedFixture,
  sanitizeWorkspaceRaw,
  replayWorkspaceSession,
  type Workspace,
} from './support/workspace.js';

const SESSION = 'settings-previews';
/**
 * A settings page that previews what is typed. On every key, the key field writes its `value`
 * attribute (as React does) and a preview through `textContent`. The card field fills a card
 * picture in groups of four, with bullets in the places not typed yet.
 */
const SETTINGS_PAGE = `<!doctype html>
<meta charset="utf-8">
<title>Settings</title>
<style>body { font: 16px sans-serif; margin: 24px; } input { width: 24em; }</style>
<label>API key <input id="key" autocomplete="off"></label>
<p id="key-preview">-</p>
<label>Card <input id="card" autocomplete="off" inputmode="numeric"></label>
<p id="card-picture">•••• •••• •••• ••••</p>
<script>
  const key = document.getElementById('key');
  key.addEventListener('input', () => {
    key.setAttribute('value', key.value);
    document.getElementById('key-preview').textContent = key.value;
  });
  const card = document.getElementById('card');
  card.addEventListener('input', () => {
    const digits = card.value.replace(/\\D/g, '').padEnd(16, '•');
    document.getElementById('card-picture').textContent = digits.replace(/(.{4})(?=.)/g, '$1 ');
  });
</script>
`;

/** A Stripe key and a card number, both invented. */
const API_KEY = 'sk_live_9fQ2mLx7Tb4RkW1zPa6Vn3Yd';
const CARD = '4539158702148360';

/** Types the key with its last character wrong, fixes it, then types the card. */
async function settingsFlow(page: Page, baseURL: string): Promise<void> {
  await page.goto(baseURL);
  const keyField = page.locator('#key');
  await keyField.click();
  await keyField.pressSequentially(`${API_KEY.slice(0, -1)}Q`, { delay: 30 });
  await keyField.press('Backspace');
  await keyField.pressSequentially(API_KEY.slice(-1));
  const cardField = page.locator('#card');
  await cardField.click();
  await cardField.pressSequentially(CARD, { delay: 30 });
  await page.waitForTimeout(500);
}

let workspace: Workspace;
let server: StaticServer;

beforeAll(async () => {
  workspace = await createWorkspace('sanitize-typing-previews');
  await workspace.addApp('settings', { 'index.html': SETTINGS_PAGE });
  server = await startStaticServer(workspace.apps);
});

afterAll(async () => {
  await server?.close();
  await workspace?.remove();
});

describe('previews of typed values', () => {
  it(
    'sanitizes and replays the previews',
    async () => {
      await recordFlowToFile({
        url: new URL('settings/', server.url).href,
        name: SESSION,
        flow: settingsFlow,
        file: join(workspace.root, 'raw', `${SESSION}.replay.json.gz`),
      });
      // The audit of the result passes, so the fixture is written.
      await sanitizeWorkspaceRaw(workspace);
      const { text } = await readSanitizedFixture(workspace, SESSION);
      for (const piece of ['9fQ2mLx7Tb4RkW1z', '4539 1587 0214', '45391587021']) {
        expect(text).not.toContain(piece);
      }
      expectPerfectReplay(await replayWorkspaceSession(workspace, SESSION));
    },
    REPLAY_RUN_TIMEOUT_MS * 2,
  );
});
