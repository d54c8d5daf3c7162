import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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
  // Starts a worker, posts to it at once and resolves with its first reply.
  'workers.html': `<!doctype html><title>workers</title><script>
    function ask(url, options) {
      return new Promise((resolve, reject) => {
        const worker = new Worker(url, options);
        worker.onmessage = (event) => resolve(event.data);
        worker.onerror = (event) => reject(new Error(event.message || 'worker failed'));
        worker.postMessage('report');
      });
    }
    function blobUrl(source) {
      return URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
    }
  </script>`,
  'worker/helper.js': 'self.helperLoaded = true;',
  'worker/classic.js': `importScripts('helper.js');
    const early = Math.random();
    self.onmessage = () => postMessage({
      early,
      random: [Math.random(), Math.random()],
      bytes: Array.from(crypto.getRandomValues(new Uint32Array(2))),
      uuid: crypto.randomUUID(),
      now: Date.now(),
      date: new Date().getTime(),
      performanceNow: performance.now(),
      timeOrigin: performance.timeOrigin,
      location: self.location.href,
      search: self.location.search,
      helperLoaded: self.helperLoaded === true,
    });`,
  'worker/dependency.js': 'export const drawnOnImport = Math.random();',
  'worker/module.js': `import { drawnOnImport } from './dependency.js';
    self.onmessage = () => postMessage({
      drawnOnImport,
      random: Math.random(),
      uuid: crypto.randomUUID(),
      now: Date.now(),
      location: self.location.href,
      moduleUrl: import.meta.url,
    });`,
  // Replies at once with its start time, then again when a one-second timer fires.
  'worker/timer.js': `self.onmessage = () => {
      postMessage({ started: Date.now() });
      setTimeout(() => postMessage({ firedAt: Date.now(), performanceNow: performance.now() }), 1000);
    };`,
  'worker/where.js': 'postMessage(self.location.href);',
  // A worker that starts a blob worker and an http(s) worker of its own.
  'worker/nested.js': `self.onmessage = () => {
      const source = 'self.onmessage = () => postMessage({ random: Math.random(), now: Date.now() });';
      const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
      const blobWorker = new Worker(url);
      URL.revokeObjectURL(url);
      const httpWorker = new Worker('where.js');
      const replies = {};
      const send = () => {
        if (replies.blob && replies.httpLocation) postMessage(replies);
      };
      blobWorker.onmessage = (event) => { replies.blob = event.data; send(); };
      httpWorker.onmessage = (event) => { replies.httpLocation = event.data; send(); };
      blobWorker.postMessage('report');
    };`,
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
  mkdirSync(join(siteDir, 'worker'));
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

interface ClassicWorkerValues {
  early: number;
  random: number[];
  bytes: number[];
  uuid: string;
  now: number;
  date: number;
  performanceNow: number;
  timeOrigin: number;
  location: string;
  search: string;
  helperLoaded: boolean;
}

interface ModuleWorkerValues {
  drawnOnImport: number;
  random: number;
  uuid: string;
  now: number;
  location: string;
  moduleUrl: string;
}

/** Evaluated in workers.html: `ask` and `blobUrl` are its globals. */
type WorkersPage = {
  ask<T>(url: string, options?: WorkerOptions): Promise<T>;
  blobUrl(source: string): string;
};

async function askWorker<T>(page: Page, url: string, options?: WorkerOptions): Promise<T> {
  return page.evaluate(
    ([workerUrl, workerOptions]) =>
      (window as unknown as WorkersPage).ask<T>(workerUrl, workerOptions ?? undefined),
    [url, options ?? null] as const,
  ) as Promise<T>;
}

async function classicValues(seed: string): Promise<ClassicWorkerValues> {
  const { page } = await openPage(seed, 'workers.html');
  return askWorker<ClassicWorkerValues>(page, 'worker/classic.js');
}

describe('dedicated workers', () => {
  test('classic worker repeats values across contexts', async () => {
    const first = await classicValues('seed-a');
    const second = await classicValues('seed-a');
    expect(second).toEqual(first);
    expect(first.random[0]).not.toBe(first.random[1]);
    expect(first.uuid).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });

  test('classic worker starts at the virtual time', async () => {
    const values = await classicValues('seed-a');
    expect(values.now).toBe(START);
    expect(values.date).toBe(START);
    expect(values.performanceNow).toBe(0);
    expect(values.timeOrigin).toBe(START);
  });

  test('classic worker keeps its URL and relative imports', async () => {
    const values = await classicValues('seed-a');
    expect(values.location).toBe(new URL('worker/classic.js', server.url).href);
    expect(values.search).toBe('');
    expect(values.helperLoaded).toBe(true);
  });

  test('another seed changes worker values', async () => {
    const first = await classicValues('seed-a');
    const other = await classicValues('seed-b');
    expect(other.random).not.toEqual(first.random);
    expect(other.bytes).not.toEqual(first.bytes);
    expect(other.uuid).not.toBe(first.uuid);
  });

  test('workers of one URL draw different values', async () => {
    const { page } = await openPage('seed-a', 'workers.html');
    const first = await askWorker<ClassicWorkerValues>(page, 'worker/classic.js');
    const second = await askWorker<ClassicWorkerValues>(page, 'worker/classic.js');
    expect(second.random).not.toEqual(first.random);
    expect(second.uuid).not.toBe(first.uuid);
    // The page's own values are unaffected by the workers it started.
    await page.reload();
    const again = await askWorker<ClassicWorkerValues>(page, 'worker/classic.js');
    expect(again).toEqual(first);
  });

  test('module worker seeds its imports first', async () => {
    const read = async (): Promise<ModuleWorkerValues> => {
      const { page } = await openPage('seed-a', 'workers.html');
      return askWorker<ModuleWorkerValues>(page, 'worker/module.js', { type: 'module' });
    };
    const first = await read();
    const second = await read();
    expect(second).toEqual(first);
    expect(first.now).toBe(START);
    expect(first.drawnOnImport).not.toBe(first.random);
    const url = new URL('worker/module.js', server.url).href;
    expect(first.location).toBe(url);
    expect(first.moduleUrl).toBe(url);
  });

  test('worker timer waits for virtual time', async () => {
    const { page, controls } = await openPage('seed-a', 'workers.html');
    const started = await page.evaluate(
      () =>
        new Promise<unknown>((resolve) => {
          const state = window as unknown as { timerReplies: unknown[] };
          state.timerReplies = [];
          const worker = new Worker('worker/timer.js');
          worker.onmessage = (event) => {
            state.timerReplies.push(event.data);
            resolve(event.data);
          };
          worker.postMessage('start');
        }),
    );
    expect(started).toEqual({ started: START });
    const replies = () =>
      page.evaluate(() => (window as unknown as { timerReplies: unknown[] }).timerReplies);

    await controls.advance(999);
    // Real time passes too: the timer must not fire on the wall clock.
    await page.waitForTimeout(1200);
    expect(await replies()).toHaveLength(1);

    await controls.advance(1);
    await page.waitForFunction(
      () => (window as unknown as { timerReplies: unknown[] }).timerReplies.length === 2,
    );
    expect((await replies())[1]).toEqual({ firedAt: START + 1000, performanceNow: 1000 });
  });

  test('worker created later starts at the page time', async () => {
    const { page, controls } = await openPage('seed-a', 'workers.html');
    await controls.advance(2500);
    const values = await askWorker<ClassicWorkerValues>(page, 'worker/classic.js');
    expect(values.now).toBe(START + 2500);
    expect(values.performanceNow).toBe(0);
    expect(values.timeOrigin).toBe(START + 2500);
  });

  test('blob workers repeat values after revoke', async () => {
    const read = async (): Promise<Array<{ random: number; now: number; location: string }>> => {
      const { page } = await openPage('seed-a', 'workers.html');
      return page.evaluate(async () => {
        const { ask, blobUrl } = window as unknown as WorkersPage;
        const source =
          'self.onmessage = () => postMessage({ random: Math.random(), now: Date.now(), location: self.location.href });';
        const classicUrl = blobUrl(source);
        const classic = ask<{ random: number; now: number; location: string }>(classicUrl);
        // Apps often revoke the URL right after construction, which the browser allows.
        URL.revokeObjectURL(classicUrl);
        const moduleUrl = blobUrl(source);
        const module = ask<{ random: number; now: number; location: string }>(moduleUrl, {
          type: 'module',
        });
        URL.revokeObjectURL(moduleUrl);
        const values = await Promise.all([classic, module]);
        return values.map((value, index) => ({
          ...value,
          location: value.location === [classicUrl, moduleUrl][index] ? 'original' : value.location,
        }));
      });
    };
    const first = await read();
    const second = await read();
    expect(second).toEqual(first);
    expect(first.map((value) => value.now)).toEqual([START, START]);
    expect(first.map((value) => value.location)).toEqual(['original', 'original']);
    expect(first[0]?.random).not.toBe(first[1]?.random);
  });

  test('nested blob worker is seeded, http one is unmarked', async () => {
    const read = async (): Promise<{
      blob: { random: number; now: number };
      httpLocation: string;
    }> => {
      const { page, controls } = await openPage('seed-a', 'workers.html');
      await controls.advance(300);
      return askWorker(page, 'worker/nested.js');
    };
    const first = await read();
    const second = await read();
    expect(second.blob).toEqual(first.blob);
    expect(first.blob.now).toBe(START + 300);
    // Chromium does not route the script request of a worker's own worker, so a marker
    // would reach the server: the URL must stay as the app wrote it.
    expect(first.httpLocation).toBe(new URL('worker/where.js', server.url).href);
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
