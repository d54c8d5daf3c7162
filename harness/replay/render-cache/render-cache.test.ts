import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AssetFingerprint } from '../player-assets.js';
import type { CacheEntry } from './cache-entry.js';
import { variantFileName } from './cache-entry.js';
import { pruneRenderCache } from './prune-cache.js';
import { keyFolder, MAX_VARIANTS_PER_KEY, openRenderCache } from './render-cache.js';
import { hashEvents, renderKey, type RenderKeyInput } from './render-key.js';

/** Files the test server serves, changed by the tests. */
const files = new Map<string, { type: string; body: string }>();

let server: Server;
let origin: string;
let dir: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    const file = files.get(request.url ?? '');
    if (file === undefined) {
      response.writeHead(404, { 'content-type': 'text/plain' });
      response.end('not found');
      return;
    }
    response.writeHead(200, { 'content-type': file.type });
    response.end(file.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'replaygate-render-cache-'));
  files.clear();
  files.set('/app.css', { type: 'text/css', body: 'body { color: #111; }' });
  files.set('/logo.svg', {
    type: 'image/svg+xml',
    body: '<svg xmlns="http://www.w3.org/2000/svg"/>',
  });
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Fingerprints of the test server's files as they are now, as a render would record them. */
function currentAssets(): AssetFingerprint[] {
  return [...files.entries()]
    .map(([path, file]) => ({
      path,
      accept: '*/*',
      status: 200,
      contentType: file.type,
      sha256: sha256(file.body),
    }))
    .sort((a, b) => a.path.localeCompare(b.path));
}

function keyInput(): RenderKeyInput {
  return {
    eventsSha256: hashEvents([]),
    browser: {
      name: 'chromium',
      version: '131.0.6778.85',
      executablePath: '/usr/bin/chromium',
      executableStamp: '1:1',
      args: [],
    },
    fonts: 'f'.repeat(64),
    recordedOrigin: 'http://127.0.0.1:5173',
    viewport: { width: 800, height: 600 },
    deviceScaleFactor: 1,
    locale: 'en-US',
    timeZone: 'UTC',
    capture: { masks: [], ignoreAttributes: [], settleMs: 500 },
    recordedAt: 0,
    replaygateVersion: '0.1.0',
    renderer: 'c'.repeat(64),
  };
}

function entryFor(key: string, assets = currentAssets()): CacheEntry {
  return {
    key,
    assets,
    png: Buffer.from('not really a PNG, but bytes all the same'),
    dom: {
      url: 'about:blank',
      title: 'Todos',
      root: {
        tag: 'html',
        attributes: {},
        children: [{ tag: 'body', attributes: {}, text: 'hi', children: [] }],
      },
    },
    url: 'http://127.0.0.1:5173/',
  };
}

function openCache(fetchAsset?: typeof fetch) {
  const cache = openRenderCache({ dir, appOrigin: origin, ...(fetchAsset ? { fetchAsset } : {}) });
  if (cache === undefined) {
    throw new Error(`No render cache for ${origin}.`);
  }
  return cache;
}

async function storedEntryPath(key: string): Promise<string> {
  const folder = keyFolder(dir, key);
  const names = await readdir(folder);
  expect(names).toHaveLength(1);
  return join(folder, names[0] ?? '');
}

describe('render cache lookup', () => {
  it('returns a stored render while the assets are unchanged', async () => {
    const key = renderKey(keyInput());
    const entry = entryFor(key);
    await openCache().store(entry);

    const found = await openCache().lookup(key);

    expect(found?.png.equals(entry.png)).toBe(true);
    expect(found?.dom).toEqual(entry.dom);
    expect(found?.url).toBe(entry.url);
  });

  it('misses when an asset body changed', async () => {
    const key = renderKey(keyInput());
    await openCache().store(entryFor(key));
    files.set('/app.css', { type: 'text/css', body: 'body { color: #222; }' });

    expect(await openCache().lookup(key)).toBeUndefined();
  });

  it('misses when an asset content type changed', async () => {
    const key = renderKey(keyInput());
    await openCache().store(entryFor(key));
    files.set('/app.css', { type: 'text/plain', body: 'body { color: #111; }' });

    expect(await openCache().lookup(key)).toBeUndefined();
  });

  it('misses when an asset is gone', async () => {
    const key = renderKey(keyInput());
    await openCache().store(entryFor(key));
    files.delete('/logo.svg');

    expect(await openCache().lookup(key)).toBeUndefined();
  });

  it('misses for a changed fixture', async () => {
    await openCache().store(entryFor(renderKey(keyInput())));
    const events = [{ type: 4, data: { href: 'http://x/' }, timestamp: 1 }];
    const changed = { ...keyInput(), eventsSha256: hashEvents(events as never) };

    expect(await openCache().lookup(renderKey(changed))).toBeUndefined();
  });

  it('misses for a changed browser version', async () => {
    await openCache().store(entryFor(renderKey(keyInput())));
    const changed = keyInput();
    changed.browser.version = '132.0.6834.57';

    expect(await openCache().lookup(renderKey(changed))).toBeUndefined();
  });

  it.each<[string, (text: string) => string]>([
    ['truncated', (text) => text.slice(0, text.length / 2)],
    ['empty', () => ''],
    ['not JSON', () => '\u0000\u0001garbage'],
    [
      'PNG altered',
      (text) =>
        text.replace(
          /"png":"(.)/,
          (_match, first: string) => `"png":"${first === 'A' ? 'B' : 'A'}`,
        ),
    ],
    ['layout version changed', (text) => text.replace('"version":1', '"version":2')],
    ['extra field', (text) => text.replace('{', '{"surprise":true,')],
    ['DOM node malformed', (text) => text.replace('"tag":"body"', '"tag":7')],
  ])('misses for an entry %s', async (_name, damage) => {
    const key = renderKey(keyInput());
    await openCache().store(entryFor(key));
    const path = await storedEntryPath(key);
    await writeFile(path, damage(await readFile(path, 'utf8')));

    await expect(openCache().lookup(key)).resolves.toBeUndefined();
  });

  it('misses for an entry stored under another key', async () => {
    const key = renderKey(keyInput());
    const other = renderKey({ ...keyInput(), recordedAt: 99 });
    await openCache().store(entryFor(other));
    const source = await storedEntryPath(other);
    const target = join(keyFolder(dir, key), variantFileName(currentAssets()));
    await openCache().store(entryFor(key));
    await writeFile(target, await readFile(source));

    expect(await openCache().lookup(key)).toBeUndefined();
  });

  it('fetches nothing outside the app origin', async () => {
    const key = renderKey(keyInput());
    const escaping: AssetFingerprint = {
      path: '//example.com/app.css',
      accept: '*/*',
      status: 200,
      contentType: 'text/css',
      sha256: sha256('x'),
    };
    await openCache().store(entryFor(key, [escaping]));
    const fetched: string[] = [];
    const recordingFetch: typeof fetch = (input, init) => {
      fetched.push(String(input));
      return fetch(input, init);
    };

    expect(await openCache(recordingFetch).lookup(key)).toBeUndefined();
    expect(fetched).toEqual([]);
  });

  it('keeps one variant per build and returns the matching one', async () => {
    const key = renderKey(keyInput());
    const first = entryFor(key);
    await openCache().store(first);
    files.set('/app.css', { type: 'text/css', body: 'body { color: #333; }' });
    const second = { ...entryFor(key), png: Buffer.from('second build') };
    await openCache().store(second);

    expect((await openCache().lookup(key))?.png.toString()).toBe('second build');
    files.set('/app.css', { type: 'text/css', body: 'body { color: #111; }' });
    expect((await openCache().lookup(key))?.png.equals(first.png)).toBe(true);
  });

  it('drops the oldest variants beyond the limit', async () => {
    const key = renderKey(keyInput());
    for (let build = 0; build <= MAX_VARIANTS_PER_KEY; build += 1) {
      files.set('/app.css', { type: 'text/css', body: `body { order: ${build}; }` });
      await openCache().store(entryFor(key));
      // Modification times order the variants; spread them so equal clocks cannot tie.
      const path = join(keyFolder(dir, key), variantFileName(currentAssets()));
      const time = new Date(Date.UTC(2026, 0, 1 + build));
      await utimes(path, time, time);
    }

    files.set('/app.css', { type: 'text/css', body: 'body { order: 0; }' });
    await openCache().store(entryFor(key));
    const names = await readdir(keyFolder(dir, key));

    expect(names).toHaveLength(MAX_VARIANTS_PER_KEY);
    expect(await openCache().lookup(key)).toBeDefined();
  });
});

describe('openRenderCache', () => {
  it('says once per process why the cache is off', async () => {
    // A fresh copy of the module, so notes printed by other tests do not count.
    vi.resetModules();
    const fresh = await import('./render-cache.js');
    const write = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      fresh.openRenderCache({ dir, appOrigin: 'http://localhost:4173' });
      fresh.openRenderCache({ dir, appOrigin: 'http://localhost:4174' });
      const notes = write.mock.calls.filter(([text]) =>
        String(text).includes('render cache is off'),
      );
      expect(notes).toHaveLength(1);
      expect(String(notes[0]?.[0])).toContain('http://localhost:4173');
    } finally {
      write.mockRestore();
    }
  });

  it.each(['http://localhost:4173', 'https://127.0.0.1:4173', 'http://10.0.0.8:4173'])(
    'is off for the app origin %s',
    (appOrigin) => {
      expect(openRenderCache({ dir, appOrigin })).toBeUndefined();
    },
  );
});

describe('pruneRenderCache', () => {
  it('removes least recently used entries down to the limit', async () => {
    const keys = [0, 1, 2].map((recordedAt) => renderKey({ ...keyInput(), recordedAt }));
    for (const [index, key] of keys.entries()) {
      await openCache().store(entryFor(key));
      const time = new Date(Date.UTC(2026, 0, 1 + index));
      await utimes(await storedEntryPath(key), time, time);
    }
    const size = (await readFile(await storedEntryPath(keys[0] ?? ''))).length;
    const unrelated = join(dir, 'notes.json');
    await writeFile(unrelated, 'kept');

    const result = await pruneRenderCache(dir, size * 2);

    expect(result.removedFiles).toBe(1);
    expect(await openCache().lookup(keys[0] ?? '')).toBeUndefined();
    expect(await openCache().lookup(keys[1] ?? '')).toBeDefined();
    expect(await openCache().lookup(keys[2] ?? '')).toBeDefined();
    expect(await readFile(unrelated, 'utf8')).toBe('kept');
  });

  it('treats a missing folder as empty', async () => {
    const result = await pruneRenderCache(join(dir, 'absent'));
    expect(result).toEqual({ removedFiles: 0, removedBytes: 0, keptBytes: 0 });
  });
});
