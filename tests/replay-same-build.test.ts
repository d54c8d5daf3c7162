import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionBaselineFolder } from '../harness/baseline/baseline-store.js';
import type { SessionResult } from '../harness/result/types.js';
import { REPLAY_RUN_TIMEOUT_MS, runCli } from './support/run-cli.js';
import { createWorkspace, replayArgs, type Workspace } from './support/workspace.js';

const SESSION = 'todomvc-vanillajs';
const RERUNS = 5;

let workspace: Workspace;
let baselineDir: string;

beforeAll(async () => {
  workspace = await createWorkspace('same-build');
  await workspace.copyRecording(SESSION);
  baselineDir = join(workspace.root, 'baselines');
});

afterAll(async () => {
  await workspace.remove();
});

function argsFor(outputDir: string, updateBaselines = false): string[] {
  return replayArgs({
    serve: workspace.apps,
    recordings: workspace.recordings,
    outputDir: join(workspace.root, outputDir),
    baselineDir,
    grep: `^${SESSION}$`,
    updateBaselines,
  });
}

function onlySession(sessions: SessionResult[] | undefined): SessionResult {
  expect(sessions).toHaveLength(1);
  const session = sessions?.[0];
  if (session === undefined) {
    throw new Error('The report lists no session.');
  }
  return session;
}

describe('replay of an unchanged build', () => {
  it(
    'passes against the recording with fidelity 1',
    async () => {
      const result = await runCli(argsFor('against-recording'), { cwd: workspace.root });

      expect(result.stderr).not.toContain('internal error');
      expect(result.exitCode).toBe(0);
      const session = onlySession(result.report?.sessions);
      expect(session.status).toBe('passed');
      expect(session.firstCause).toBeUndefined();
      expect(session.baselineSource).toBe('recording');
      expect(session.fidelity).toBe(1);
      expect(session.steps.length).toBeGreaterThan(0);
      expect(session.steps.every((step) => step.resolved)).toBe(true);
      expect(session.checkpoints.length).toBeGreaterThan(0);
      expect(session.checkpoints.every((checkpoint) => checkpoint.fidelity === 1)).toBe(true);
      expect(session.network.blocked).toBe(0);
      expect(result.report?.totals.passed).toBe(1);
    },
    REPLAY_RUN_TIMEOUT_MS,
  );

  it(
    'stores one baseline per checkpoint with --update-baselines',
    async () => {
      const result = await runCli(argsFor('update', true), { cwd: workspace.root });

      expect(result.exitCode).toBe(0);
      const session = onlySession(result.report?.sessions);
      expect(session.status).toBe('passed');

      const folder = sessionBaselineFolder(baselineDir, SESSION);
      const manifest = JSON.parse(await readFile(join(folder, 'manifest.json'), 'utf8')) as {
        session: string;
        checkpoints: Array<{ id: string; image: string }>;
      };
      expect(manifest.session).toBe(SESSION);
      expect(manifest.checkpoints.map((checkpoint) => checkpoint.id)).toEqual(
        session.checkpoints.map((checkpoint) => checkpoint.id),
      );
      for (const checkpoint of manifest.checkpoints) {
        const png = await readFile(join(folder, checkpoint.image));
        expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
      }
    },
    REPLAY_RUN_TIMEOUT_MS,
  );

  it(
    'reruns against stored baselines byte for byte',
    async () => {
      // Actual screenshot bytes of every run, keyed by checkpoint id.
      const screenshots = new Map<string, Buffer[]>();

      for (let run = 1; run <= RERUNS; run++) {
        const result = await runCli(argsFor(`rerun-${run}`), { cwd: workspace.root });

        expect(result.exitCode, `run ${run}: ${result.stderr}`).toBe(0);
        const session = onlySession(result.report?.sessions);
        expect(session.status).toBe('passed');
        expect(session.baselineSource).toBe('stored');
        expect(session.fidelity).toBe(1);
        expect(session.checkpoints.length).toBeGreaterThan(0);
        for (const checkpoint of session.checkpoints) {
          expect(checkpoint.baselineSource, checkpoint.id).toBe('stored');
          expect(checkpoint.pixels?.identicalBytes, checkpoint.id).toBe(true);
          expect(checkpoint.pixels?.diffPixels, checkpoint.id).toBe(0);
          expect(checkpoint.dom?.similarity, checkpoint.id).toBe(1);
          const png = await readFile(join(session.outputDir, checkpoint.images.actual));
          screenshots.set(checkpoint.id, [...(screenshots.get(checkpoint.id) ?? []), png]);
        }
      }

      expect(screenshots.size).toBeGreaterThan(0);
      for (const [id, runs] of screenshots) {
        expect(runs, id).toHaveLength(RERUNS);
        const [first, ...rest] = runs;
        for (const [index, png] of rest.entries()) {
          expect(png.equals(first ?? Buffer.alloc(0)), `${id}, run ${index + 2} vs run 1`).toBe(
            true,
          );
        }
      }
    },
    RERUNS * REPLAY_RUN_TIMEOUT_MS,
  );
});
