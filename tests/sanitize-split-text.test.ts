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

const SESSION = 'profile-split-text';
/**
 * A profile card that fetches its data and shows each value in pieces: the domain of the
 * address in bold, and the calling and area code of the phone number in a span of its own.
 * No text node contains a whole value.
 */
const PROFILE_PAGE = `<!doctype html>
<meta charset="utf-8">
<title>Profile</title>
<style>body { font: 16px sans-serif; margin: 24px; } .code { color: #06c; }</style>
<section id="card"></section>
<button id="refresh" type="button">Refresh</button>
<script>
  let loads = 0;
  function load() {
    fetch('profile.json').then((response) => response.json()).then((profile) => {
      const [local, domain] = profile.email.split('@');
      const mail = document.createElement('p');
      const bold = document.createElement('b');
      bold.textContent = domain;
      mail.append('Mail ' + local + '@', bold, ' today');
      const call = document.createElement('p');
      const code = document.createElement('span');
      code.className = 'code';
      code.textContent = profile.phone.slice(0, 6);
      call.append('Call ', code, profile.phone.slice(6));
      const done = document.createElement('p');
      done.id = 'loaded';
      loads += 1;
      done.textContent = 'Loaded ' + loads + ' times';
      document.getElementById('card').replaceChildren(mail, call, done);
    });
  }
  document.getElementById('refresh').addEventListener('click', load);
  load();
</script>
`;

const PROFILE = { email: 'rosalind.brack@quayside-ledger.net', phone: '+1 415 555 2671' };

/** Opens the profile and refreshes it once, so the card is added twice. */
async function profileFlow(page: Page, baseURL: string): Promise<void> {
  await page.goto(baseURL);
  await page.locator('#loaded').waitFor();
  await page.waitForTimeout(300);
  await page.locator('#refresh').click();
  await page.getByText('Loaded 2 times').waitFor();
  await page.waitForTimeout(500);
}

let workspace: Workspace;
let server: StaticServer;

beforeAll(async () => {
  workspace = await createWorkspace('sanitize-split-text');
  await workspace.addApp('profile', {
    'index.html': PROFILE_PAGE,
    'profile.json': JSON.stringify(PROFILE),
  });
  server = await startStaticServer(workspace.apps);
});

afterAll(async () => {
  await server?.close();
  await workspace?.remove();
});

describe('values split across text nodes', () => {
  it(
    'replays the sanitized profile with fidelity 1',
    async () => {
      await recordFlowToFile({
        url: new URL('profile/', server.url).href,
        name: SESSION,
        flow: profileFlow,
        file: join(workspace.root, 'raw', `${SESSION}.replay.json.gz`),
      });
      await sanitizeWorkspaceRaw(workspace);
      const { text, counts } = await readSanitizedFixture(workspace, SESSION);
      for (const piece of ['rosalind', 'quayside', '+1 415', '555 2671']) {
        expect(text).not.toContain(piece);
      }
      // Each of the two loads shows both values in pieces.
      expect(counts['email/dom.text']).toBe(2);
      expect(counts['phone/dom.text']).toBe(2);
      expectPerfectReplay(await replayWorkspaceSession(workspace, SESSION));
    },
    REPLAY_RUN_TIMEOUT_MS * 2,
  );
});
