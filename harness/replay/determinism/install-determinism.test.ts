import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { browserLaunchOptions } from '../../browser/resolve-browser.js';
import { startStaticServer, type StaticServer } from '../../serve/static-server.js';
import { installDeterminism, type DeterminismControls } from './install-determinism.js';
import { prepareForScreenshot } from './stabilize-page.js';

const START = Date.UTC(2024, 2, 15, 9, 30, 0);

const DRAW_JS = `
function drawRandom(count) {
  const values = [];
  for (let i = 0; i < count; i++) {
    values.push(Math.random());
  }
  return values;
}
function drawBytes() {
  return Array.from(crypto.getRandomValues(new Uint32Array(4)));
}
function drawUuid() {
  return crypto.randomUUID();
}
function collect() {
  return { random: drawRandom(4), bytes: drawBytes(), uuids: [drawUuid(), drawUuid()] };
}
`;

const SITE: Record<string, string> = {
  'draw.js': DRAW_JS,
  'values.html': '<script src="draw.js"></script><script>window.result = collect();</script>',
  'values-extra.html': `<script src="draw.js"></script><script>
    window.extra = [Math.random(), Array.from(crypto.getRandomValues(new Uint8Array(8))), crypto.randomUUID()];
    window.result = collect();
  </script>`,
  'values-no-stack.html': `<script>Error.stackTraceLimit = 0; Error.prepareStackTrace = () => 'hidden';</script>
    <script src="draw.js"></script><script>window.result = collect();</script>`,
  'clock.html': '<!doctype html><title>clock</title><p>clock</p>',
  'render.html': `<!doctype html>
    <style>
      body { margin: 0; font: 16px sans-serif; }
      #box { width: 200px; height: 40px; background: hsl(var(--hue), 70%, 50%); }
      .spinner { width: 30px; height: 30px; background: navy; animation: spin 1s linear infinite; }
      @keyframes spin { to { transform: rotate(360deg); } }
    </style>
    <p id="out"></p><div id="box"></div><div class="spinner"></div><input id="field" autofocus>
    <script>
      const value = Math.random();
      document.getElementById('out').textContent =
        value + ' ' + new Date().toString() + ' ' + crypto.randomUUID() + ' ' + performance.now();
      document.getElementById('box').style.setProperty('--hue', String(Math.floor(value * 360)));
      setTimeout(() => { document.getElementById('out').textContent += ' later ' + Date.now(); }, 500);
    </script>`,
};

interface RandomValues {
  random: number[];
  bytes: number[];
  uuids: string[];
}

let browser: Browser;
let server: StaticServer;
let siteDir: string;
const openContexts: BrowserContext[] = [];

beforeAll(async () => {
  siteDir = mkdtempSync(join(tmpdir(), 'replaygate-determinism-'));
  for (const [name, content] of Object.entries(SITE)) {
    writeFileSync(join(siteDir, name), content);
  }
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

async function openPage(
  seed: string,
  path: string,
): Promise<{ page: Page; controls: DeterminismControls }> {
  const context = await browser.newContext({
    serviceWorkers: 'block',
    timezoneId: 'UTC',
    viewport: { width: 480, height: 200 },
  });
  openContexts.push(context);
  // The test pages load only from the local server; anything else is refused.
  await context.route('**/*', (route) =>
    new URL(route.request().url()).hostname === '127.0.0.1' ? route.fallback() : route.abort(),
  );
  const controls = await installDeterminism(context, { seed, startTime: START });
  const page = await context.newPage();
  await page.goto(new URL(path, server.url).href);
  return { page, controls };
}

async function readValues(seed: string, path = 'values.html'): Promise<RandomValues> {
  const { page } = await openPage(seed, path);
  return page.evaluate(() => (window as unknown as { result: RandomValues }).result);
}

describe('seeded randomness', () => {
  test('same seed repeats values across contexts', async () => {
    const first = await readValues('seed-a');
    const second = await readValues('seed-a');
    expect(second).toEqual(first);
    expect(new Set(first.random).size).toBe(4);
    expect(first.uuids[0]).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(first.uuids[0]).not.toBe(first.uuids[1]);
  });

  test('different seeds give different values', async () => {
    const first = await readValues('seed-a');
    const second = await readValues('seed-b');
    expect(second.random).not.toEqual(first.random);
    expect(second.bytes).not.toEqual(first.bytes);
    expect(second.uuids).not.toEqual(first.uuids);
  });

  test('extra call elsewhere leaves a call site unchanged', async () => {
    const plain = await readValues('seed-a');
    const { page } = await openPage('seed-a', 'values-extra.html');
    const withExtra = await page.evaluate(() => {
      const state = window as unknown as { result: RandomValues; extra: [number] };
      return { result: state.result, extra: state.extra };
    });
    expect(withExtra.result).toEqual(plain);
    expect(plain.random).not.toContain(withExtra.extra[0]);
  });

  test('page without stack traces still gets per-site values', async () => {
    const plain = await readValues('seed-a');
    const hidden = await readValues('seed-a', 'values-no-stack.html');
    expect(hidden).toEqual(plain);
  });

  test('reload repeats the same values', async () => {
    const { page } = await openPage('seed-a', 'values.html');
    const before = await page.evaluate(
      () => (window as unknown as { result: RandomValues }).result,
    );
    await page.reload();
    const after = await page.evaluate(() => (window as unknown as { result: RandomValues }).result);
    expect(after).toEqual(before);
  });

  test('getRandomValues still rejects invalid arrays', async () => {
    const { page } = await openPage('seed-a', 'clock.html');
    const errors = await page.evaluate(() => {
      const names: string[] = [];
      for (const argument of [new Float64Array(2), new Uint8Array(70_000)]) {
        try {
          crypto.getRandomValues(argument as unknown as Uint8Array<ArrayBuffer>);
          names.push('none');
        } catch (error) {
          names.push((error as Error).name);
        }
      }
      return names;
    });
    expect(errors).toEqual(['TypeMismatchError', 'QuotaExceededError']);
  });
});

describe('virtual clock', () => {
  test('Date.now starts at start time and stays paused', async () => {
    const { page } = await openPage('seed-a', 'clock.html');
    const first = await page.evaluate(() => [Date.now(), new Date().getTime()]);
    await page.waitForTimeout(300);
    const second = await page.evaluate(() => Date.now());
    expect(first).toEqual([START, START]);
    expect(second).toBe(START);
  });

  test('performance.now stays paused and follows advance', async () => {
    const { page, controls } = await openPage('seed-a', 'clock.html');
    const first = await page.evaluate(() => [performance.now(), performance.timeOrigin]);
    await page.waitForTimeout(300);
    const paused = await page.evaluate(() => performance.now());
    await controls.advance(1234);
    const advanced = await page.evaluate(() => [performance.now(), Date.now()]);
    expect(first).toEqual([0, START]);
    expect(paused).toBe(0);
    expect(advanced).toEqual([1234, START + 1234]);
    expect(controls.now()).toBe(START + 1234);
  });

  test('setTimeout fires only once virtual time reaches it', async () => {
    const { page, controls } = await openPage('seed-a', 'clock.html');
    await page.evaluate(() => {
      const state = window as unknown as { firedAt?: number };
      // An hour of virtual time: the test would time out if it ran in wall time.
      setTimeout(() => {
        state.firedAt = Date.now();
      }, 3_600_000);
    });
    const read = () =>
      page.evaluate(() => (window as unknown as { firedAt?: number }).firedAt ?? null);
    await controls.advance(3_599_999);
    expect(await read()).toBeNull();
    await controls.advance(1);
    expect(await read()).toBe(START + 3_600_000);
  });

  test('animation frame timestamp equals performance.now', async () => {
    const { page, controls } = await openPage('seed-a', 'clock.html');
    await page.evaluate(() => {
      requestAnimationFrame((timestamp) => {
        (window as unknown as { frame: number[] }).frame = [timestamp, performance.now()];
      });
    });
    await controls.advance(50);
    const frame = await page.evaluate(() => (window as unknown as { frame: number[] }).frame);
    expect(frame).toHaveLength(2);
    expect(frame[0]).toBe(frame[1]);
  });

  test('advanceTo moves to an epoch time and never back', async () => {
    const { page, controls } = await openPage('seed-a', 'clock.html');
    await controls.advanceTo(START + 2000);
    await controls.advanceTo(START + 1000);
    expect(await page.evaluate(() => Date.now())).toBe(START + 2000);
    expect(controls.elapsed()).toBe(2000);
  });

  test('new document continues from the virtual time', async () => {
    const { page, controls } = await openPage('seed-a', 'clock.html');
    await controls.advance(1000);
    await page.goto(new URL('clock.html?second', server.url).href);
    const times = await page.evaluate(() => [Date.now(), performance.now()]);
    expect(times).toEqual([START + 1000, 1000]);
  });

  test('timer error reaches pageerror and advance resolves', async () => {
    const { page, controls } = await openPage('seed-a', 'clock.html');
    await page.evaluate(() => {
      setTimeout(() => {
        throw new Error('timer failed on purpose');
      }, 10);
      setTimeout(() => {
        (window as unknown as { after: boolean }).after = true;
      }, 20);
    });
    const pageError = page.waitForEvent('pageerror');
    await controls.advance(100);
    expect((await pageError).message).toBe('timer failed on purpose');
    expect(await page.evaluate(() => (window as unknown as { after?: boolean }).after)).toBe(true);
  });
});

describe('screenshots', () => {
  async function capture(seed: string): Promise<{ shots: Buffer[]; text: string | null }> {
    const { page, controls } = await openPage(seed, 'render.html');
    const shots: Buffer[] = [];
    shots.push(await page.screenshot(await prepareForScreenshot(page)));
    await controls.advance(1000);
    shots.push(await page.screenshot(await prepareForScreenshot(page)));
    return { shots, text: await page.textContent('#out') };
  }

  test('render page is byte-identical across three contexts', async () => {
    const runs = [await capture('seed-a'), await capture('seed-a'), await capture('seed-a')];
    const [first, ...others] = runs;
    expect(first?.text).toContain(' later ');
    for (const run of others) {
      expect(run.text).toBe(first?.text);
      expect(run.shots[0]?.equals(first?.shots[0] as Buffer)).toBe(true);
      expect(run.shots[1]?.equals(first?.shots[1] as Buffer)).toBe(true);
    }
  });

  test('render page differs with another seed', async () => {
    const first = await capture('seed-a');
    const other = await capture('seed-b');
    expect(other.text).not.toBe(first.text);
    expect(other.shots[0]?.equals(first.shots[0] as Buffer)).toBe(false);
  });
});
