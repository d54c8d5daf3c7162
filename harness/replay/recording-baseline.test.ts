import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from '@playwright/test';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { browserLaunchOptions } from '../browser/resolve-browser.js';
import { h, RrwebStream } from '../compile/testing/rrweb-stream.js';
import { MouseInteractions } from '@rrweb/types';
import type { Recording } from '../fixture/recording.js';
import { openRecordingRenderer, type RecordingRenderer } from './recording-baseline.js';

/** Real milliseconds the server delays the background image, so it is still loading at first. */
const IMAGE_DELAY_MS = 1_500;
/** Real milliseconds the server delays the style sheet that sets the background. */
const STYLESHEET_DELAY_MS = 300;
/**
 * Elements the style sheet restyles. Computing their styles takes the browser a while after
 * the sheet arrives, and only then does it request the background image, so the image request
 * starts after every other request has finished.
 */
const FILLER_ELEMENTS = 5_000;
const STYLESHEET = [
  'i { display: block; height: 0; overflow: hidden; }',
  '.tile { position: absolute; left: 0; top: 0; width: 100px; height: 100px;',
  '  background-image: url("/slow.png"); }',
].join('\n');
const VIEWPORT = { width: 320, height: 240 };

/** Encodes a 4x4 opaque red PNG. */
function redPng(): Buffer {
  const png = new PNG({ width: 4, height: 4 });
  for (let offset = 0; offset < png.data.length; offset += 4) {
    png.data.set([255, 0, 0, 255], offset);
  }
  return PNG.sync.write(png);
}

function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

let server: Server;
let origin: string;
let browser: Browser;

beforeAll(async () => {
  const image = redPng();
  server = createServer((request, response) => {
    if (request.url === '/slow.css') {
      setTimeout(() => {
        response.writeHead(200, { 'content-type': 'text/css' });
        response.end(STYLESHEET);
      }, STYLESHEET_DELAY_MS);
      return;
    }
    if (request.url === '/slow.png') {
      setTimeout(() => {
        response.writeHead(200, { 'content-type': 'image/png' });
        response.end(image);
      }, IMAGE_DELAY_MS);
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

/** Opens a renderer of `recording` with the test server as both recorded and app origin. */
function openRenderer(recording: Recording): Promise<RecordingRenderer> {
  return openRecordingRenderer(browser, {
    recording,
    appOrigin: origin,
    recordedOrigin: origin,
    viewport: VIEWPORT,
    deviceScaleFactor: 1,
    locale: 'en-US',
    timeZone: 'UTC',
  });
}

test('render waits for a CSS background image and lists its assets', async () => {
  const stream = new RrwebStream();
  stream.page(
    `${origin}/`,
    h('link', { rel: 'stylesheet', href: `${origin}/slow.css` }),
    h('div', {}, ...Array.from({ length: FILLER_ELEMENTS }, () => h('i', {}, 'x'))),
    h('div', { class: 'tile' }),
  );
  const renderer = await openRenderer(stream.recording('background'));
  try {
    const { checkpoint, assets } = await renderer.render(0, { masks: [], ignoreAttributes: [] });

    const image = PNG.sync.read(checkpoint.png);
    // The style sheet places the tile at the top left corner of the page.
    const offset = (50 * image.width + 50) * 4;
    expect([...image.data.subarray(offset, offset + 4)]).toEqual([255, 0, 0, 255]);
    expect(assets?.map((asset) => asset.path)).toEqual(['/slow.css', '/slow.png']);
    expect(assets?.[0]?.sha256).toBe(sha256(STYLESHEET));
    expect(assets?.[0]?.contentType).toBe('text/css');
    expect(assets?.[1]?.sha256).toBe(sha256(redPng()));
    expect(assets?.[1]?.status).toBe(200);
  } finally {
    await renderer.close();
  }
});

test('render draws the focus ring after keyboard focus only', async () => {
  // A button draws its focus ring when the keyboard focused it, as the live replay's Tab does,
  // and not when a click did.
  async function renderFocused(modality: 'keyboard' | 'mouse'): Promise<Buffer> {
    const stream = new RrwebStream();
    const refs = stream.page(
      `${origin}/`,
      h('input', { ref: 'field', type: 'text' }),
      h('button', { ref: 'button', style: 'margin: 20px' }, 'Save'),
    );
    stream.wait(100);
    if (modality === 'keyboard') {
      stream.key(refs.field!, 'Tab').wait(2);
    } else {
      stream.mouse(refs.button!, MouseInteractions.MouseDown).wait(2);
    }
    stream.mouse(refs.button!, MouseInteractions.Focus).wait(300);
    const recording = stream.recording(modality);
    const renderer = await openRenderer(recording);
    try {
      const { checkpoint } = await renderer.render(350, { masks: [], ignoreAttributes: [] });
      return checkpoint.png;
    } finally {
      await renderer.close();
    }
  }

  const keyboard = PNG.sync.read(await renderFocused('keyboard'));
  const mouse = PNG.sync.read(await renderFocused('mouse'));
  expect(keyboard.data.equals(mouse.data)).toBe(false);
});

test('render before a page load keeps earlier changes', async () => {
  const stream = new RrwebStream();
  const refs = stream.page(`${origin}/`, h('p', { ref: 'status' }, 'Saving'));
  stream.wait(500).setText(refs.status! + 1, 'Saved');
  stream.wait(1_000).page(`${origin}/next`, h('p', {}, 'Next page'));
  const recording = stream.recording('reload');
  const start = recording.events[0]!.timestamp;
  // The second Meta event starts the next page.
  const loadAt = recording.events.filter((event) => event.type === 4)[1]!.timestamp;
  const renderer = await openRenderer(recording);
  try {
    await renderer.render(100, { masks: [], ignoreAttributes: [] });
    const { checkpoint } = await renderer.render(loadAt - start - 1, {
      masks: [],
      ignoreAttributes: [],
    });
    expect(JSON.stringify(checkpoint.dom)).toContain('Saved');
  } finally {
    await renderer.close();
  }
});

test('render resolves a relative form action against the recorded page', async () => {
  const stream = new RrwebStream();
  stream.page(
    `${origin}/shop/`,
    h('form', { action: 'done.html' }, h('input', { name: 'item' }), h('button', {}, 'Add')),
  );
  const renderer = await openRenderer(stream.recording('form'));
  try {
    const { checkpoint } = await renderer.render(100, { masks: [], ignoreAttributes: [] });
    expect(JSON.stringify(checkpoint.dom)).toContain(`"action":"${origin}/shop/done.html"`);
  } finally {
    await renderer.close();
  }
});
