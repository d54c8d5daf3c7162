import { watch } from 'node:fs';
import { copyFile, cp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionBaselineFolder } from '../harness/baseline/baseline-store.js';
import { changeElementText } from './support/app-variants.js';
import { readDemoRecording, writeGzipJson } from './support/fixtures.js';
import { REPLAY_RUN_TIMEOUT_MS, runCli, startCli } from './support/run-cli.js';
import { recordingsDir } from './support/paths.js';
import { createWorkspace, replayArgs, type Workspace } from './support/workspace.js';

const GOOD = 'todomvc-vanillajs';

let workspace: Workspace;

beforeAll(async () => {
  workspace = await createWorkspace('bad-input');
  await workspace.copyRecording(GOOD);
});

afterAll(async () => {
  await workspace.remove();
});

/** Broken fixtures, each with text its error message must contain to name the problem and fix. */
const BROKEN_FIXTURES: Array<{
  name: string;
  build: (file: string) => Promise<void>;
  expected: string[];
}> = [
  {
    name: 'truncated',
    build: async (file) => {
      const bytes = await readFile(join(recordingsDir, `${GOOD}.replay.json.gz`));
      await writeFile(file, bytes.subarray(0, Math.floor(bytes.length / 2)));
    },
    expected: ['truncated', 'Re-record the session'],
  },
  {
    name: 'plain-text',
    build: (file) => writeFile(file, 'This is a note, not a recording.\n'),
    expected: ['neither gzip nor JSON', 'Re-record the session'],
  },
  {
    name: 'schema-invalid',
    build: async (file) => {
      const recording = await readDemoRecording(GOOD);
      recording.meta.viewport = '1280x720';
      await writeGzipJson(file, recording);
    },
    expected: ['meta.viewport', 'fix the listed fields'],
  },
  {
    name: 'future-version',
    build: async (file) => {
      const recording = await readDemoRecording(GOOD);
      recording.version = 99;
      await writeGzipJson(file, recording);
    },
    expected: ['version 99', 'upgrade replaygate'],
  },
  {
    name: 'no-full-snapshot',
    build: async (file) => {
      const recording = await readDemoRecording(GOOD);
      recording.events = recording.events.filter((event) => event.type !== 2);
      await writeGzipJson(file, recording);
    },
    expected: ['no rrweb full snapshot', 're-record the session'],
  },
];

describe('replay of broken recordings', () => {
  it(
    'errors each broken fixture alone and exits 2',
    async () => {
      const recordings = join(workspace.root, 'mixed-recordings');
      await mkdir(recordings);
      await copyFile(
        join(recordingsDir, `${GOOD}.replay.json.gz`),
        join(recordings, `${GOOD}.replay.json.gz`),
      );
      const fixtures = new Map<string, string>();
      for (const broken of BROKEN_FIXTURES) {
        const file = join(recordings, `${broken.name}.replay.json.gz`);
        await broken.build(file);
        fixtures.set(broken.name, file);
      }

      const result = await runCli(
        replayArgs({
          serve: workspace.apps,
          recordings,
          outputDir: join(workspace.root, 'mixed-results'),
          baselineDir: join(workspace.root, 'no-baselines'),
        }),
        { cwd: workspace.root },
      );

      expect(result.stderr).not.toContain('internal error');
      expect(result.exitCode).toBe(2);
      const report = result.report;
      expect(report?.exitCode).toBe(2);
      expect(report?.totals).toMatchObject({
        passed: 1,
        failed: 0,
        errored: BROKEN_FIXTURES.length,
      });

      const good = report?.sessions.find((session) => session.name === GOOD);
      expect(good?.status).toBe('passed');
      expect(good?.steps.every((step) => step.resolved)).toBe(true);

      for (const broken of BROKEN_FIXTURES) {
        const session = report?.sessions.find((candidate) => candidate.name === broken.name);
        expect(session?.status, broken.name).toBe('errored');
        expect(session?.firstCause?.kind, broken.name).toBe('invalid-fixture');
        const message = session?.firstCause?.message ?? '';
        expect(message, broken.name).toContain(fixtures.get(broken.name));
        for (const text of broken.expected) {
          expect(message, broken.name).toContain(text);
        }
        // The console summary names the broken file too.
        expect(result.stdout, broken.name).toContain(`${broken.name}.replay.json.gz`);
      }
    },
    REPLAY_RUN_TIMEOUT_MS,
  );
});

/** Attempts at killing a baseline update before it writes its manifest. */
const MAX_KILL_ATTEMPTS = 3;

describe('interrupted baseline update', () => {
  it(
    'leaves the previous baselines intact',
    async () => {
      const baselineDir = join(workspace.root, 'baselines');
      const args = (apps: string, outputDir: string, updateBaselines: boolean) =>
        replayArgs({
          serve: apps,
          recordings: workspace.recordings,
          outputDir: join(workspace.root, outputDir),
          baselineDir,
          grep: `^${GOOD}$`,
          updateBaselines,
        });

      // First update: the baselines to keep.
      const first = await runCli(args(workspace.apps, 'update-1', true), { cwd: workspace.root });
      expect(first.exitCode, first.stderr).toBe(0);
      const folder = sessionBaselineFolder(baselineDir, GOOD);
      const manifestPath = join(folder, 'manifest.json');
      const manifestBefore = await readFile(manifestPath);
      const filesBefore = new Set(await readdir(folder));

      // Second update, from a build whose every screenshot differs, killed with SIGKILL (CLI,
      // Playwright and workers at once, as a cancelled CI job) when its first new PNG lands.
      const changedApps = await workspace.buildApps('apps-changed');
      await changeElementText(
        join(changedApps, 'todomvc', 'vanillajs', 'index.html'),
        '<h1>todos</h1>',
        'tasks',
      );
      const backup = join(workspace.root, 'baselines-before');
      await cp(folder, backup, { recursive: true });
      // The kill races the last writes of the update: a run that writes its remaining files
      // and manifest before the signal lands has replaced the baselines legitimately. Such a
      // run is undone and tried again, so the checks below see a kill before the manifest.
      let newPng: string | undefined;
      let interrupted: Awaited<ReturnType<typeof startCli>['result']>;
      let manifestAtKill: Buffer;
      for (let attempt = 1; ; attempt++) {
        newPng = undefined;
        const second = startCli(args(changedApps, `update-2-${attempt}`, true), {
          cwd: workspace.root,
        });
        const watcher = watch(folder, (_event, name) => {
          const file = name?.toString();
          if (
            newPng === undefined &&
            file?.endsWith('.png') &&
            !file.startsWith('.') &&
            !filesBefore.has(file)
          ) {
            newPng = file;
            second.killGroup('SIGKILL');
          }
        });
        interrupted = await second.result.finally(() => watcher.close());
        manifestAtKill = await readFile(manifestPath);
        if (manifestAtKill.equals(manifestBefore) || attempt === MAX_KILL_ATTEMPTS) {
          break;
        }
        await rm(folder, { recursive: true, force: true });
        await cp(backup, folder, { recursive: true });
      }

      expect(
        newPng,
        `no new PNG appeared:\n${interrupted.stdout}\n${interrupted.stderr}`,
      ).toBeDefined();
      expect(interrupted.signal).toBe('SIGKILL');
      expect(interrupted.report).toBeUndefined();
      expect(manifestAtKill.equals(manifestBefore)).toBe(true);

      // A normal run against the unchanged app still passes against the old baselines.
      const after = await runCli(args(workspace.apps, 'after', false), { cwd: workspace.root });
      expect(after.exitCode, after.stderr).toBe(0);
      const session = after.report?.sessions[0];
      expect(session?.status).toBe('passed');
      expect(session?.baselineSource).toBe('stored');
      expect((await readFile(manifestPath)).equals(manifestBefore)).toBe(true);
    },
    3 * REPLAY_RUN_TIMEOUT_MS,
  );
});

describe('replay usage errors', () => {
  it('missing app source exits 2 naming --url and --serve', async () => {
    const result = await runCli(
      ['replay', '--recordings', workspace.recordings, '--output-dir', 'usage-results'],
      { cwd: workspace.root },
    );

    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('--url');
    expect(result.stderr).toContain('--serve');
    expect(result.stderr).not.toContain('internal error');
    expect(result.report).toBeUndefined();
  });

  it('second list value suggests repeating the flag', async () => {
    const result = await runCli(
      ['replay', '--serve', workspace.apps, '--recordings', 'a/', 'b/', '--output-dir', 'x'],
      { cwd: workspace.root },
    );

    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('--recordings a/ --recordings b/');
    expect(result.report).toBeUndefined();
  });

  it('unknown flag exits 2 naming the flag', async () => {
    const result = await runCli(
      // Not `--no-...`: yargs reads that prefix as the negation of a boolean flag.
      ['replay', '--serve', workspace.apps, '--bogus-flag', '--output-dir', 'usage-results'],
      { cwd: workspace.root },
    );

    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('Unknown argument');
    expect(result.stderr).toContain('bogus-flag');
    expect(result.stderr).not.toContain('internal error');
    expect(result.report).toBeUndefined();
  });

  it('missing recording file exits 2 naming the path', async () => {
    const result = await runCli(
      [
        'replay',
        '--serve',
        workspace.apps,
        '--recordings',
        'missing.replay.json.gz',
        '--output-dir',
        'usage-results',
      ],
      { cwd: workspace.root },
    );

    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('missing.replay.json.gz');
    expect(result.stderr).toContain('no such file or folder');
    expect(result.report).toBeUndefined();
  });
});
