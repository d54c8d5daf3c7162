import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type CDPSession, type Page } from '@playwright/test';
import { PNG } from 'pngjs';
import { buildDemoApps } from '../demo/build-apps.js';
import { browserLaunchOptions, deadEndProxy } from '../harness/browser/resolve-browser.js';
import { startStaticServer } from '../harness/serve/static-server.js';
import { formatTable } from './report.js';
import { summarize, timed } from './stats.js';

/** Screenshots per variant: the checkpoint count of the TodoMVC demo sessions. */
const SHOTS = 17;

/** One way of taking a PNG screenshot of the whole viewport. */
interface Variant {
  name: string;
  capture(page: Page, cdp: CDPSession): Promise<Buffer>;
}

const VARIANTS: Variant[] = [
  {
    name: 'page.screenshot(), harness options',
    capture: (page) => page.screenshot({ animations: 'disabled', caret: 'hide', scale: 'device' }),
  },
  { name: 'page.screenshot(), defaults', capture: (page) => page.screenshot() },
  {
    name: 'CDP Page.captureScreenshot',
    capture: async (_page, cdp) => {
      const { data } = await cdp.send('Page.captureScreenshot', { format: 'png' });
      return Buffer.from(data, 'base64');
    },
  },
  {
    name: 'CDP Page.captureScreenshot, optimizeForSpeed',
    capture: async (_page, cdp) => {
      const { data } = await cdp.send('Page.captureScreenshot', {
        format: 'png',
        optimizeForSpeed: true,
      });
      return Buffer.from(data, 'base64');
    },
  },
];

/**
 * Times {@link SHOTS} PNG screenshots of the TodoMVC vanillajs app with four todos, per
 * variant, taking turns within each round (in a rotating order) so that load from other users
 * of the machine falls on every variant alike. Prints the median and range in milliseconds,
 * the PNG size, and whether the decoded pixels equal those of the first variant.
 */
async function main(): Promise<void> {
  const appsDir = await mkdtemp(join(tmpdir(), 'replaygate-screenshot-cost-'));
  await buildDemoApps(appsDir);
  const server = await startStaticServer(appsDir);
  const browser = await chromium.launch({
    ...browserLaunchOptions(),
    proxy: deadEndProxy([server.url]),
  });
  try {
    const context = await browser.newContext({
      viewport: { width: 1280, height: 720 },
      deviceScaleFactor: 1,
    });
    const page = await context.newPage();
    await page.goto(new URL('todomvc/vanillajs/', server.url).href);
    const todos = [
      'Repot the fiddle-leaf fig',
      'Return library books',
      'Book a bike service',
      'Buy oat milk',
    ];
    for (const text of todos) {
      await page.locator('#new-todo').fill(text);
      await page.locator('#new-todo').press('Enter');
    }
    await page.locator('#new-todo').blur();
    const cdp = await context.newCDPSession(page);

    const times = VARIANTS.map(() => [] as number[]);
    const pngs: Buffer[] = [];
    for (const [index, variant] of VARIANTS.entries()) {
      pngs[index] = await variant.capture(page, cdp);
    }
    for (let round = 0; round < SHOTS; round += 1) {
      for (let turn = 0; turn < VARIANTS.length; turn += 1) {
        const index = (round + turn) % VARIANTS.length;
        const variant = VARIANTS[index] as Variant;
        const shot = await timed(() => variant.capture(page, cdp));
        times[index]?.push(shot.ms);
      }
    }
    process.stdout.write(`${render(times, pngs)}\n`);
  } finally {
    await browser.close();
    await server.close();
    await rm(appsDir, { recursive: true, force: true });
  }
}

function render(times: number[][], pngs: Buffer[]): string {
  const reference = PNG.sync.read(pngs[0] as Buffer).data;
  const rows = VARIANTS.map((variant, index) => {
    const summary = summarize(times[index] ?? []);
    const png = pngs[index] as Buffer;
    return [
      variant.name,
      `${summary.median.toFixed(1)} (${summary.min.toFixed(1)}-${summary.max.toFixed(1)})`,
      (png.length / 1024).toFixed(1),
      PNG.sync.read(png).data.equals(reference) ? 'yes' : 'no',
    ];
  });
  const [one, five, fifteen] = loadavg().map((value) => value.toFixed(1));
  return [
    `${SHOTS} screenshots per variant, 1280x720, ${cpus().length} cores, load average ${one} ${five} ${fifteen}`,
    formatTable(['variant', 'median ms (min-max)', 'PNG KiB', 'same pixels'], rows),
  ].join('\n');
}

await main();
