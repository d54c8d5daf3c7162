#!/usr/bin/env node
// Makes sure a Chromium is available for replays, in the same order replaygate looks for one:
// Playwright's own download, then REPLAYGATE_BROWSER, then the system packages. Without the
// first two, as root on Debian, it installs Debian's chromium (for headed recording) and
// chromium-headless-shell (the faster build for replays) when missing, because browser
// downloads may be blocked there while the package mirror is reachable. Elsewhere, without
// any Chromium, it installs Playwright's.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { chromium } from '@playwright/test';

const SYSTEM_PATHS = [
  '/usr/bin/chromium-headless-shell',
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
];
const DEBIAN_PACKAGES = ['chromium', 'chromium-headless-shell'];

function findBrowser() {
  const playwrightPath = chromium.executablePath();
  if (playwrightPath && existsSync(playwrightPath)) {
    return `Playwright's Chromium at ${playwrightPath}`;
  }
  const fromEnvironment = process.env.REPLAYGATE_BROWSER;
  if (fromEnvironment && existsSync(fromEnvironment)) {
    return `REPLAYGATE_BROWSER at ${fromEnvironment}`;
  }
  const systemPath = SYSTEM_PATHS.find((path) => existsSync(path));
  return systemPath ? `system Chromium at ${systemPath}` : undefined;
}

function isDebianRoot() {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) {
    return false;
  }
  if (!existsSync('/etc/os-release') || !existsSync('/usr/bin/apt-get')) {
    return false;
  }
  return /^ID=debian$/m.test(readFileSync('/etc/os-release', 'utf8'));
}

const found = findBrowser();
const missingPackages = DEBIAN_PACKAGES.filter((name) => !existsSync(`/usr/bin/${name}`));
const usesOwnBrowser = found !== undefined && !found.startsWith('system');
if (found && (usesOwnBrowser || missingPackages.length === 0 || !isDebianRoot())) {
  console.log(`[replaygate] Using ${found}.`);
  process.exit(0);
}

if (isDebianRoot()) {
  console.log(`[replaygate] Installing Debian's ${missingPackages.join(' and ')} package.`);
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
  execFileSync('apt-get', ['install', '-y', '-qq', ...missingPackages], {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
} else {
  console.log("[replaygate] No Chromium found; installing Playwright's Chromium.");
  execFileSync(
    process.execPath,
    [new URL(import.meta.resolve('@playwright/test/cli')).pathname, 'install', 'chromium'],
    {
      stdio: 'inherit',
    },
  );
}

const installed = findBrowser();
if (!installed) {
  console.error(
    '[replaygate] Chromium is still missing after the install step. Install it yourself ("npx playwright install chromium", or "apt-get install chromium" on Debian) or set REPLAYGATE_BROWSER to a Chromium binary.',
  );
  process.exit(1);
}
console.log(`[replaygate] Using ${installed}.`);
