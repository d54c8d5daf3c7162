import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { expect } from 'vitest';
import { buildDemoApps } from '../../demo/build-apps.js';
import { recordingsDir } from './paths.js';
import { REPLAY_RUN_TIMEOUT_MS, runCli, type CliResult } from './run-cli.js';

/** A temporary folder with its own copy of the demo apps and of some recordings. */
export interface Workspace {
  root: string;
  /** The demo apps as `buildDemoApps` lays them out: `todomvc/<impl>/` and `swagger-ui/`. */
  apps: string;
  /** Folder for the recordings of this workspace, initially empty. */
  recordings: string;
  /** Copies `recordings/<session>.replay.json.gz` into the workspace; returns the new path. */
  copyRecording(session: string, fileName?: string): Promise<string>;
  /** Builds a second copy of the demo apps under `root/<name>`, for variants. */
  buildApps(name: string): Promise<string>;
  /** Writes a test page and its assets into `apps/<folder>/`, keyed by file name. */
  addApp(folder: string, files: Record<string, string | Buffer>): Promise<void>;
  remove(): Promise<void>;
}

/** Creates a workspace in the system temp folder, so no test writes into the repository. */
export async function createWorkspace(prefix: string): Promise<Workspace> {
  const root = await mkdtemp(join(tmpdir(), `replaygate-${prefix}-`));
  const apps = join(root, 'apps');
  const recordings = join(root, 'recordings');
  await buildDemoApps(apps);
  await mkdir(recordings);

  return {
    root,
    apps,
    recordings,
    async copyRecording(session, fileName = `${session}.replay.json.gz`) {
      const target = join(recordings, fileName);
      await copyFile(join(recordingsDir, `${session}.replay.json.gz`), target);
      return target;
    },
    async buildApps(name) {
      const folder = join(root, name);
      await buildDemoApps(folder);
      return folder;
    },
    async addApp(folder, files) {
      await mkdir(join(apps, folder), { recursive: true });
      for (const [name, content] of Object.entries(files)) {
        await writeFile(join(apps, folder, name), content);
      }
    },
    remove: () => rm(root, { recursive: true, force: true }),
  };
}

/** Inputs of {@link replayArgs}. */
export interface ReplayArgsOptions {
  /** Folder of the apps to serve; omit to pass `--url` yourself in `extra`. */
  serve?: string;
  recordings: string;
  outputDir: string;
  baselineDir: string;
  /** Regular expression selecting the sessions by name. */
  grep?: string;
  updateBaselines?: boolean;
  extra?: string[];
}

/**
 * Builds the arguments of a `replay` run that depends on no config file. It uses one worker
 * and no retries, so a failing session fails once, also where `CI` is set. `data-id` is
 * ignored, as in the demo config, because TodoMVC's vanillajs example keys each row by
 * `Date.now()` at the change event. That moment can land a millisecond after the recorded
 * key press.
 */
export function replayArgs(options: ReplayArgsOptions): string[] {
  const args = [
    'replay',
    '--recordings',
    options.recordings,
    '--output-dir',
    options.outputDir,
    '--baseline-dir',
    options.baselineDir,
    '--workers',
    '1',
    '--retries',
    '0',
    '--ignore-attributes',
    'data-id',
  ];
  if (options.serve !== undefined) {
    args.push('--serve', options.serve);
  }
  if (options.grep !== undefined) {
    args.push('--grep', options.grep);
  }
  if (options.updateBaselines) {
    args.push('--update-baselines');
  }
  return [...args, ...(options.extra ?? [])];
}

/**
 * Replays the session `name` of the workspace's recordings with the CLI, with result and
 * baseline folders of its own.
 */
export function replayWorkspaceSession(workspace: Workspace, name: string): Promise<CliResult> {
  return runCli(
    replayArgs({
      serve: workspace.apps,
      recordings: workspace.recordings,
      outputDir: join(workspace.root, 'results', name),
      baselineDir: join(workspace.root, 'baselines', name),
      grep: `^${name}$`,
    }),
    { cwd: workspace.root, timeoutMs: REPLAY_RUN_TIMEOUT_MS },
  );
}

/** Environment that gives `replaygate sanitize` a fixed key, so no key file is read. */
export const SANITIZE_KEY_ENV = {
  REPLAYGATE_SANITIZE_KEY: '5c'.repeat(32),
  REPLAYGATE_SANITIZE_KEY_FILE: undefined,
};

/**
 * Sanitizes the raw recordings in `raw/` of the workspace into its recordings with the CLI,
 * and checks that it succeeded without a message on stderr.
 */
export async function sanitizeWorkspaceRaw(workspace: Workspace): Promise<void> {
  const result = await runCli(['sanitize', 'raw', '--out', workspace.recordings], {
    cwd: workspace.root,
    env: SANITIZE_KEY_ENV,
  });
  expect(result.stderr).toBe('');
  expect(result.exitCode).toBe(0);
}

/** A sanitized fixture of a workspace, as its JSON text and its replacement counts. */
export interface SanitizedFixture {
  text: string;
  /** Replacements per `detector/location`, from the fixture's `sanitization` field. */
  counts: Record<string, number>;
}

/** Reads the fixture `name` from the workspace's recordings. */
export async function readSanitizedFixture(
  workspace: Workspace,
  name: string,
): Promise<SanitizedFixture> {
  const file = join(workspace.recordings, `${name}.replay.json.gz`);
  const text = gunzipSync(await readFile(file)).toString('utf8');
  const { sanitization } = JSON.parse(text) as { sanitization: { counts: Record<string, number> } };
  return { text, counts: sanitization.counts };
}
