import { copyFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { chromium, type Browser, type BrowserContext } from '@playwright/test';
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { browserLaunchOptions } from '../../browser/resolve-browser.js';
import { startStaticServer, type StaticServer } from '../../serve/static-server.js';
import { installNetwork } from '../network/install-network.js';
import { installDeterminism } from './install-determinism.js';
import { prepareForScreenshot } from './stabilize-page.js';

const START = Date.UTC(2024, 2, 15, 9, 30, 0);

let browser: Browser;
let server: StaticServer;
let siteDir: string;
const openContexts: BrowserContext[] = [];

/** Any TrueType font of the system, served as a web font so its load can be delayed. */
function findSystemFont(): string {
  const root = '/usr/share/fonts';
  const entries = readdirSync(root, { recursive: true, encoding: 'utf8' });
  const font = entries.find((entry) => entry.endsWith('.ttf'));
  if (!font) {
    throw new Error(
      `No .ttf font under ${root}; install a font package such as fonts-dejavu-core.`,
    );
  }
  return join(root, font);
}

beforeAll(async () => {
  siteDir = mkdtempSync(join(tmpdir(), 'replaygate-stabilize-'));
  copyFileSync(findSystemFont(), join(siteDir, 'face.ttf'));
  writeFileSync(
    join(siteDir, 'hover.html'),
    `<style>
      body { margin: 0; }
      #target { position: absolute; left: 0; top: 0; width: 200px; height: 100px; background: white; }
      #target:hover { background: red; }
    </style>
    <div id="target"></div>
    <script>
      window.left = 0;
      document.getElementById('target').addEventListener('mouseleave', () => { window.left += 1; });
    </script>`,
  );
  writeFileSync(
    join(siteDir, 'font.html'),
    `<style>
      @font-face { font-family: Face; src: url(face.ttf); font-display: block; }
      p { font: 24px Face, monospace; }
    </style>
    <p>web font text</p>`,
  );
  writeFileSync(
    join(siteDir, 'fetch.html'),
    `<p id="out">waiting</p>
    <script>
      fetch('/data.json')
        .then((response) => response.json())
        .then((data) => fetch(data.next))
        .then((response) => response.json())
        .then((data) => { document.getElementById('out').textContent = data.message; });
    </script>`,
  );
  writeFileSync(
    join(siteDir, 'data.json'),
    JSON.stringify({ next: 'https://api.example.test/message' }),
  );
  server = await startStaticServer(siteDir);
  browser = await chromium.launch(browserLaunchOptions());
});

afterEach(async () => {
  await Promise.all(openContexts.splice(0).map((context) => context.close()));
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  rmSync(siteDir, { recursive: true, force: true });
});

async function newContext(): Promise<BrowserContext> {
  const context = await browser.newContext({
    serviceWorkers: 'block',
    viewport: { width: 400, height: 300 },
  });
  openContexts.push(context);
  return context;
}

/** Delays responses whose path ends with `suffix` by `ms` of wall time, then lets them through. */
async function delayRequests(context: BrowserContext, suffix: string, ms: number): Promise<void> {
  await context.route(`**/*${suffix}`, async (route) => {
    await new Promise((resolve) => setTimeout(resolve, ms));
    await route.fallback();
  });
}

test('prepareForScreenshot drops hover state', async () => {
  const context = await newContext();
  await installDeterminism(context, { seed: 's', startTime: START });
  await installNetwork(context, {
    exchanges: [],
    recordedOrigin: server.url,
    appOrigin: server.url,
    volatileQueryParams: [],
    passthrough: [],
  });
  const page = await context.newPage();
  await page.goto(new URL('hover.html', server.url).href);
  const background = () =>
    page.evaluate(
      () => getComputedStyle(document.querySelector('#target') as Element).backgroundColor,
    );
  await page.mouse.move(50, 50);
  const hoveredBackground = await background();

  const options = await prepareForScreenshot(page);

  expect(hoveredBackground).toBe('rgb(255, 0, 0)');
  expect(await background()).toBe('rgb(255, 255, 255)');
  expect(await page.evaluate(() => (window as unknown as { left: number }).left)).toBe(1);
  expect(options).toEqual({ animations: 'disabled', caret: 'hide', scale: 'css' });
});

test('prepareForScreenshot waits for web fonts', async () => {
  const context = await newContext();
  await installDeterminism(context, { seed: 's', startTime: START });
  await delayRequests(context, '.ttf', 800);
  const page = await context.newPage();
  await page.goto(new URL('font.html', server.url).href, { waitUntil: 'domcontentloaded' });

  await prepareForScreenshot(page);

  expect(await page.evaluate(() => document.fonts.status)).toBe('loaded');
  expect(await page.evaluate(() => [...document.fonts].map((face) => face.status))).toEqual([
    'loaded',
  ]);
});

test('prepareForScreenshot waits for chained requests', async () => {
  const context = await newContext();
  await installDeterminism(context, { seed: 's', startTime: START });
  await delayRequests(context, '.json', 500);
  const network = await installNetwork(context, {
    exchanges: [
      {
        id: 0,
        initiator: 'fetch',
        request: { method: 'GET', url: 'https://api.example.test/message', headers: {} },
        response: {
          status: 200,
          statusText: 'OK',
          headers: { 'content-type': 'application/json' },
          body: { encoding: 'text', data: JSON.stringify({ message: 'rendered from recording' }) },
        },
        startedAt: START,
        endedAt: START + 5,
        pageUrl: 'http://localhost:3000/fetch.html',
      },
    ],
    recordedOrigin: 'http://localhost:3000',
    appOrigin: server.url,
    volatileQueryParams: [],
    passthrough: [],
  });
  const page = await context.newPage();
  await page.goto(new URL('fetch.html', server.url).href, { waitUntil: 'commit' });

  await prepareForScreenshot(page, network);

  expect(await page.textContent('#out')).toBe('rendered from recording');
  expect(network.inFlight()).toBe(0);
  expect(network.counts).toEqual({ recorded: 1, app: 2, blocked: 0 });
});

test('TodoMVC screenshots match across contexts', async () => {
  const todoDir = join(
    dirname(createRequire(import.meta.url).resolve('todomvc/package.json')),
    'examples',
    'vanillajs',
  );
  const todoServer = await startStaticServer(todoDir);
  try {
    const runs: Array<{ shot: Buffer; stored: string | null; blocked: number }> = [];
    for (let run = 0; run < 2; run++) {
      const context = await newContext();
      await installDeterminism(context, { seed: 'todo', startTime: START });
      const network = await installNetwork(context, {
        exchanges: [],
        recordedOrigin: 'http://localhost:8080',
        appOrigin: todoServer.url,
        volatileQueryParams: [],
        passthrough: [],
      });
      const page = await context.newPage();
      await page.goto(todoServer.url);
      await page.fill('#new-todo', 'write the replay test');
      await page.press('#new-todo', 'Enter');
      await page.click('#todo-list li .toggle');
      await page.fill('#new-todo', 'second item');
      await page.press('#new-todo', 'Enter');
      // Hovering shows the delete button; prepareForScreenshot must take that state away.
      await page.hover('#todo-list li:first-child');
      const options = await prepareForScreenshot(page, network);
      runs.push({
        shot: await page.screenshot(options),
        stored: await page.evaluate(() => localStorage.getItem('todos-vanillajs')),
        blocked: network.counts.blocked,
      });
    }
    const [first, second] = runs;
    expect(first?.stored).toContain(`"id":${START}`);
    expect(second?.stored).toBe(first?.stored);
    expect(first?.blocked).toBe(0);
    expect(second?.shot.equals(first?.shot as Buffer)).toBe(true);
  } finally {
    await todoServer.close();
  }
});
