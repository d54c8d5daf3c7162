import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { projectRoot } from '../../demo/project-paths.js';
import type { ReplayReport } from '../../harness/result/types.js';

/** Inputs of {@link replayWithCli}. */
export interface CliReplayOptions {
  /** Folder of demo apps to serve, laid out as `buildDemoApps` builds it. */
  appsDir: string;
  /** Folder of `*.replay.json.gz` recordings. */
  recordingsDir: string;
  /** Regular expression selecting sessions by name; all sessions when absent. */
  grep?: string;
  /** Output folder of the run; it is emptied first, so a stale report is never read. */
  outputDir: string;
  /** An empty folder, so every checkpoint is compared with the recording itself. */
  baselineDir: string;
  /** Real milliseconds after which the run and every process it started are killed. */
  timeoutMs: number;
  /** More `replay` arguments, added last so they override the bench's own. */
  extraArgs?: string[];
}

/** The outcome of one `replaygate replay` process. */
export interface CliReplayRun {
  /** Exit code, or null when the process was killed. */
  exitCode: number | null;
  timedOut: boolean;
  /** `report.json` of the run, or undefined when the run wrote none. */
  report: ReplayReport | undefined;
  /** The last lines of stderr, for runs that went wrong. */
  stderrTail: string;
  durationMs: number;
}

const STDERR_TAIL_CHARS = 4000;

// The CLI compiled with this module, so the bench measures the build it belongs to.
const CLI_PATH = fileURLToPath(new URL('../../harness/cli/main.js', import.meta.url));

/**
 * Runs the `replaygate replay` command as a separate process, as CI would: with the demo
 * config (so its ignored attributes and masks apply), one worker, no retries, and only the
 * JSON reporter. The render cache is off so every run renders the recording itself: the soak
 * counts renders that differ between runs, and a cached render would hide that.
 * `REPLAYGATE_*` variables of this shell are dropped, so they cannot change thresholds or
 * workers behind the bench's back.
 */
export async function replayWithCli(options: CliReplayOptions): Promise<CliReplayRun> {
  const root = projectRoot();
  await rm(options.outputDir, { recursive: true, force: true });
  const args = [
    CLI_PATH,
    'replay',
    '--config',
    join(root, 'demo', 'replaygate.config.ts'),
    '--serve',
    options.appsDir,
    '--recordings',
    options.recordingsDir,
    '--output-dir',
    options.outputDir,
    '--baseline-dir',
    options.baselineDir,
    '--workers',
    '1',
    '--retries',
    '0',
    '--reporter',
    'json',
    '--quiet',
    '--no-render-cache',
  ];
  if (options.grep !== undefined) {
    args.push('--grep', options.grep);
  }
  args.push(...(options.extraArgs ?? []));

  const startedAt = Date.now();
  const { exitCode, timedOut, stderr } = await runProcess(args, root, options.timeoutMs);
  const reportPath = join(options.outputDir, 'report.json');
  const report = existsSync(reportPath)
    ? (JSON.parse(await readFile(reportPath, 'utf8')) as ReplayReport)
    : undefined;
  return {
    exitCode,
    timedOut,
    report,
    stderrTail: stderr.slice(-STDERR_TAIL_CHARS),
    durationMs: Date.now() - startedAt,
  };
}

function runProcess(
  args: string[],
  cwd: string,
  timeoutMs: number,
): Promise<{ exitCode: number | null; timedOut: boolean; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  for (const name of Object.keys(env)) {
    if (name.startsWith('REPLAYGATE_')) {
      delete env[name];
    }
  }
  delete env.FORCE_COLOR;

  // A process group of its own, so a timeout also ends the Chromium processes it started.
  const child = spawn(process.execPath, args, {
    cwd,
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
    detached: true,
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-STDERR_TAIL_CHARS * 2);
  });

  return new Promise((resolve, reject) => {
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      if (child.pid !== undefined) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // The group has already exited.
        }
      }
    }, timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (exitCode) => {
      clearTimeout(timer);
      resolve({ exitCode, timedOut, stderr });
    });
  });
}
