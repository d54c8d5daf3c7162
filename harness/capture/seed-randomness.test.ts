import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { browserLaunchOptions } from '../browser/resolve-browser.js';
import type { Recording } from '../fixture/recording.js';
import { installDeterminism } from '../replay/determinism/install-determinism.js';
import { startStaticServer, type StaticServer } from '../serve/static-server.js';
import { recordSession } from './record-session.js';

const SEED = 'seeded-ids';

// Two call sites per API, rendered as JSON so the values end up in the recorded DOM.
const PAGE = `<!doctype html>
<p id="out"></p>
<script>
  function firstDraw() {
    return { random: Math.random(), uuid: crypto.randomUUID() };
  }
  function secondDraw() {
    return { random: Math.random(), uuid: crypto.randomUUID() };
  }
  document.getElementById('out').textContent = JSON.stringify([firstDraw(), secondDraw()]);
</script>`;

// A classic worker, a module worker and a blob worker, each drawing once when asked.
const DRAW_IN_WORKER =
  'onmessage = () => postMessage({ random: Math.random(), uuid: crypto.randomUUID() });';
const WORKERS_PAGE = `<!doctype html>
<p id="out"></p>
<script>
  function ask(worker) {
    return new Promise((resolve) => {
      worker.onmessage = (event) => resolve(event.data);
      worker.postMessage('draw');
    });
  }
  const blob = new Blob([${JSON.stringify(DRAW_IN_WORKER)}], { type: 'text/javascript' });
  Promise.all([
    ask(new Worker('draw.js')),
    ask(new Worker('draw-module.js', { type: 'module' })),
    ask(new Worker(URL.createObjectURL(blob))),
  ]).then((draws) => {
    document.getElementById('out').textContent = JSON.stringify(draws);
  });
</script>`;

interface Draw {
  random: number;
  uuid: string;
}

interface SerializedNode {
  textContent?: string;
  childNodes?: SerializedNode[];
}

let server: StaticServer;
let siteDir: string;

beforeAll(async () => {
  siteDir = mkdtempSync(join(tmpdir(), 'replaygate-seeded-recording-'));
  writeFileSync(join(siteDir, 'index.html'), PAGE);
  writeFileSync(join(siteDir, 'workers.html'), WORKERS_PAGE);
  writeFileSync(join(siteDir, 'draw.js'), DRAW_IN_WORKER);
  writeFileSync(join(siteDir, 'draw-module.js'), DRAW_IN_WORKER);
  server = await startStaticServer(siteDir);
});

afterAll(async () => {
  await server?.close();
  rmSync(siteDir, { recursive: true, force: true });
});

async function record(seedRandomness?: boolean, path = ''): Promise<Recording> {
  return recordSession({
    url: `${server.url}${path}`,
    name: 'seeded-ids',
    seed: SEED,
    ...(seedRandomness === undefined ? {} : { seedRandomness }),
    flow: async (page, baseURL) => {
      await page.goto(baseURL);
      await page.locator('#out').filter({ hasText: 'uuid' }).waitFor();
    },
  });
}

/** Collects the text nodes of full snapshots and added nodes, in event order. */
function recordedTexts(recording: Recording): string[] {
  const texts: string[] = [];
  const visit = (node: SerializedNode): void => {
    if (node.textContent) {
      texts.push(node.textContent);
    }
    node.childNodes?.forEach(visit);
  };
  for (const event of recording.events) {
    if (event.type === 2) {
      visit(event.data.node as SerializedNode);
    } else if (event.type === 3 && event.data.source === 0) {
      event.data.adds.forEach((added) => visit(added.node as SerializedNode));
      event.data.texts.forEach((text) => texts.push(text.value ?? ''));
    }
  }
  return texts;
}

function recordedDraws(recording: Recording): Draw[] {
  const text = recordedTexts(recording).find((candidate) => candidate.startsWith('[{"random"'));
  expect(text, 'the recording contains no rendered values').toBeDefined();
  return JSON.parse(text!) as Draw[];
}

/** Opens the page in a fresh context set up the way the replay sets it up. */
async function replayDraws(seed: string, startTime: number, path = ''): Promise<Draw[]> {
  const browser = await chromium.launch(browserLaunchOptions());
  try {
    const context = await browser.newContext({ serviceWorkers: 'block' });
    await context.route('**/*', (route) =>
      new URL(route.request().url()).hostname === '127.0.0.1' ? route.fallback() : route.abort(),
    );
    await installDeterminism(context, { seed, startTime });
    const page = await context.newPage();
    await page.goto(`${server.url}${path}`);
    const out = page.locator('#out').filter({ hasText: 'uuid' });
    return JSON.parse(await out.innerText()) as Draw[];
  } finally {
    await browser.close();
  }
}

describe('recordSession seeded randomness', () => {
  test('flow records the values a replay draws', async () => {
    const recording = await record();
    const recorded = recordedDraws(recording);
    const replayed = await replayDraws(recording.meta.seed, recording.meta.startedAt);
    expect(recording.meta.seed).toBe(SEED);
    expect(recorded).toHaveLength(2);
    expect(recorded).toEqual(replayed);
  });

  test('workers record the replayed values', async () => {
    const recording = await record(undefined, 'workers.html');
    const recorded = recordedDraws(recording);
    const replayed = await replayDraws(
      recording.meta.seed,
      recording.meta.startedAt,
      'workers.html',
    );
    expect(recorded).toHaveLength(3);
    expect(recorded).toEqual(replayed);
    // The bootstrap reads the blob worker's script with an XHR, which is no network exchange.
    const urls = recording.network.map((exchange) => exchange.request.url);
    expect(urls.filter((url) => url.startsWith('blob:'))).toEqual([]);
  });

  test('call sites draw different values', async () => {
    const [first, second] = recordedDraws(await record(true));
    expect(first?.random).not.toBe(second?.random);
    expect(first?.uuid).not.toBe(second?.uuid);
    expect(first?.uuid).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });

  test('seedRandomness false keeps real randomness', async () => {
    const recording = await record(false);
    const recorded = recordedDraws(recording);
    const replayed = await replayDraws(recording.meta.seed, recording.meta.startedAt);
    expect(recorded[0]?.random).not.toBe(replayed[0]?.random);
    expect(recorded[0]?.uuid).not.toBe(replayed[0]?.uuid);
  });
});
