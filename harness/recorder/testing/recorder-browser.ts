import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { buildDemoApps, DEFAULT_APPS_DIR } from '../../../demo/build-apps.js';
import { projectRoot } from '../../../demo/project-paths.js';
import { browserLaunchOptions, deadEndProxy } from '../../browser/resolve-browser.js';
import { startStaticServer, type StaticServer } from '../../serve/static-server.js';

/** Returns the path of the recorder's script-tag build, which `npm run build:recorder` writes. */
export function recorderScriptPath(): string {
  return join(projectRoot(), 'dist', 'recorder', 'replaygate-recorder.min.js');
}

let building: Promise<void> | undefined;

/**
 * Runs the recorder's build script once per test process, so browser tests load bundles built
 * from the current sources.
 */
export function buildRecorderBundles(): Promise<void> {
  building ??= new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [join(projectRoot(), 'scripts', 'build-recorder.mjs')], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`build-recorder.mjs failed (${code}): ${stderr}`)),
    );
  });
  return building;
}

/**
 * Launches Chromium with replaygate's flags. Every request to a host other than this machine
 * goes to a proxy address that nothing listens on, so no page reaches the internet.
 */
export function launchBrowser(): Promise<Browser> {
  const options = browserLaunchOptions();
  return chromium.launch({ ...options, proxy: deadEndProxy([]) });
}

/**
 * Creates a context whose pages load the recorder's script-tag build and call
 * `window.replaygate.startRecording(<optionsSource>)` before any page script runs. The call's
 * promise is kept in `window.__replaygateRecording`.
 *
 * @param optionsSource JavaScript source of the options object, so tests can pass functions.
 */
export async function newRecordedContext(
  browser: Browser,
  optionsSource: string,
): Promise<BrowserContext> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 720 },
    serviceWorkers: 'block',
  });
  await context.addInitScript({ path: recorderScriptPath() });
  await context.addInitScript({
    content: `window.__replaygateRecording = window.replaygate.startRecording(${optionsSource});`,
  });
  return context;
}

/** Calls `flush()` on the page's recording; resolves true once its buffer is empty. */
export function flushRecording(page: Page): Promise<boolean> {
  return page.evaluate(async () => {
    const scope = window as unknown as {
      __replaygateRecording: Promise<{ flush(): Promise<boolean> }>;
    };
    return (await scope.__replaygateRecording).flush();
  });
}

/** Returns the `localStorage` entries whose keys start with `prefix`. */
export function storageEntries(page: Page, prefix: string): Promise<Array<[string, string]>> {
  return page.evaluate(
    (keyPrefix) =>
      Object.keys(localStorage)
        .filter((key) => key.startsWith(keyPrefix))
        .sort()
        .map((key): [string, string] => [key, localStorage.getItem(key) ?? '']),
    prefix,
  );
}

/** Chromium and the demo apps, served for recorder tests. */
export interface RecorderTestBed {
  browser: Browser;
  apps: StaticServer;
  /** URL of TodoMVC's vanillajs example. */
  todoUrl: string;
  close(): Promise<void>;
}

/**
 * Builds the recorder bundles, serves `demo/.apps` (building it first when missing) and
 * launches Chromium.
 */
export async function startTestBed(): Promise<RecorderTestBed> {
  const appsDir = join(projectRoot(), DEFAULT_APPS_DIR);
  if (!existsSync(join(appsDir, 'todomvc', 'vanillajs', 'index.html'))) {
    await buildDemoApps(appsDir);
  }
  await buildRecorderBundles();
  const apps = await startStaticServer(appsDir);
  const browser = await launchBrowser().catch(async (error: unknown) => {
    await apps.close();
    throw error;
  });
  return {
    browser,
    apps,
    todoUrl: `${apps.url}todomvc/vanillajs/index.html`,
    async close() {
      await browser.close();
      await apps.close();
    },
  };
}
