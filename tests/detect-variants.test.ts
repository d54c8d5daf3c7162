import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DetectApp } from '../bench/detect/app-change.js';
import { THROWN_ERROR_MESSAGE, todoMvcApp } from '../bench/detect/todomvc-variants.js';
import type { VariantId } from '../bench/detect/variant-kinds.js';
import type { CheckpointResult, SessionResult } from '../harness/result/types.js';
import { runCli, type CliResult } from './support/run-cli.js';
import { createWorkspace, replayArgs, type Workspace } from './support/workspace.js';

// A subset of the detection bench (`npm run bench:detect`), run end to end: the same changes,
// checked for the verdict and the first cause the bench expects.

const APP = todoMvcApp('vanillajs');
const REACT = todoMvcApp('react');
const BACKBONE = todoMvcApp('backbone');
const REPLAY_TIMEOUT_MS = 300_000;

let workspace: Workspace;
let noBaselines: string;

beforeAll(async () => {
  workspace = await createWorkspace('detect');
  for (const app of [APP, REACT, BACKBONE]) {
    await workspace.copyRecording(app.session);
  }
  noBaselines = join(workspace.root, 'no-baselines');
}, 180_000);

afterAll(async () => {
  await workspace.remove();
});

/** Builds the demo apps with one bench change applied to `app` and replays its session. */
async function replayVariant(variant: VariantId, app: DetectApp = APP): Promise<CliResult> {
  const apps = await workspace.buildApps(`${app.session}-${variant}`);
  await app.changes[variant].apply(join(apps, app.app));
  return runCli(
    replayArgs({
      serve: apps,
      recordings: workspace.recordings,
      outputDir: join(apps, 'results'),
      baselineDir: noBaselines,
      grep: `^${app.session}$`,
    }),
    { cwd: workspace.root, timeoutMs: REPLAY_TIMEOUT_MS },
  );
}

function onlySession(result: CliResult): SessionResult {
  expect(result.stderr).not.toContain('internal error');
  const session = result.report?.sessions[0];
  if (session === undefined) {
    throw new Error(`The run wrote no session result. stderr:\n${result.stderr}`);
  }
  return session;
}

function causeCheckpoint(session: SessionResult): CheckpointResult {
  const id = session.firstCause?.checkpointId;
  const checkpoint = session.checkpoints.find((candidate) => candidate.id === id);
  if (checkpoint === undefined) {
    throw new Error(`The first cause names no checkpoint of the report: ${String(id)}.`);
  }
  return checkpoint;
}

describe('detection bench variants on vanillajs', () => {
  it(
    'colour change fails on pixels',
    async () => {
      const result = await replayVariant('colour');

      const session = onlySession(result);
      expect(result.exitCode).toBe(1);
      expect(session.status).toBe('failed');
      expect(session.firstCause?.kind).toBe('pixel-diff');
      const checkpoint = causeCheckpoint(session);
      expect(checkpoint.pixels?.diffPixels).toBeGreaterThan(0);
      expect(checkpoint.dom?.similarity).toBe(1);
    },
    REPLAY_TIMEOUT_MS,
  );

  it(
    'thrown error fails as page error',
    async () => {
      const result = await replayVariant('thrown-error');

      const session = onlySession(result);
      expect(result.exitCode).toBe(1);
      expect(session.status).toBe('failed');
      expect(session.firstCause?.kind).toBe('page-error');
      expect(session.firstCause?.message).toContain(THROWN_ERROR_MESSAGE);
      // The handler throws after its work, so every step ran and the page still looks right.
      expect(session.steps.every((step) => step.resolved)).toBe(true);
      expect(session.checkpoints.every((checkpoint) => checkpoint.passed)).toBe(true);
    },
    REPLAY_TIMEOUT_MS,
  );

  it(
    'delayed render passes',
    async () => {
      const result = await replayVariant('delayed-render');

      const session = onlySession(result);
      expect(session.firstCause).toBeUndefined();
      expect(session.status).toBe('passed');
      expect(session.fidelity).toBe(1);
      expect(result.exitCode).toBe(0);
    },
    REPLAY_TIMEOUT_MS,
  );

  it(
    'reordered DOM fails on DOM',
    async () => {
      const result = await replayVariant('reordered-dom');

      const session = onlySession(result);
      expect(result.exitCode).toBe(1);
      expect(session.status).toBe('failed');
      expect(session.firstCause?.kind).toBe('dom-diff');
      const checkpoint = causeCheckpoint(session);
      expect(checkpoint.dom?.similarity).toBeLessThan(1);
      // Only the DOM order changed: the screenshot is the recording's, pixel for pixel.
      expect(checkpoint.pixels?.diffPixels).toBe(0);
    },
    REPLAY_TIMEOUT_MS,
  );
});

describe('detection bench variants on other apps', () => {
  it(
    'React label change reaches the replay',
    async () => {
      // React's TodoMVC loads its JSX by XHR, which the recording also holds.
      const result = await replayVariant('changed-label', REACT);

      const session = onlySession(result);
      expect(result.exitCode).toBe(1);
      expect(session.firstCause?.kind).toBe('dom-diff');
      expect(session.firstCause?.message).toContain('tasks');
      const jsx = session.network.log.filter((entry) => entry.url.endsWith('.jsx'));
      expect(jsx.map((entry) => entry.outcome)).toEqual(['app', 'app', 'app']);
    },
    REPLAY_TIMEOUT_MS,
  );

  it(
    'Backbone render delayed past the last event passes',
    async () => {
      // The footer renders 300 ms after the last click, after the recording's last event.
      const result = await replayVariant('delayed-render', BACKBONE);

      const session = onlySession(result);
      expect(session.firstCause).toBeUndefined();
      expect(session.status).toBe('passed');
      expect(result.exitCode).toBe(0);
    },
    REPLAY_TIMEOUT_MS,
  );
});
