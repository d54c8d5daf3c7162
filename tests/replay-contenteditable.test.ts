import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Page } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compilePlan } from '../harness/compile/compile-plan.js';
import type { Recording } from '../harness/fixture/recording.js';
import { startStaticServer, type StaticServer } from '../harness/serve/static-server.js';
import { expectPerfectReplay } from './support/replay-expectations.js';
import { recordFlowToFile } from './support/record-flow.js';
import { REPLAY_RUN_TIMEOUT_MS, runCli } from './support/run-cli.js';
import { createWorkspace, replayWorkspaceSession, type Workspace } from './support/workspace.js';

const EMAIL = 'rosalind.brack@quayside-ledger.net';
const KEY_ENV = {
  REPLAYGATE_SANITIZE_KEY: '3e'.repeat(32),
  REPLAYGATE_SANITIZE_KEY_FILE: undefined,
};

/**
 * A note editor: a `contenteditable` element and a button that adds its text to a list
 * and empties it, so the typed text shows again after the editor is cleared.
 */
const NOTES_PAGE = `<!doctype html>
<meta charset="utf-8">
<title>Notes</title>
<style>
  body { font: 16px sans-serif; margin: 24px; }
  #note { width: 420px; min-height: 90px; padding: 8px; border: 1px solid #777; }
  #saved li { white-space: pre-wrap; margin: 6px 0; }
</style>
<div id="note" contenteditable="true" aria-label="Note"></div>
<button id="save" type="button">Save</button>
<ul id="saved"></ul>
<script>
  document.getElementById('save').addEventListener('click', () => {
    const note = document.getElementById('note');
    const item = document.createElement('li');
    item.textContent = note.innerText;
    document.getElementById('saved').append(item);
    note.replaceChildren();
  });
</script>
`;

/** Quill's Snow editor from its npm package, as an app would embed it. */
const QUILL_PAGE = `<!doctype html>
<meta charset="utf-8">
<title>Quill</title>
<link rel="stylesheet" href="quill.snow.css">
<style>body { font: 16px sans-serif; margin: 24px; } #editor { height: 200px; }</style>
<div id="editor"></div>
<script src="quill.js"></script>
<script>new Quill('#editor', { theme: 'snow', placeholder: 'Write here' });</script>
`;

/** Writes the notes page and the Quill page into the workspace's apps folder. */
async function writeEditorApps(apps: string): Promise<void> {
  await mkdir(join(apps, 'notes'), { recursive: true });
  await writeFile(join(apps, 'notes', 'index.html'), NOTES_PAGE);
  const quillDist = join(dirname(createRequire(import.meta.url).resolve('quill')), 'dist');
  await mkdir(join(apps, 'quill'), { recursive: true });
  await writeFile(join(apps, 'quill', 'index.html'), QUILL_PAGE);
  for (const file of ['quill.js', 'quill.snow.css']) {
    await copyFile(join(quillDist, file), join(apps, 'quill', file));
  }
}

/**
 * Types two lines with a correction, saves, then types a second note with an e-mail address
 * into the emptied editor and saves it too.
 */
async function notesFlow(page: Page, baseURL: string): Promise<void> {
  await page.goto(baseURL);
  const note = page.locator('#note');
  await note.click();
  await note.pressSequentially('Buy oat milk\nCall the plumber', { delay: 20 });
  for (let count = 0; count < 'plumber'.length; count++) {
    await page.keyboard.press('Backspace', { delay: 20 });
  }
  await note.pressSequentially('roofer', { delay: 20 });
  await page.waitForTimeout(300);
  await page.locator('#save').click();
  await page.waitForTimeout(300);
  await note.click();
  await note.pressSequentially(`Mail ${EMAIL}`, { delay: 20 });
  await page.waitForTimeout(300);
  await page.locator('#save').click();
  await page.waitForTimeout(500);
}

/** Types into Quill's editor: a line, Enter, a second line with a correction, and an empty line. */
async function quillFlow(page: Page, baseURL: string): Promise<void> {
  await page.goto(baseURL);
  const editor = page.locator('.ql-editor');
  await editor.click();
  await editor.pressSequentially('Dear team,\nThe boiler needs a check', { delay: 20 });
  for (let count = 0; count < 'check'.length; count++) {
    await page.keyboard.press('Backspace', { delay: 20 });
  }
  await editor.pressSequentially('new valve\n\nThanks', { delay: 20 });
  await page.waitForTimeout(500);
}

let workspace: Workspace;
let server: StaticServer;

/** Records `flow` on the app in `folder` of the workspace and writes it to `file`. */
function record(
  name: string,
  folder: string,
  flow: (page: Page, baseURL: string) => Promise<void>,
  file: string,
): Promise<Recording> {
  return recordFlowToFile({ url: new URL(`${folder}/`, server.url).href, name, flow, file });
}

/** Returns the text of each type step of a recording's plan. */
function typedTexts(recording: Recording): string[] {
  return compilePlan(recording).steps.flatMap((step) =>
    step.action.kind === 'type' ? [step.action.text] : [],
  );
}

beforeAll(async () => {
  workspace = await createWorkspace('replay-contenteditable');
  await writeEditorApps(workspace.apps);
  server = await startStaticServer(workspace.apps);
});

afterAll(async () => {
  await server?.close();
  await workspace?.remove();
});

describe('typing into a contenteditable element', () => {
  it(
    'replays the notes editor with fidelity 1',
    async () => {
      const name = 'notes-editor';
      const recording = await record(
        name,
        'notes',
        notesFlow,
        join(workspace.recordings, `${name}.replay.json.gz`),
      );
      expect(typedTexts(recording)).toEqual(['Buy oat milk\nCall the roofer', `Mail ${EMAIL}`]);
      expectPerfectReplay(await replayWorkspaceSession(workspace, name));
    },
    REPLAY_RUN_TIMEOUT_MS,
  );

  it(
    "replays typing into Quill's editor with fidelity 1",
    async () => {
      const name = 'quill-editor';
      const recording = await record(
        name,
        'quill',
        quillFlow,
        join(workspace.recordings, `${name}.replay.json.gz`),
      );
      expect(typedTexts(recording)).toEqual(['Dear team,\nThe boiler needs a new valve\n\nThanks']);
      expectPerfectReplay(await replayWorkspaceSession(workspace, name));
    },
    REPLAY_RUN_TIMEOUT_MS,
  );

  it(
    'replays the sanitized notes session with fidelity 1, without the address',
    async () => {
      const name = 'notes-editor-private';
      await record(name, 'notes', notesFlow, join(workspace.root, 'raw', `${name}.replay.json.gz`));
      const sanitize = await runCli(['sanitize', 'raw', '--out', workspace.recordings], {
        cwd: workspace.root,
        env: KEY_ENV,
      });
      expect(sanitize.stderr).toBe('');
      expect(sanitize.exitCode).toBe(0);
      const fixture = gunzipSync(
        await readFile(join(workspace.recordings, `${name}.replay.json.gz`)),
      ).toString('utf8');
      expect(fixture).not.toContain(EMAIL);
      const counts = (JSON.parse(fixture) as { sanitization: { counts: Record<string, number> } })
        .sanitization.counts;
      expect(counts['email/event.custom']).toBeGreaterThan(0);
      expect(counts['email/dom.text']).toBeGreaterThan(0);
      expectPerfectReplay(await replayWorkspaceSession(workspace, name));
    },
    REPLAY_RUN_TIMEOUT_MS * 2,
  );
});
