import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyAppFolder } from './support/app-variants.js';
import { REPLAY_RUN_TIMEOUT_MS, runCli } from './support/run-cli.js';
import { createWorkspace, replayArgs, type Workspace } from './support/workspace.js';

const SESSION = 'todomvc-vanillajs';

let workspace: Workspace;

beforeAll(async () => {
  workspace = await createWorkspace('cross-implementation');
  await workspace.copyRecording(SESSION);
});

afterAll(async () => {
  await workspace.remove();
});

describe('vanillajs session on another TodoMVC implementation', () => {
  // React renders an `input.edit` in every row and shows only the one being edited, so its
  // edit step resolves through the one visible match of a candidate.
  it.each(['backbone', 'emberjs', 'react'])(
    '%s app resolves every step',
    async (implementation) => {
      // The other implementation is served at the recorded path, as a rewrite of the app would be.
      const apps = await workspace.buildApps(`apps-${implementation}`);
      const todomvc = join(apps, 'todomvc');
      await copyAppFolder(join(todomvc, implementation), join(todomvc, 'vanillajs'));

      const result = await runCli(
        replayArgs({
          serve: apps,
          recordings: workspace.recordings,
          outputDir: join(apps, 'results'),
          baselineDir: join(workspace.root, 'no-baselines'),
          grep: `^${SESSION}$`,
        }),
        { cwd: workspace.root },
      );

      expect(result.stderr).not.toContain('internal error');
      const session = result.report?.sessions[0];
      if (session === undefined) {
        throw new Error(`The run wrote no session result. stderr:\n${result.stderr}`);
      }
      const unresolved = session.steps.filter((step) => !step.resolved);
      expect(unresolved, JSON.stringify(session.firstCause)).toEqual([]);
      expect(session.steps).toHaveLength(21);
      expect(session.pageErrors).toEqual([]);
      expect(session.network.blocked).toBe(0);
      expect(session.checkpoints.length).toBeGreaterThan(0);
      // The markup, styles and routes differ between implementations (React's router writes
      // its own URLs), so the verdict may fail, but only on a checkpoint's URL, pixels or DOM,
      // never on a step, an error or the network.
      expect(['passed', 'failed']).toContain(session.status);
      if (session.status === 'failed') {
        expect(result.exitCode).toBe(1);
        expect(['navigation', 'pixel-diff', 'dom-diff']).toContain(session.firstCause?.kind);
      } else {
        expect(result.exitCode).toBe(0);
      }
    },
    REPLAY_RUN_TIMEOUT_MS,
  );
});
