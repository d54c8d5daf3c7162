import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';
import { UsageError } from '../shared/errors.js';

/** Where the Chromium binary came from. */
export type BrowserSource = 'playwright' | 'REPLAYGATE_BROWSER' | 'system';

export interface ResolvedBrowser {
  /** Undefined means Playwright's own download, which Playwright finds without help. */
  executablePath: string | undefined;
  source: BrowserSource;
}

const SYSTEM_CHROMIUM_PATHS = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

/**
 * Chromium's headless shell, packaged by Debian as `chromium-headless-shell`. It is the build
 * Playwright itself launches for headless runs: without the browser's window and GPU layers,
 * a replay takes about a third less time than with the full browser in headless mode.
 */
const SYSTEM_HEADLESS_SHELL_PATHS = ['/usr/bin/chromium-headless-shell'];

/** Whether the browser will show windows; only a headless launch may use the headless shell. */
export interface BrowserNeeds {
  /** @default true */
  headless?: boolean;
}

/**
 * Flags for every launch. Without the first three Chromium keeps calling Google services
 * (component updates, safe browsing lists, first-run pings), which is noise on a closed
 * network and a source of stray requests that no replay should make.
 */
export const CHROMIUM_ARGS = [
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-default-apps',
  '--disable-quic',
  // Pixel stability: the same fonts rasterize the same way on every run.
  '--font-render-hinting=none',
  '--disable-lcd-text',
  // Re-raster whole tiles. Rastering only the changed part of a tile can anti-alias an edge
  // one colour level differently, depending on the frames drawn before. That made the corner
  // of a focus ring differ between runs of the same build.
  '--disable-partial-raster',
];

/**
 * Finds a Chromium to launch: Playwright's own download first, then the path in
 * `REPLAYGATE_BROWSER`, then the system packages (the headless shell first for headless runs).
 *
 * @throws UsageError naming every place looked at and how to install a browser.
 */
export function resolveBrowser(
  env: NodeJS.ProcessEnv = process.env,
  needs: BrowserNeeds = {},
): ResolvedBrowser {
  const playwrightPath = chromium.executablePath();
  if (playwrightPath && existsSync(playwrightPath)) {
    return { executablePath: undefined, source: 'playwright' };
  }

  const fromEnvironment = env.REPLAYGATE_BROWSER;
  if (fromEnvironment) {
    if (!existsSync(fromEnvironment)) {
      throw new UsageError(
        `REPLAYGATE_BROWSER is set to "${fromEnvironment}", but no file exists there. Point it at a Chromium binary or unset it.`,
      );
    }
    return { executablePath: fromEnvironment, source: 'REPLAYGATE_BROWSER' };
  }

  const systemPaths =
    (needs.headless ?? true)
      ? [...SYSTEM_HEADLESS_SHELL_PATHS, ...SYSTEM_CHROMIUM_PATHS]
      : SYSTEM_CHROMIUM_PATHS;
  const systemPath = systemPaths.find((path) => existsSync(path));
  if (systemPath) {
    return { executablePath: systemPath, source: 'system' };
  }

  throw new UsageError(
    [
      'No Chromium found. Looked for:',
      `  - Playwright's browser at ${playwrightPath}`,
      '  - the REPLAYGATE_BROWSER environment variable (not set)',
      `  - ${systemPaths.join(', ')}`,
      'Install one with "npx playwright install chromium", or on Debian and Ubuntu with',
      '"apt-get install chromium", or set REPLAYGATE_BROWSER to a Chromium binary.',
    ].join('\n'),
  );
}

/** Launch options for Playwright's `chromium.launch()` or the `launchOptions` test option. */
export function browserLaunchOptions(
  env: NodeJS.ProcessEnv = process.env,
  needs: BrowserNeeds = {},
): {
  executablePath?: string;
  args: string[];
} {
  const { executablePath } = resolveBrowser(env, needs);
  return executablePath ? { executablePath, args: CHROMIUM_ARGS } : { args: CHROMIUM_ARGS };
}

/**
 * A proxy address nothing answers on: port 9 is the discard service, closed on ordinary
 * machines. Chromium's own services (component updates, sign-in, autofill) still call Google
 * hosts with the flags above, and page routing never sees those requests; sending all
 * non-bypassed traffic here makes them fail at once instead of leaving the machine.
 */
export const DEAD_END_PROXY = 'http://127.0.0.1:9';

/**
 * Proxy launch option that routes everything except the app under test and loopback into
 * {@link DEAD_END_PROXY}. Page requests to other hosts never get this far: the replay's
 * routes fulfill them from the recording or abort them.
 */
export function deadEndProxy(appUrls: string[]): { server: string; bypass: string } {
  const hosts = new Set(['127.0.0.1', 'localhost', '[::1]']);
  for (const url of appUrls) {
    try {
      hosts.add(new URL(url).hostname);
    } catch {
      // An invalid URL fails later with a clearer message where it is used.
    }
  }
  return { server: DEAD_END_PROXY, bypass: [...hosts].join(',') };
}
