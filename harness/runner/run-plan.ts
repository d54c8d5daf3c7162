import { readFileSync } from 'node:fs';
import type { TraceMode } from '../config/define-config.js';
import type { Thresholds } from '../score/verdict.js';

/** Environment variable through which the CLI hands the run plan to the Playwright process. */
export const RUN_PLAN_ENV = 'REPLAYGATE_RUN_PLAN';

/** The settings one session replay needs, resolved by the CLI. */
export interface SessionSettings {
  thresholds: Thresholds;
  masks: string[];
  ignoreAttributes: string[];
  viewport?: { width: number; height: number };
  network: { passthrough: string[]; volatileQueryParams: string[] };
  settleMs: number;
  stepTimeoutMs: number;
  baselineDir: string;
  updateBaselines: boolean;
  /** Folder of the files to choose in file inputs, by recorded name. */
  uploadDir?: string;
  /**
   * Folder of the render cache for sessions compared against their recording, or false (or
   * absent) to render every checkpoint anew.
   */
  renderCache?: string | false;
}

/** Everything the Playwright process needs, written by the CLI as JSON. */
export interface RunPlan {
  /** Base URL of the app under test. Empty when Playwright's webServer provides it. */
  baseURL: string;
  sessions: Array<{ name: string; fixture: string }>;
  settings: SessionSettings;
  outputDir: string;
  /** Where the collecting reporter writes the per-session results. */
  resultsFile: string;
  workers?: number | string;
  retries: number;
  trace: TraceMode;
  webServer?: {
    command: string;
    url: string;
    timeout?: number;
    reuseExistingServer?: boolean;
    cwd?: string;
    env?: Record<string, string>;
  };
  /** Whether the progress reporter may colour its output. */
  color: boolean;
  quiet: boolean;
}

/** Reads the run plan named by the `REPLAYGATE_RUN_PLAN` environment variable. */
export function readRunPlan(env: NodeJS.ProcessEnv = process.env): RunPlan {
  const path = env[RUN_PLAN_ENV];
  if (!path) {
    throw new Error(
      `${RUN_PLAN_ENV} is not set. Start replays with "replaygate replay"; it writes the run plan and sets this variable.`,
    );
  }
  return JSON.parse(readFileSync(path, 'utf8')) as RunPlan;
}

/**
 * Derives the test title of a session from its fixture file name, so titles are known without
 * decompressing every fixture in every worker, and a broken fixture still gets its own test.
 */
export function sessionNameFromFile(file: string): string {
  const base = file.split(/[\\/]/).pop() ?? file;
  return base.replace(/\.replay\.json(\.gz)?$/, '').replace(/\.json(\.gz)?$/, '');
}
