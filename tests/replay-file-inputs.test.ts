import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compilePlan } from '../harness/compile/compile-plan.js';
import type { Recording } from '../harness/fixture/recording.js';
import { startStaticServer, type StaticServer } from '../harness/serve/static-server.js';
import { expectPerfectReplay } from './support/replay-expectations.js';
import { recordAppFlow, type Flow } from './support/record-flow.js';
import { REPLAY_RUN_TIMEOUT_MS, runCli } from './support/run-cli.js';
import {
  createWorkspace,
  replayArgs,
  replayWorkspaceSession,
  type Workspace,
} from './support/workspace.js';

const NOTES = 'Water the ferns\nMend the fence\n';

/** Lists each chosen file with its type and size, as many upload forms do. */
const LIST_PAGE = `<!doctype html>
<meta charset="utf-8">
<title>Attachments</title>
<style>body { font: 16px sans-serif; margin: 24px; }</style>
<input id="files" type="file" multiple>
<ul id="chosen"></ul>
<script>
  const input = document.getElementById('files');
  input.addEventListener('change', () => {
    document.getElementById('chosen').replaceChildren(
      ...Array.from(input.files, (file) => {
        const item = document.createElement('li');
        item.textContent = file.name + ' (' + (file.type || 'no type') + ', ' + file.size + ' bytes)';
        return item;
      }),
    );
  });
</script>
`;

/** Shows the text of the chosen file, as an import form's preview does. */
const PREVIEW_PAGE = `<!doctype html>
<meta charset="utf-8">
<title>Import</title>
<style>body { font: 16px sans-serif; margin: 24px; }</style>
<input id="file" type="file">
<pre id="preview"></pre>
<script>
  const input = document.getElementById('file');
  input.addEventListener('change', async () => {
    document.getElementById('preview').textContent = await input.files[0].text();
  });
</script>
`;

/** A small PNG-like payload: its bytes do not matter to the page, only its size. */
const IMAGE = Buffer.alloc(3000, 7);

/** Clicks the input and picks two files in the file chooser, as a person does. */
async function listFlow(page: Page, baseURL: string): Promise<void> {
  await page.goto(baseURL);
  const chooser = page.waitForEvent('filechooser');
  await page.locator('#files').click();
  await (
    await chooser
  ).setFiles([
    { name: 'lake.png', mimeType: 'image/png', buffer: IMAGE },
    { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from(NOTES) },
  ]);
  await page.locator('#chosen li').nth(1).waitFor();
  await page.waitForTimeout(500);
}

async function previewFlow(page: Page, baseURL: string): Promise<void> {
  await page.goto(baseURL);
  await page
    .locator('#file')
    .setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from(NOTES) });
  await page.locator('#preview', { hasText: 'Mend the fence' }).waitFor();
  await page.waitForTimeout(500);
}

let workspace: Workspace;
let server: StaticServer;

/** Records `flow` on the page in `folder` of the workspace's apps into its recordings. */
function record(name: string, folder: string, flow: Flow): Promise<Recording> {
  return recordAppFlow(server.url, workspace.recordings, { name, folder, flow });
}

beforeAll(async () => {
  workspace = await createWorkspace('replay-file-inputs');
  await workspace.addApp('attachments', { 'index.html': LIST_PAGE });
  await workspace.addApp('import', { 'index.html': PREVIEW_PAGE });
  server = await startStaticServer(workspace.apps);
});

afterAll(async () => {
  await server?.close();
  await workspace?.remove();
});

describe('file inputs', () => {
  it(
    'replays a choice of files by name, type and size',
    async () => {
      const name = 'attachments';
      const recording = await record(name, 'attachments', listFlow);
      const uploads = compilePlan(recording).steps.flatMap((step) =>
        step.action.kind === 'upload' ? [step.action.files] : [],
      );
      expect(uploads).toEqual([
        [
          { name: 'lake.png', type: 'image/png', size: IMAGE.length },
          { name: 'notes.txt', type: 'text/plain', size: Buffer.byteLength(NOTES) },
        ],
      ]);
      expectPerfectReplay(await replayWorkspaceSession(workspace, name));
    },
    REPLAY_RUN_TIMEOUT_MS,
  );

  it(
    'reads the content of a chosen file from the upload folder',
    async () => {
      const name = 'import-preview';
      await record(name, 'import', previewFlow);
      const replay = (run: string, extra: string[]) =>
        runCli(
          replayArgs({
            serve: workspace.apps,
            recordings: workspace.recordings,
            outputDir: join(workspace.root, 'results', run),
            baselineDir: join(workspace.root, 'baselines', run),
            grep: `^${name}$`,
            extra,
          }),
          { cwd: workspace.root, timeoutMs: REPLAY_RUN_TIMEOUT_MS },
        );

      // Without the file, the replay chooses zero bytes of the same size, and the preview
      // differs from the recording.
      const placeholder = await replay('without-file', []);
      expect(placeholder.exitCode).toBe(1);
      expect(placeholder.report?.sessions[0]?.status).toBe('failed');
      expect(placeholder.report?.sessions[0]?.firstCause?.message).toContain('pre#preview');
      const upload = placeholder.report?.sessions[0]?.steps.find((step) => step.kind === 'upload');
      expect(upload?.description).toContain(
        'notes.txt: no --upload-dir, so empty files of the recorded sizes were chosen',
      );

      const missing = await replay('missing-folder', ['--upload-dir', 'no-such-folder']);
      expect(missing.exitCode).toBe(2);
      expect(missing.stderr).toContain('no-such-folder (--upload-dir, uploadDir) does not exist');

      const uploadDir = join(workspace.root, 'uploads');
      await mkdir(uploadDir);
      await writeFile(join(uploadDir, 'notes.txt'), NOTES);
      expectPerfectReplay(await replay('with-file', ['--upload-dir', uploadDir]));
    },
    REPLAY_RUN_TIMEOUT_MS * 2,
  );
});
