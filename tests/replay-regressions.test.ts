import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionResult } from '../harness/result/types.js';
import { changeElementText, injectStyle, removeElement } from './support/app-variants.js';
import { REPLAY_RUN_TIMEOUT_MS, runCli, type CliResult } from './support/run-cli.js';
import { createWorkspace, replayArgs, type Workspace } from './support/workspace.js';

const SESSION = 'todomvc-vanillajs';

let workspace: Workspace;
let storedBaselines: string;
let noBaselines: string;
let variantCount = 0;

beforeAll(async () => {
  workspace = await createWorkspace('regressions');
  await workspace.copyRecording(SESSION);
  noBaselines = join(workspace.root, 'no-baselines');

  // Baselines of the unchanged app, for the cases compared against stored baselines.
  storedBaselines = join(workspace.root, 'baselines');
  const update = await runCli(
    replayArgs({
      serve: workspace.apps,
      recordings: workspace.recordings,
      outputDir: join(workspace.root, 'update'),
      baselineDir: storedBaselines,
      grep: `^${SESSION}$`,
      updateBaselines: true,
    }),
    { cwd: workspace.root },
  );
  expect(update.exitCode, update.stderr).toBe(0);
  // A passing session keeps no trace in the default trace mode.
  expect(update.report?.sessions[0]?.tracePath).toBeUndefined();
}, REPLAY_RUN_TIMEOUT_MS);

afterAll(async () => {
  await workspace.remove();
});

/** Builds a changed copy of the demo apps; `change` receives the vanillajs app folder. */
async function buildVariant(change: (appDir: string) => Promise<void>): Promise<string> {
  variantCount += 1;
  const apps = await workspace.buildApps(`variant-${variantCount}`);
  await change(join(apps, 'todomvc', 'vanillajs'));
  return apps;
}

async function replayVariant(
  apps: string,
  baselineDir: string,
  extraArgs: string[] = [],
): Promise<CliResult> {
  return runCli(
    [
      ...replayArgs({
        serve: apps,
        recordings: workspace.recordings,
        outputDir: join(apps, 'results'),
        baselineDir,
        grep: `^${SESSION}$`,
      }),
      ...extraArgs,
    ],
    { cwd: workspace.root },
  );
}

/** Checks that the failed session links a Playwright trace that exists. */
function expectTrace(session: SessionResult, fileName: string): void {
  expect(session.tracePath?.endsWith(fileName)).toBe(true);
  expect(existsSync(session.tracePath ?? '')).toBe(true);
}

function failedSession(result: CliResult): SessionResult {
  expect(result.stderr).not.toContain('internal error');
  expect(result.exitCode).toBe(1);
  expect(result.report?.totals.failed).toBe(1);
  const session = result.report?.sessions[0];
  if (session === undefined) {
    throw new Error(`The run wrote no session result. stderr:\n${result.stderr}`);
  }
  expect(session.status).toBe('failed');
  return session;
}

function failingCheckpoint(session: SessionResult) {
  const id = session.firstCause?.checkpointId;
  expect(id).toBeDefined();
  const checkpoint = session.checkpoints.find((candidate) => candidate.id === id);
  if (checkpoint === undefined) {
    throw new Error(`The report has no checkpoint ${String(id)}.`);
  }
  return checkpoint;
}

// The todo labels inherit #4d4d4d from the body; #555 is 8 levels lighter.
const LABEL_COLOUR = '#todo-list li label { color: #555; }';

describe('replay of a changed build', () => {
  it.each([
    ['the recording', () => noBaselines, 'recording'],
    ['stored baselines', () => storedBaselines, 'stored'],
  ] as const)(
    'label colour change fails on pixels against %s',
    async (_name, baselineDir, source) => {
      const apps = await buildVariant((app) => injectStyle(join(app, 'index.html'), LABEL_COLOUR));

      const session = failedSession(await replayVariant(apps, baselineDir()));

      expect(session.firstCause?.kind).toBe('pixel-diff');
      expect(session.baselineSource).toBe(source);
      expect(session.steps.every((step) => step.resolved)).toBe(true);
      const checkpoint = failingCheckpoint(session);
      expect(checkpoint.passed).toBe(false);
      expect(checkpoint.pixels?.diffPixels).toBeGreaterThan(0);
      // Labels are a few lines of text in a 1280x720 page.
      expect(checkpoint.pixels?.diffRatio).toBeLessThan(0.01);
      expect(checkpoint.dom?.similarity).toBe(1);
      expect(session.fidelity).toBeLessThan(1);
      // The first checkpoint shows no todo yet, so the change cannot show there.
      expect(session.checkpoints[0]?.passed).toBe(true);
      // No retries and the default trace mode: the trace comes from one extra traced replay,
      // which failed the same way.
      expectTrace(session, join('traced-rerun', 'trace.zip'));
      expect(session.tracedRerun?.status).toBe('failed');
      expect(session.tracedRerun?.firstCause?.kind).toBe('pixel-diff');
    },
    REPLAY_RUN_TIMEOUT_MS,
  );

  it(
    'footer margin shift fails on pixels against stored baselines',
    async () => {
      // The info footer under the list has a 65 px top margin in TodoMVC's base.css.
      const apps = await buildVariant((app) =>
        injectStyle(join(app, 'index.html'), '#info { margin-top: 67px; }'),
      );

      const session = failedSession(await replayVariant(apps, storedBaselines));

      expect(session.firstCause?.kind).toBe('pixel-diff');
      expect(session.baselineSource).toBe('stored');
      const checkpoint = failingCheckpoint(session);
      // The footer is visible from the first checkpoint on.
      expect(checkpoint.id).toBe(session.checkpoints[0]?.id);
      expect(checkpoint.pixels?.diffPixels).toBeGreaterThan(0);
      expect(checkpoint.pixels?.sizeMismatch).toBeUndefined();
      expect(checkpoint.dom?.similarity).toBe(1);
    },
    REPLAY_RUN_TIMEOUT_MS,
  );

  it(
    'retain-on-failure keeps the trace of the failed attempt itself',
    async () => {
      const apps = await buildVariant((app) => injectStyle(join(app, 'index.html'), LABEL_COLOUR));

      const session = failedSession(
        await replayVariant(apps, storedBaselines, ['--trace', 'retain-on-failure']),
      );

      expect(session.firstCause?.kind).toBe('pixel-diff');
      expectTrace(session, join(session.outputDir, 'trace.zip'));
      expect(session.tracedRerun).toBeUndefined();
    },
    REPLAY_RUN_TIMEOUT_MS,
  );

  it(
    'removed delete button leaves its step unresolved',
    async () => {
      const apps = await buildVariant((app) =>
        removeElement(join(app, 'js', 'template.js'), '<button class="destroy"></button>'),
      );

      const session = failedSession(await replayVariant(apps, noBaselines));

      expect(session.firstCause?.kind).toBe('unresolved-step');
      const stepIndex = session.firstCause?.stepIndex;
      expect(stepIndex).toBeDefined();
      const step = session.steps.find((candidate) => candidate.index === stepIndex);
      expect(step?.resolved).toBe(false);
      expect(step?.description).toContain('button.destroy');
      expect(session.firstCause?.message).toContain(`Step ${String(stepIndex)}`);
      expect(session.firstCause?.message).toContain('button.destroy');
      // The replay stops at the unresolved step, and every step before it ran.
      expect(session.steps.at(-1)?.index).toBe(stepIndex);
      expect(session.steps.slice(0, -1).every((candidate) => candidate.resolved)).toBe(true);
    },
    REPLAY_RUN_TIMEOUT_MS,
  );

  it(
    'changed header text fails on DOM against the recording',
    async () => {
      const apps = await buildVariant((app) =>
        changeElementText(join(app, 'index.html'), '<h1>todos</h1>', 'tasks'),
      );

      const session = failedSession(await replayVariant(apps, noBaselines));

      expect(session.firstCause?.kind).toBe('dom-diff');
      expect(session.baselineSource).toBe('recording');
      const checkpoint = failingCheckpoint(session);
      // The header is visible from the first checkpoint on.
      expect(checkpoint.id).toBe(session.checkpoints[0]?.id);
      expect(checkpoint.dom?.similarity).toBeLessThan(1);
      expect(checkpoint.dom?.changes).toContainEqual(
        expect.objectContaining({ type: 'text', expected: 'todos', actual: 'tasks' }),
      );
      expect(checkpoint.pixels?.diffPixels).toBeGreaterThan(0);
    },
    REPLAY_RUN_TIMEOUT_MS,
  );
});
