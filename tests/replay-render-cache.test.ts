import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionResult } from '../harness/result/types.js';
import { REPLAY_RUN_TIMEOUT_MS, runCli, type CliResult } from './support/run-cli.js';
import { createWorkspace, replayArgs, type Workspace } from './support/workspace.js';

const SESSION = 'todomvc-vanillajs';
/** TodoMVC's shared style sheet paints this texture behind the whole page. */
const BACKGROUND_IMAGE = join('bower_components', 'todomvc-common', 'bg.png');

let workspace: Workspace;
let renderCache: string;

beforeAll(async () => {
  workspace = await createWorkspace('render-cache');
  await workspace.copyRecording(SESSION);
  renderCache = join(workspace.root, 'render-cache');
});

afterAll(async () => {
  await workspace.remove();
});

function replay(apps: string, outputDir: string): Promise<CliResult> {
  return runCli(
    replayArgs({
      serve: apps,
      recordings: workspace.recordings,
      outputDir: join(workspace.root, outputDir),
      // Empty, so every session is compared against its recording.
      baselineDir: join(workspace.root, 'no-baselines'),
      grep: `^${SESSION}$`,
      extra: ['--render-cache', renderCache],
    }),
    { cwd: workspace.root },
  );
}

function passedSession(result: CliResult): SessionResult {
  expect(result.stderr).not.toContain('internal error');
  expect(result.exitCode).toBe(0);
  const session = result.report?.sessions[0];
  if (session === undefined) {
    throw new Error(`The run wrote no session result. stderr:\n${result.stderr}`);
  }
  expect(session.status).toBe('passed');
  expect(session.baselineSource).toBe('recording');
  expect(session.fidelity).toBe(1);
  expect(session.checkpoints.length).toBeGreaterThan(0);
  return session;
}

/** Encodes an opaque PNG of one colour, unlike TodoMVC's grey texture. */
function solidPng(rgba: [number, number, number, number]): Buffer {
  const png = new PNG({ width: 8, height: 8 });
  for (let offset = 0; offset < png.data.length; offset += 4) {
    png.data.set(rgba, offset);
  }
  return PNG.sync.write(png);
}

describe('render cache of the recording baseline', () => {
  it(
    'serves the second run and renders again for a changed image',
    async () => {
      const cold = passedSession(await replay(workspace.apps, 'cold'));
      const count = cold.checkpoints.length;
      expect(cold.renderCache).toEqual({ hits: 0, misses: count });
      expect(cold.checkpoints.every((checkpoint) => checkpoint.renderCache === 'miss')).toBe(true);

      const warm = passedSession(await replay(workspace.apps, 'warm'));
      expect(warm.renderCache).toEqual({ hits: count, misses: 0 });
      for (const checkpoint of warm.checkpoints) {
        expect(checkpoint.renderCache, checkpoint.id).toBe('hit');
        expect(checkpoint.fidelity, checkpoint.id).toBe(1);
      }

      // The recorded DOM shows the background image on every checkpoint, so a build with
      // another image must render every checkpoint again. A stale cached render would show
      // the old texture and fail on pixels against the live page.
      const changed = await workspace.buildApps('changed-image');
      await writeFile(
        join(changed, 'todomvc', 'vanillajs', BACKGROUND_IMAGE),
        solidPng([200, 40, 40, 255]),
      );
      const rebuilt = passedSession(await replay(changed, 'changed-image-results'));
      expect(rebuilt.renderCache).toEqual({ hits: 0, misses: count });
      for (const checkpoint of rebuilt.checkpoints) {
        expect(checkpoint.renderCache, checkpoint.id).toBe('miss');
        expect(checkpoint.fidelity, checkpoint.id).toBe(1);
      }
    },
    3 * REPLAY_RUN_TIMEOUT_MS,
  );
});
