import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from '@playwright/test';
import { browserLaunchOptions, deadEndProxy } from '../browser/resolve-browser.js';
import { readRunPlan } from './run-plan.js';

// The CLI generates no config: this fixed file reads the run plan the CLI wrote, so the
// Playwright process uses exactly the settings resolved from flags, environment and file.
const plan = readRunPlan();
const here = dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  testDir: here,
  testMatch: 'replay.spec.js',
  outputDir: join(plan.outputDir, 'sessions'),
  fullyParallel: true,
  retries: plan.retries,
  ...(plan.workers === undefined ? {} : { workers: plan.workers }),
  // A long recorded session replays in virtual time, so real time per session stays short;
  // this bound only catches a hung browser.
  timeout: 10 * 60_000,
  reporter: [[join(here, 'session-reporter.js')]],
  preserveOutput: 'always',
  use: {
    launchOptions: {
      ...browserLaunchOptions(),
      proxy: deadEndProxy([plan.baseURL, plan.webServer?.url ?? '']),
    },
    ...(plan.baseURL ? { baseURL: plan.baseURL } : {}),
    trace: 'off',
  },
  ...(plan.webServer
    ? {
        webServer: {
          ...plan.webServer,
          reuseExistingServer: plan.webServer.reuseExistingServer ?? !process.env.CI,
        },
      }
    : {}),
});
