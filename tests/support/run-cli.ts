import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { afterAll } from 'vitest';
import type { ReplayReport } from '../../harness/result/types.js';
import { repoRoot } from './paths.js';

/** The built CLI; `npm test` builds it first through the `pretest` script. */
export const CLI_PATH = join(repoRoot, 'dist', 'harness', 'cli', 'main.js');

/**
 * Real milliseconds a test allows for one CLI replay run. The vanillajs session replays in
 * about 20 s on an idle two-core machine, and took over 120 s with other suites sharing it.
 */
export const REPLAY_RUN_TIMEOUT_MS = 240_000;

// CLI runs are detached into their own process groups, so a run that a timed-out test left
// behind would outlive the test file. Registered while the file is collected, this hook
// kills whatever is left once the file's tests are done.
const runningGroups = new Set<number>();
afterAll(() => {
  for (const pid of runningGroups) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // The group is already gone.
    }
  }
  runningGroups.clear();
});

/** Options of {@link runCli} and {@link startCli}. */
export interface CliOptions {
  /** Working folder of the CLI; relative flags and the default output folder resolve here. */
  cwd: string;
  /** Variables added to a copy of this process's environment. */
  env?: Record<string, string | undefined>;
  /** Real milliseconds after which the whole process group is killed; default 10 minutes. */
  timeoutMs?: number;
}

/** What one CLI run produced. */
export interface CliResult {
  /** Exit code, or null when a signal ended the process. */
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** `report.json` of this run, or undefined when the run wrote none. */
  report: ReplayReport | undefined;
}

/** A CLI run in progress. */
export interface StartedCli {
  child: ChildProcess;
  /**
   * Sends `signal` to the CLI's process group: the CLI, its app server, Playwright Test and its
   * workers. Playwright starts Chromium in a group of its own, and Chromium exits when the
   * connection to its Playwright worker closes.
   */
  killGroup(signal: NodeJS.Signals): void;
  result: Promise<CliResult>;
}

/**
 * Runs `node dist/harness/cli/main.js ...args` and collects its output and JSON report. The
 * report is read from `--output-dir` (or `replaygate-results` in `cwd`) only when this run
 * wrote it, so a report left by an earlier run is never mistaken for this one's.
 */
export function runCli(args: string[], options: CliOptions): Promise<CliResult> {
  return startCli(args, options).result;
}

/**
 * Starts the CLI in its own process group, so that a test can kill the CLI together with the
 * Playwright processes it spawned, as a cancelled CI job does.
 */
export function startCli(args: string[], options: CliOptions): StartedCli {
  const reportPath = join(outputDirOf(args, options.cwd), 'report.json');
  const reportBefore = modifiedAt(reportPath);

  const child = spawn(process.execPath, [CLI_PATH, ...args], {
    cwd: options.cwd,
    env: cliEnvironment(options.env),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  if (child.pid !== undefined) {
    runningGroups.add(child.pid);
  }
  const killGroup = (signal: NodeJS.Signals): void => {
    if (child.pid !== undefined && child.exitCode === null) {
      try {
        process.kill(-child.pid, signal);
      } catch {
        // The group is already gone.
      }
    }
  };

  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));

  const result = new Promise<CliResult>((resolveResult, rejectResult) => {
    const timer = setTimeout(() => killGroup('SIGKILL'), options.timeoutMs ?? 600_000);
    child.once('error', (error) => {
      clearTimeout(timer);
      rejectResult(error);
    });
    child.once('close', (exitCode, signal) => {
      clearTimeout(timer);
      if (child.pid !== undefined) {
        runningGroups.delete(child.pid);
      }
      const reportAfter = modifiedAt(reportPath);
      const fresh = reportAfter !== undefined && reportAfter !== reportBefore;
      readReport(fresh ? reportPath : undefined).then(
        (report) => resolveResult({ exitCode, signal, stdout, stderr, report }),
        rejectResult,
      );
    });
  });
  return { child, killGroup, result };
}

/** Builds the CLI's environment: this process's, without colour codes, plus `extra`. */
function cliEnvironment(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env.FORCE_COLOR;
  for (const [name, value] of Object.entries(extra)) {
    if (value === undefined) {
      delete env[name];
    } else {
      env[name] = value;
    }
  }
  return env;
}

function outputDirOf(args: string[], cwd: string): string {
  const index = args.indexOf('--output-dir');
  const value = index >= 0 ? args[index + 1] : undefined;
  if (value === undefined) {
    return join(cwd, 'replaygate-results');
  }
  return isAbsolute(value) ? value : resolve(cwd, value);
}

function modifiedAt(path: string): number | undefined {
  return existsSync(path) ? statSync(path).mtimeMs : undefined;
}

async function readReport(path: string | undefined): Promise<ReplayReport | undefined> {
  if (path === undefined) {
    return undefined;
  }
  return JSON.parse(await readFile(path, 'utf8')) as ReplayReport;
}
