import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium, type Browser } from '@playwright/test';
import { buildDemoApps } from '../demo/build-apps.js';
import { projectRoot } from '../demo/project-paths.js';
import { browserLaunchOptions, deadEndProxy } from '../harness/browser/resolve-browser.js';
import { resolveConfig } from '../harness/config/resolve-config.js';
import { listRecordingFiles } from '../harness/fixture/write-recording.js';
import { sessionNameFromFile, type SessionSettings } from '../harness/runner/run-plan.js';
import { startStaticServer, type StaticServer } from '../harness/serve/static-server.js';

/** One recording to measure: a demo recording or a bench fixture. */
export interface BenchSession {
  name: string;
  /** Absolute path of the `*.replay.json.gz` fixture. */
  fixture: string;
}

/** The demo apps served, a browser launched, and the settings the demo config resolves to. */
export interface BenchEnvironment {
  browser: Browser;
  /** Chromium version as `browser.version()` reports it. */
  browserVersion: string;
  /** Base URL of the demo apps, for example `http://127.0.0.1:41234/`. */
  baseURL: string;
  sessions: BenchSession[];
  /** Settings of `demo/replaygate.config.ts`, with an empty baseline folder and no render cache. */
  recordingBaselineSettings: SessionSettings;
  /**
   * The recording-baseline settings with a render cache that the warm-up fills, so every timed
   * run reuses its renders: a repeat run on an unchanged build.
   */
  cachedRecordingSettings: SessionSettings;
  /** The same settings with a baseline folder for the caller to fill with stored baselines. */
  storedBaselineSettings: SessionSettings;
  close(): Promise<void>;
}

const DEMO_CONFIG = 'demo/replaygate.config.ts';

/**
 * Recordings of the demo apps that only the bench replays, such as the TodoMVC flow recorded
 * at a person's pace. They are kept out of `recordings/` so the demo and its tests stay as fast
 * as before.
 */
export const BENCH_FIXTURES_DIR = 'bench/fixtures';

/**
 * Builds the demo apps, serves them, launches Chromium and resolves the demo config, as
 * `replaygate replay --config demo/replaygate.config.ts` does. The sessions are the demo
 * recordings followed by the bench fixtures, filtered by `grep`. Environment variables are not
 * applied to the config, so the figures do not depend on the shell they ran in.
 *
 * The apps are built into `<outDir>/apps` rather than the config's `serve` folder, because
 * `npm run demo` and the tests rebuild that folder, deleting files while the bench serves them.
 *
 * Two baseline folders are set up under `outDir`: one that stays empty, so every checkpoint is
 * compared with the recording rendered by rrweb (what the demo does), and one for the caller
 * to fill with stored baselines. A third folder, also emptied, contains the render cache of
 * the cached recording-baseline runs.
 */
export async function openBenchEnvironment(options: {
  outDir: string;
  grep?: RegExp;
}): Promise<BenchEnvironment> {
  const root = projectRoot();
  const appsDir = join(options.outDir, 'apps');
  await buildDemoApps(appsDir);
  const config = await resolveConfig({ argv: { config: DEMO_CONFIG }, env: {}, cwd: root });

  const fixtures = [
    ...(await listRecordingFiles(config.recordings, root)),
    ...(await listRecordingFiles([join(root, BENCH_FIXTURES_DIR)], root)),
  ];
  const sessions = fixtures
    .map((fixture) => ({ name: sessionNameFromFile(fixture), fixture }))
    .filter((session) => !options.grep || options.grep.test(session.name));
  if (sessions.length === 0) {
    throw new Error(`No demo recording or bench fixture matches --grep ${String(options.grep)}.`);
  }

  const settings: SessionSettings = {
    thresholds: config.thresholds,
    masks: config.masks,
    ignoreAttributes: config.ignoreAttributes,
    ...(config.viewport ? { viewport: config.viewport } : {}),
    network: config.network,
    settleMs: config.settleMs,
    stepTimeoutMs: config.stepTimeoutMs,
    baselineDir: '',
    updateBaselines: false,
  };
  const emptyBaselines = join(options.outDir, 'baselines-none');
  const storedBaselines = join(options.outDir, 'baselines-stored');
  const renderCache = join(options.outDir, 'render-cache');
  for (const folder of [emptyBaselines, storedBaselines, renderCache]) {
    await rm(folder, { recursive: true, force: true });
    await mkdir(folder, { recursive: true });
  }

  const server: StaticServer = await startStaticServer(appsDir);
  let browser: Browser;
  try {
    // The same launch options as the replay runner's Playwright config.
    browser = await chromium.launch({
      ...browserLaunchOptions(),
      proxy: deadEndProxy([server.url]),
    });
  } catch (error) {
    await server.close();
    throw error;
  }

  return {
    browser,
    browserVersion: browser.version(),
    baseURL: server.url,
    sessions,
    recordingBaselineSettings: { ...settings, baselineDir: emptyBaselines },
    cachedRecordingSettings: { ...settings, baselineDir: emptyBaselines, renderCache },
    storedBaselineSettings: { ...settings, baselineDir: storedBaselines },
    async close() {
      await browser.close();
      await server.close();
    },
  };
}
