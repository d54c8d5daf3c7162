import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from '@playwright/test';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { browserLaunchOptions } from '../browser/resolve-browser.js';
import type { CheckpointSpec } from '../compile/plan.js';
import { h, RrwebStream } from '../compile/testing/rrweb-stream.js';
import type { Recording } from '../fixture/recording.js';
import type { SessionSettings } from '../runner/run-plan.js';
import { createBaselineSource, type ExpectedCheckpoint } from './baseline-source.js';

const VIEWPORT = { width: 320, height: 240 };
const RED_TILE = '.tile { width: 100px; height: 100px; background: #f00; }';
const BLUE_TILE = '.tile { width: 100px; height: 100px; background: #00f; }';

let stylesheet = RED_TILE;
let server: Server;
let origin: string;
let browser: Browser;
let folder: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    if (request.url === '/app.css') {
      response.writeHead(200, { 'content-type': 'text/css' });
      response.end(stylesheet);
      return;
    }
    response.writeHead(404, { 'content-type': 'text/plain' });
    response.end('not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch(browserLaunchOptions());
});

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
});

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'replaygate-baseline-source-'));
  stylesheet = RED_TILE;
});

afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

function recordingWithTile(text = 'second'): Recording {
  const stream = new RrwebStream();
  const refs = stream.page(
    `${origin}/`,
    h('link', { rel: 'stylesheet', href: `${origin}/app.css` }),
    h('div', { class: 'tile' }),
  );
  stream.wait(1_000).add(refs.body ?? 0, h('p', {}, text));
  return stream.recording('tile');
}

const specs: CheckpointSpec[] = [0, 1_000].map((recordedAt, index) => ({
  id: `p0-0${index}`,
  label: `checkpoint ${index}`,
  recordedAt,
  pageIndex: 0,
  afterStep: index - 1,
  reason: 'action',
}));

function settings(renderCache: string | false): SessionSettings {
  return {
    thresholds: { maxDiffPixelRatio: 0, pixelThreshold: 0.02, minDomSimilarity: 1 },
    masks: [],
    ignoreAttributes: [],
    network: { passthrough: [], volatileQueryParams: [] },
    settleMs: 500,
    stepTimeoutMs: 5_000,
    baselineDir: join(folder, 'baselines'),
    updateBaselines: false,
    renderCache,
  };
}

/** Opens a baseline side, prefetches both checkpoints as a replay does, and reads them. */
async function expectedSides(
  recording: Recording,
  renderCache: string | false,
): Promise<{ sides: ExpectedCheckpoint[]; contextsWhileOpen: number }> {
  const side = await createBaselineSource({
    browser,
    recording,
    sessionName: 'tile',
    settings: settings(renderCache),
    appOrigin: origin,
    recordedOrigin: origin,
    contextOptions: { viewport: VIEWPORT },
  });
  try {
    side.prefetch(specs);
    const sides: ExpectedCheckpoint[] = [];
    for (const spec of specs) {
      const expected = await side.expected(spec);
      if (expected === undefined) {
        throw new Error(`No expected side for ${spec.id}.`);
      }
      sides.push(expected);
    }
    return { sides, contextsWhileOpen: browser.contexts().length };
  } finally {
    await side.close();
  }
}

describe('recording baseline with the render cache', () => {
  it('renders on the first run and reads the cache on the second', async () => {
    const recording = recordingWithTile();
    const cache = join(folder, 'cache');

    const first = await expectedSides(recording, cache);
    const second = await expectedSides(recording, cache);

    expect(first.sides.map((side) => side.renderCache)).toEqual(['miss', 'miss']);
    expect(first.contextsWhileOpen).toBe(1);
    expect(second.sides.map((side) => side.renderCache)).toEqual(['hit', 'hit']);
    // A hit never opens the renderer's browser context.
    expect(second.contextsWhileOpen).toBe(0);
    for (const [index, side] of second.sides.entries()) {
      expect(side.png.equals(first.sides[index]?.png ?? Buffer.alloc(0))).toBe(true);
      expect(side.dom).toEqual(first.sides[index]?.dom);
      expect(side.url).toBe(first.sides[index]?.url);
      expect(side.urlKnown).toBe(false);
    }
  });

  it('renders again after the stylesheet changed', async () => {
    const recording = recordingWithTile();
    const cache = join(folder, 'cache');
    const red = await expectedSides(recording, cache);

    stylesheet = BLUE_TILE;
    const blue = await expectedSides(recording, cache);

    expect(blue.sides.map((side) => side.renderCache)).toEqual(['miss', 'miss']);
    expect(blue.sides[0]?.png.equals(red.sides[0]?.png ?? Buffer.alloc(0))).toBe(false);
  });

  it('misses for a changed recording', async () => {
    const cache = join(folder, 'cache');
    await expectedSides(recordingWithTile(), cache);
    const again = await expectedSides(recordingWithTile('changed'), cache);

    expect(again.sides.map((side) => side.renderCache)).toEqual(['miss', 'miss']);
  });

  it('marks nothing when the cache is off', async () => {
    const { sides } = await expectedSides(recordingWithTile(), false);

    expect(sides.map((side) => side.renderCache)).toEqual([undefined, undefined]);
  });
});
