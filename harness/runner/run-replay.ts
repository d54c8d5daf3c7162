import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, rm, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ResolvedConfig } from '../config/resolve-config.js';
import { listRecordingFiles } from '../fixture/write-recording.js';
import {
  REPORT_FORMAT,
  REPORT_VERSION,
  type ReplayReport,
  type SessionResult,
  type SessionStatus,
} from '../result/types.js';
import { pruneRenderCache } from '../replay/render-cache/prune-cache.js';
import { startStaticServer, type StaticServer } from '../serve/static-server.js';
import { writeFileAtomic } from '../shared/atomic-write.js';
import { UsageError } from '../shared/errors.js';
import { RUN_PLAN_ENV, sessionNameFromFile, type RunPlan } from './run-plan.js';
import type { CollectedResults } from './session-reporter.js';

const require = createRequire(import.meta.url);
const PLAYWRIGHT_CLI = require.resolve('@playwright/test/cli');
const PLAYWRIGHT_CONFIG = join(dirname(fileURLToPath(import.meta.url)), 'playwright.config.js');

export interface RunReplayOptions {
  config: ResolvedConfig;
  cwd: string;
  /** Whether progress lines may use colour. */
  color: boolean;
}

/**
 * Replays every selected recording against the app under test in a Playwright Test process
 * and returns the run's report. Throws `UsageError` for problems the user must fix first.
 */
export async function runReplay(options: RunReplayOptions): Promise<ReplayReport> {
  const { config } = options;
  const startedAt = new Date();

  // Find the sessions; the test title of each is derived from its file name.
  const sessions = await selectSessions(config, options.cwd);
  if (config.uploadDir !== undefined) {
    await checkUploadDir(config.uploadDir);
  }

  // Start or locate the app under test.
  const app = await startApp(config);

  try {
    // Hand the resolved settings to the Playwright process through a plan file.
    const runDirectory = join(config.outputDir, '.run');
    const planPath = join(runDirectory, 'plan.json');
    const resultsFile = join(runDirectory, 'results.json');
    await rm(resultsFile, { force: true });
    const plan: RunPlan = {
      baseURL: app.baseURL,
      sessions,
      settings: {
        thresholds: config.thresholds,
        masks: config.masks,
        ignoreAttributes: config.ignoreAttributes,
        ...(config.viewport ? { viewport: config.viewport } : {}),
        network: config.network,
        settleMs: config.settleMs,
        stepTimeoutMs: config.stepTimeoutMs,
        baselineDir: config.baselineDir,
        updateBaselines: config.updateBaselines,
        renderCache: config.renderCache,
        ...(config.uploadDir ? { uploadDir: config.uploadDir } : {}),
      },
      outputDir: config.outputDir,
      resultsFile,
      workers: config.workers,
      retries: config.retries,
      trace: config.trace,
      ...(config.webServer ? { webServer: config.webServer } : {}),
      color: options.color,
      quiet: config.quiet || config.json,
    };
    await writeFileAtomic(planPath, JSON.stringify(plan, null, 2));

    // Run Playwright Test. Its exit code is ignored: the collected results carry each session's status.
    await runPlaywright(planPath, config);
    if (config.renderCache !== false) {
      await pruneRenderCache(config.renderCache);
    }
    const collected = await readCollectedResults(resultsFile);
    if (collected.errors.length > 0 && collected.sessions.length === 0) {
      throw new UsageError(
        `Playwright Test could not run the sessions:\n${collected.errors.join('\n')}`,
      );
    }

    return buildReport({
      sessions: collected.sessions,
      startedAt,
      baseURL: app.baseURL,
      shard: config.shard,
      interrupted: collected.status === 'interrupted' || collected.errors.length > 0,
    });
  } finally {
    await app.server?.close();
  }
}

async function selectSessions(
  config: ResolvedConfig,
  cwd: string,
): Promise<Array<{ name: string; fixture: string }>> {
  const files = await listRecordingFiles(config.recordings, cwd);
  if (files.length === 0) {
    throw new UsageError(
      `No recordings found in ${config.recordings.join(', ')}. Record one with "replaygate record <url> --flow <file>", or point --recordings at a folder of *.replay.json.gz files.`,
    );
  }

  const byName = new Map<string, string>();
  for (const file of files) {
    const name = sessionNameFromFile(file);
    const existing = byName.get(name);
    if (existing) {
      throw new UsageError(
        `Two recordings share the session name "${name}": ${existing} and ${file}. Rename one of the files; the name is taken from the file name.`,
      );
    }
    byName.set(name, resolve(file));
  }

  const grep = config.grep ? new RegExp(config.grep) : undefined;
  const selected = [...byName].filter(([name]) => !grep || grep.test(name));
  if (selected.length === 0) {
    throw new UsageError(
      `--grep ${config.grep} matches none of the sessions: ${[...byName.keys()].join(', ')}.`,
    );
  }
  return selected.map(([name, fixture]) => ({ name, fixture }));
}

/** Fails early when the folder of files to upload is missing, which would go unnoticed. */
async function checkUploadDir(folder: string): Promise<void> {
  const found = await stat(folder).catch(() => undefined);
  if (!found?.isDirectory()) {
    throw new UsageError(
      `The upload folder ${folder} (--upload-dir, uploadDir) ${found ? 'is not a folder' : 'does not exist'}. Create it with the files that the recordings choose, by their recorded names, or leave the option out to choose empty files of the recorded sizes.`,
    );
  }
}

async function startApp(
  config: ResolvedConfig,
): Promise<{ baseURL: string; server?: StaticServer }> {
  if (config.serve) {
    const server = await startStaticServer(config.serve);
    return { baseURL: server.url, server };
  }
  if (config.url) {
    await checkReachable(config.url);
    return { baseURL: config.url };
  }
  if (config.webServer) {
    return { baseURL: config.webServer.url };
  }
  throw new UsageError(
    'No app to replay against. Pass --url <running build>, --serve <folder of the built app>, or set webServer in replaygate.config.ts.',
  );
}

/** Fails early, with the fix, when nothing answers at the `--url` of the app under test. */
async function checkReachable(url: string): Promise<void> {
  try {
    await fetch(url, { method: 'GET', redirect: 'manual', signal: AbortSignal.timeout(10_000) });
  } catch (error) {
    const reason =
      error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error);
    throw new UsageError(
      `The app under test at ${url} is not reachable (${reason}). Start the build first, or pass --serve <folder> to let replaygate serve it.`,
    );
  }
}

function runPlaywright(planPath: string, config: ResolvedConfig): Promise<number> {
  const args = [PLAYWRIGHT_CLI, 'test', '--config', PLAYWRIGHT_CONFIG];
  if (config.shard) {
    args.push('--shard', `${config.shard.current}/${config.shard.total}`);
  }
  return new Promise((resolveExit, rejectExit) => {
    const child = spawn(process.execPath, args, {
      stdio: ['ignore', config.json ? 'ignore' : 'inherit', 'inherit'],
      env: { ...process.env, [RUN_PLAN_ENV]: planPath },
    });
    child.once('error', rejectExit);
    child.once('exit', (code, signal) => resolveExit(code ?? (signal ? 130 : 1)));
  });
}

async function readCollectedResults(resultsFile: string): Promise<CollectedResults> {
  if (!existsSync(resultsFile)) {
    throw new Error(
      'Playwright Test ended without reporting any session. Its output above says why (often a browser that failed to launch).',
    );
  }
  return JSON.parse(await readFile(resultsFile, 'utf8')) as CollectedResults;
}

/** Builds the versioned JSON report and the exit code from the collected session results. */
export function buildReport(input: {
  sessions: SessionResult[];
  startedAt: Date;
  baseURL: string;
  shard?: { current: number; total: number } | undefined;
  interrupted: boolean;
}): ReplayReport {
  const totals: Record<SessionStatus, number> = {
    passed: 0,
    failed: 0,
    flaky: 0,
    errored: 0,
    skipped: 0,
  };
  for (const session of input.sessions) {
    totals[session.status] += 1;
  }

  // A regression outranks broken input: exit 1 when any session failed, else 2 when any errored.
  let exitCode: ReplayReport['exitCode'] = 0;
  if (totals.failed > 0) {
    exitCode = 1;
  } else if (totals.errored > 0 || input.interrupted) {
    exitCode = 2;
  }
  return {
    format: REPORT_FORMAT,
    version: REPORT_VERSION,
    startedAt: input.startedAt.toISOString(),
    durationMs: Date.now() - input.startedAt.getTime(),
    baseURL: input.baseURL,
    ...(input.shard ? { shard: input.shard } : {}),
    sessions: input.sessions,
    totals,
    exitCode,
  };
}
