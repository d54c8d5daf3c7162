import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Page } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compilePlan } from '../harness/compile/compile-plan.js';
import type { Recording } from '../harness/fixture/recording.js';
import { startStaticServer, type StaticServer } from '../harness/serve/static-server.js';
import { expectPerfectReplay } from './support/replay-expectations.js';
import { recordAppFlow, type Flow } from './support/record-flow.js';
import { REPLAY_RUN_TIMEOUT_MS } from './support/run-cli.js';
import {
  createWorkspace,
  readSanitizedFixture,
  sanitizeWorkspaceRaw,
  replayWorkspaceSession,
  type Workspace,
} from './support/workspace.js';

const EMAIL = 'rosalind.brack@quayside-ledger.net';
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

/** A chat box: Enter sends the message, and the page empties the box itself. */
const CHAT_PAGE = `<!doctype html>
<meta charset="utf-8">
<title>Chat</title>
<style>body { font: 16px sans-serif; margin: 24px; } #box { width: 420px; min-height: 40px; border: 1px solid #777; }</style>
<ul id="log"></ul>
<div id="box" contenteditable="true" aria-label="Message"></div>
<script>
  const box = document.getElementById('box');
  box.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      const item = document.createElement('li');
      item.textContent = box.innerText;
      document.getElementById('log').append(item);
      box.replaceChildren();
    }
  });
</script>
`;

/**
 * A formatted editor with a Bold button that keeps the caret in the text, as toolbars do, and
 * a plain-text editor, which writes line breaks as text.
 */
const FORMATS_PAGE = `<!doctype html>
<meta charset="utf-8">
<title>Formats</title>
<style>body { font: 16px sans-serif; margin: 24px; } [contenteditable] { width: 420px; min-height: 60px; border: 1px solid #777; margin: 8px 0; }</style>
<button id="bold" type="button">Bold</button>
<div id="rich" contenteditable="true" aria-label="Rich text"></div>
<div id="plain" contenteditable="plaintext-only" aria-label="Plain text"></div>
<script>
  const bold = document.getElementById('bold');
  bold.addEventListener('mousedown', (event) => event.preventDefault());
  bold.addEventListener('click', () => document.execCommand('bold'));
</script>
`;

/** An editor inside the open shadow root of a custom element. */
const SHADOW_PAGE = `<!doctype html>
<meta charset="utf-8">
<title>Shadow</title>
<style>body { font: 16px sans-serif; margin: 24px; }</style>
<note-box></note-box>
<script>
  customElements.define('note-box', class extends HTMLElement {
    connectedCallback() {
      const root = this.attachShadow({ mode: 'open' });
      root.innerHTML = '<style>div { width: 420px; min-height: 60px; border: 1px solid #777; } div:hover { border-color: #06c; }</style>' +
        '<div id="inner" contenteditable="true" aria-label="Note"></div>';
    }
  });
</script>
`;

/** Reads a file of the `dist` folder of an installed npm package. */
function readDist(packageName: string, file: string): Promise<Buffer> {
  const root = dirname(createRequire(import.meta.url).resolve(`${packageName}/package.json`));
  return readFile(join(root, 'dist', file));
}

/**
 * An editor that runs in a `srcdoc` frame of its own and makes the frame's whole `body`
 * editable, as TinyMCE does by default. A hint that is not editable and a script follow the
 * text, and neither is typed.
 */
const FRAME_EDITOR_PAGE = `<!doctype html>
<meta charset="utf-8">
<title>Letter</title>
<style>body { font: 16px sans-serif; margin: 24px; } iframe { width: 420px; height: 160px; }</style>
<iframe id="letter" title="Letter" srcdoc="<!doctype html>
<style>body { font: 16px sans-serif; margin: 8px; } p { margin: 4px 0; }</style>
<body contenteditable='true'><p>Shopping</p><div contenteditable='false'>Hint: one item a line</div>
<script>document.title = 'Letter draft';</script></body>"></iframe>
`;

/** Writes the test pages and Quill from npm into the workspace's apps. */
async function addEditorApps(): Promise<void> {
  await workspace.addApp('notes', { 'index.html': NOTES_PAGE });
  await workspace.addApp('chat', { 'index.html': CHAT_PAGE });
  await workspace.addApp('formats', { 'index.html': FORMATS_PAGE });
  await workspace.addApp('shadow', { 'index.html': SHADOW_PAGE });
  await workspace.addApp('letter', { 'index.html': FRAME_EDITOR_PAGE });
  await workspace.addApp('quill', {
    'index.html': QUILL_PAGE,
    'quill.js': await readDist('quill', 'quill.js'),
    'quill.snow.css': await readDist('quill', 'quill.snow.css'),
  });
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

/** Sends two messages, each ended with Enter. */
async function chatFlow(page: Page, baseURL: string): Promise<void> {
  await page.goto(baseURL);
  const box = page.locator('#box');
  await box.click();
  for (const message of ['Morning all', 'Standup at ten']) {
    await page.keyboard.type(message, { delay: 30 });
    await page.keyboard.press('Enter');
    await page.waitForTimeout(200);
  }
  await page.waitForTimeout(300);
}

/**
 * Types a line break with Shift+Enter, a word after a click on Bold, and two lines into the
 * plain-text editor.
 */
async function formatsFlow(page: Page, baseURL: string): Promise<void> {
  await page.goto(baseURL);
  await page.locator('#rich').click();
  await page.keyboard.type('Hello', { delay: 30 });
  await page.keyboard.press('Shift+Enter');
  await page.keyboard.type('quiet ', { delay: 30 });
  await page.locator('#bold').click();
  await page.keyboard.type('loud', { delay: 30 });
  await page.waitForTimeout(200);
  await page.locator('#plain').click();
  await page.keyboard.type('abc', { delay: 30 });
  await page.keyboard.press('Enter');
  await page.keyboard.type('def', { delay: 30 });
  await page.waitForTimeout(300);
}

/** Types two lines into the editor in a shadow root, with the mouse over it. */
async function shadowFlow(page: Page, baseURL: string): Promise<void> {
  await page.goto(baseURL);
  await page.locator('note-box #inner').click();
  await page.keyboard.type('Inside the shadow', { delay: 30 });
  await page.keyboard.press('Enter');
  await page.keyboard.type('root', { delay: 30 });
  await page.waitForTimeout(300);
}

/** Goes on typing the first line of the editor in the frame, then types a second line. */
async function frameEditorFlow(page: Page, baseURL: string): Promise<void> {
  await page.goto(baseURL);
  await page.frameLocator('#letter').locator('p').click();
  await page.keyboard.press('End');
  await page.keyboard.type(' list: pears', { delay: 30 });
  await page.keyboard.press('Enter');
  await page.keyboard.type('and bread', { delay: 30 });
  await page.waitForTimeout(300);
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
function record(name: string, folder: string, flow: Flow, file: string): Promise<Recording> {
  return recordAppFlow(server.url, workspace.recordings, { name, folder, flow, file });
}

/** Returns the text of each type step of a recording's plan. */
function typedTexts(recording: Recording): string[] {
  return compilePlan(recording).steps.flatMap((step) =>
    step.action.kind === 'type' ? [step.action.text] : [],
  );
}

beforeAll(async () => {
  workspace = await createWorkspace('replay-contenteditable');
  await addEditorApps();
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
    'replays a chat box that sends on Enter with fidelity 1',
    async () => {
      const name = 'chat-box';
      const recording = await record(
        name,
        'chat',
        chatFlow,
        join(workspace.recordings, `${name}.replay.json.gz`),
      );
      expect(compilePlan(recording).steps.map((step) => step.action.kind)).toEqual([
        'click',
        'type',
        'press',
        'type',
        'press',
      ]);
      expectPerfectReplay(await replayWorkspaceSession(workspace, name));
    },
    REPLAY_RUN_TIMEOUT_MS,
  );

  it(
    'replays Shift+Enter, bold text and a plain-text editor with fidelity 1',
    async () => {
      const name = 'formats';
      const recording = await record(
        name,
        'formats',
        formatsFlow,
        join(workspace.recordings, `${name}.replay.json.gz`),
      );
      expect(typedTexts(recording)).toEqual(['Hello\u2028quiet ', 'loud', 'abc\ndef']);
      expectPerfectReplay(await replayWorkspaceSession(workspace, name));
    },
    REPLAY_RUN_TIMEOUT_MS,
  );

  it(
    'replays an editor in a shadow root with fidelity 1',
    async () => {
      const name = 'shadow-editor';
      const file = join(workspace.recordings, `${name}.replay.json.gz`);
      const recording = await record(name, 'shadow', shadowFlow, file);
      // Chromium writes Enter here as a `<br>`, which the replay types as Shift+Enter.
      expect(typedTexts(recording)).toEqual(['Inside the shadow\u2028root']);
      expectPerfectReplay(await replayWorkspaceSession(workspace, name));
    },
    REPLAY_RUN_TIMEOUT_MS,
  );

  it(
    'replays an editable frame body with fidelity 1',
    async () => {
      const name = 'frame-editor';
      const file = join(workspace.recordings, `${name}.replay.json.gz`);
      const recording = await record(name, 'letter', frameEditorFlow, file);
      // The keys on the editable body belong to the typing, which contains their effect.
      expect(compilePlan(recording).steps.map((step) => step.action.kind)).toEqual([
        'click',
        'type',
      ]);
      expect(typedTexts(recording)).toEqual([' list: pears\nand bread']);
      expectPerfectReplay(await replayWorkspaceSession(workspace, name));
    },
    REPLAY_RUN_TIMEOUT_MS,
  );

  it(
    'replays the sanitized notes session with fidelity 1, without any part of the address',
    async () => {
      const name = 'notes-editor-private';
      await record(name, 'notes', notesFlow, join(workspace.root, 'raw', `${name}.replay.json.gz`));
      await sanitizeWorkspaceRaw(workspace);
      const { text, counts } = await readSanitizedFixture(workspace, name);
      // Every step typed on the way is replaced too, in the edit events and in the text nodes.
      for (const part of ['rosalind', 'quayside']) {
        expect(text).not.toContain(part);
      }
      expect(counts['email/event.custom']).toBeGreaterThan(0);
      expect(counts['email/dom.text']).toBeGreaterThan(0);
      expectPerfectReplay(await replayWorkspaceSession(workspace, name));
    },
    REPLAY_RUN_TIMEOUT_MS * 2,
  );
});
