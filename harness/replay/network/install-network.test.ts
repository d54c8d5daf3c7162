import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { chromium, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { browserLaunchOptions } from '../../browser/resolve-browser.js';
import type { CapturedBody, NetworkExchange } from '../../fixture/recording.js';
import { installDeterminism } from '../determinism/install-determinism.js';
import { installNetwork, type NetworkController, type NetworkOptions } from './install-network.js';

/** A local HTTP server that serves fixed files, counts requests and accepts WebSockets. */
interface TestServer {
  origin: string;
  requests: string[];
  upgrades: string[];
  close(): Promise<void>;
}

async function startTestServer(
  files: Record<string, { type: string; body: string }>,
): Promise<TestServer> {
  const requests: string[] = [];
  const upgrades: string[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((request, response) => {
    requests.push(request.url ?? '');
    const file = files[new URL(request.url ?? '/', 'http://x').pathname];
    response.statusCode = file ? 200 : 404;
    response.setHeader('content-type', file?.type ?? 'text/plain');
    response.setHeader('access-control-allow-origin', '*');
    response.end(file?.body ?? 'not found');
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('upgrade', (request, socket: Socket) => {
    upgrades.push(request.url ?? '');
    const accept = createHash('sha1')
      .update(`${request.headers['sec-websocket-key'] ?? ''}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`)
      .digest('base64');
    socket.write(
      `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`,
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    upgrades,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) {
          socket.destroy();
        }
        server.close(() => resolve());
      }),
  };
}

const RECORDED_ORIGIN = 'http://localhost:3000';

function text(data: string): CapturedBody {
  return { encoding: 'text', data };
}

function exchange(
  id: number,
  method: string,
  url: string,
  body: CapturedBody | undefined,
  options: {
    status?: number;
    headers?: Record<string, string>;
    requestBody?: CapturedBody;
    error?: string;
  } = {},
): NetworkExchange {
  const request: NetworkExchange['request'] = { method, url, headers: {} };
  if (options.requestBody) {
    request.body = options.requestBody;
  }
  const recorded: NetworkExchange = {
    id,
    initiator: 'fetch',
    request,
    startedAt: 1000 + id,
    endedAt: 1001 + id,
    pageUrl: `${RECORDED_ORIGIN}/`,
  };
  if (options.error !== undefined) {
    recorded.error = options.error;
    return recorded;
  }
  const response: NonNullable<NetworkExchange['response']> = {
    status: options.status ?? 200,
    statusText: 'OK',
    headers: options.headers ?? { 'content-type': 'text/plain' },
  };
  if (body) {
    response.body = body;
  }
  recorded.response = response;
  return recorded;
}

let browser: Browser;
let app: TestServer;
let outside: TestServer;
const openContexts: BrowserContext[] = [];

beforeAll(async () => {
  app = await startTestServer({
    '/': { type: 'text/html', body: '<!doctype html><title>app</title><p>app</p>' },
    '/index.html': { type: 'text/html', body: '<!doctype html><title>app</title><p>app</p>' },
    '/data.json': { type: 'application/json', body: '{"source":"app server"}' },
    '/js/app.jsx': { type: 'text/jsx', body: '// app server' },
    '/partials/list': { type: 'text/html', body: '<li>app server</li>' },
    // Fetches the URL it is sent and replies with the status and text, or the error.
    '/fetch-worker.js': {
      type: 'text/javascript',
      body: `self.onmessage = async (event) => {
        try {
          const response = await fetch(event.data);
          postMessage({ status: response.status, body: await response.text() });
        } catch (error) {
          postMessage({ error: String(error) });
        }
      };`,
    },
    // Relays each message to a fetch worker of its own and relays the reply back.
    '/nesting-worker.js': {
      type: 'text/javascript',
      body: `const inner = new Worker('fetch-worker.js');
      inner.onmessage = (event) => postMessage(event.data);
      self.onmessage = (event) => inner.postMessage(event.data);`,
    },
  });
  outside = await startTestServer({ '/probe': { type: 'text/plain', body: 'reached' } });
  browser = await chromium.launch(browserLaunchOptions());
});

afterEach(async () => {
  await Promise.all(openContexts.splice(0).map((context) => context.close()));
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await outside?.close();
});

async function openApp(
  exchanges: NetworkExchange[],
  overrides: Partial<NetworkOptions> = {},
  options: { determinism?: boolean } = {},
): Promise<{ page: Page; network: NetworkController }> {
  const context = await browser.newContext({ serviceWorkers: 'block' });
  openContexts.push(context);
  const network = await installNetwork(context, {
    exchanges,
    recordedOrigin: RECORDED_ORIGIN,
    appOrigin: app.origin,
    volatileQueryParams: ['_', 'cacheBust'],
    passthrough: [],
    ...overrides,
  });
  // A replay installs determinism after the network, so its routes run first.
  if (options.determinism) {
    await installDeterminism(context, { seed: 'network', startTime: Date.UTC(2024, 2, 15) });
  }
  const page = await context.newPage();
  await page.goto(`${app.origin}/index.html`);
  return { page, network };
}

/** Fetches `url` in the page and returns the status and text, or the error message. */
function fetchText(
  page: Page,
  url: string,
  init?: RequestInit,
): Promise<{ status: number; body: string } | { error: string }> {
  return page.evaluate(
    async ([target, options]) => {
      try {
        const response = await fetch(target, options);
        return { status: response.status, body: await response.text() };
      } catch (error) {
        return { error: String(error) };
      }
    },
    [url, init ?? {}] as const,
  );
}

function xhrText(
  page: Page,
  url: string,
): Promise<{ status: number; body: string } | { error: string }> {
  return page.evaluate(
    (target) =>
      new Promise<{ status: number; body: string } | { error: string }>((resolve) => {
        const xhr = new XMLHttpRequest();
        xhr.open('GET', target);
        xhr.onload = () => resolve({ status: xhr.status, body: xhr.responseText });
        xhr.onerror = () => resolve({ error: 'xhr network error' });
        xhr.send();
      }),
    url,
  );
}

describe('recorded responses', () => {
  test('fetch and XHR match despite query order and volatile params', async () => {
    const { page, network } = await openApp([
      exchange(0, 'GET', 'https://api.example.test/items?b=2&a=1', text('["first"]'), {
        headers: {
          'content-type': 'application/json',
          'access-control-allow-origin': RECORDED_ORIGIN,
        },
      }),
      exchange(1, 'GET', 'https://api.example.test/items?b=2&a=1', text('["second"]')),
    ]);

    const viaFetch = await fetchText(
      page,
      'https://api.example.test/items?a=1&_=1710495000000&b=2',
    );
    const viaXhr = await xhrText(page, 'https://api.example.test/items?cacheBust=9&a=1&b=2');

    expect(viaFetch).toEqual({ status: 200, body: '["first"]' });
    expect(viaXhr).toEqual({ status: 200, body: '["second"]' });
    expect(network.counts.recorded).toBe(2);
    expect(network.counts.blocked).toBe(0);
    expect(network.warnings).toEqual([]);
  });

  test('repeated requests follow recorded order and repeat the last', async () => {
    const url = 'https://api.example.test/counter';
    const { page, network } = await openApp([
      exchange(4, 'GET', url, text('two')),
      exchange(2, 'GET', url, text('one')),
    ]);

    const bodies: unknown[] = [];
    for (let i = 0; i < 3; i++) {
      bodies.push(await fetchText(page, url));
    }

    expect(bodies).toEqual([
      { status: 200, body: 'one' },
      { status: 200, body: 'two' },
      { status: 200, body: 'two' },
    ]);
    expect(network.warnings).toHaveLength(1);
    expect(network.warnings[0]).toContain('requested more often than recorded');
    expect(
      network.log.filter((entry) => entry.outcome === 'recorded').map((entry) => entry.exchangeId),
    ).toEqual([2, 4, 4]);
  });

  test('POST body selects the matching recording', async () => {
    const url = 'https://api.example.test/login';
    const { page, network } = await openApp([
      exchange(0, 'POST', url, text('welcome alice'), {
        requestBody: text('{"user":"alice","remember":true}'),
      }),
      exchange(1, 'POST', url, text('welcome bob'), { requestBody: text('{"user":"bob"}') }),
    ]);

    const bob = await fetchText(page, url, { method: 'POST', body: '{"user":"bob"}' });
    const alice = await fetchText(page, url, {
      method: 'POST',
      body: '{"remember":true,"user":"alice"}',
    });

    expect(bob).toEqual({ status: 200, body: 'welcome bob' });
    expect(alice).toEqual({ status: 200, body: 'welcome alice' });
    expect(network.warnings).toEqual([]);
  });

  test('recorded origin maps to the app origin', async () => {
    const { page, network } = await openApp([
      exchange(0, 'GET', `${RECORDED_ORIGIN}/api/todos?filter=all`, text('[{"title":"recorded"}]')),
    ]);

    const result = await fetchText(page, '/api/todos?filter=all');

    expect(result).toEqual({ status: 200, body: '[{"title":"recorded"}]' });
    expect(app.requests).not.toContain('/api/todos?filter=all');
    expect(network.log.at(-1)).toMatchObject({ outcome: 'recorded', exchangeId: 0, status: 200 });
  });

  test('base64 body arrives byte for byte', async () => {
    const bytes = Buffer.from(Array.from({ length: 256 }, (_, index) => index));
    const { page } = await openApp([
      exchange(
        0,
        'GET',
        'https://cdn.example.test/blob.bin',
        { encoding: 'base64', data: bytes.toString('base64') },
        {
          headers: {
            'content-type': 'application/octet-stream',
            'content-encoding': 'gzip',
            'content-length': '3',
          },
        },
      ),
    ]);

    const received = await page.evaluate(async () => {
      const response = await fetch('https://cdn.example.test/blob.bin');
      return Array.from(new Uint8Array(await response.arrayBuffer()));
    });

    expect(received).toEqual(Array.from(bytes));
  });

  test('failed recording answers with a network error', async () => {
    const { page, network } = await openApp([
      exchange(0, 'GET', 'https://api.example.test/down', undefined, {
        error: 'net::ERR_CONNECTION_REFUSED',
      }),
    ]);

    const result = await fetchText(page, 'https://api.example.test/down');

    expect(result).toEqual({ error: 'TypeError: Failed to fetch' });
    expect(network.counts).toMatchObject({ recorded: 1, blocked: 0 });
    expect(network.warnings[0]).toContain('network error');
  });

  test('truncated body is served and warned about', async () => {
    const { page, network } = await openApp([
      exchange(0, 'GET', 'https://api.example.test/big', {
        encoding: 'text',
        data: 'partial',
        truncated: true,
      }),
    ]);

    const result = await fetchText(page, 'https://api.example.test/big');

    expect(result).toEqual({ status: 200, body: 'partial' });
    expect(network.warnings).toHaveLength(1);
    expect(network.warnings[0]).toContain('truncated');
  });

  test('204 response has no body', async () => {
    const { page } = await openApp([
      exchange(0, 'DELETE', 'https://api.example.test/items/1', text('ignored'), { status: 204 }),
    ]);

    const result = await fetchText(page, 'https://api.example.test/items/1', { method: 'DELETE' });

    expect(result).toEqual({ status: 204, body: '' });
  });
});

describe('unrecorded traffic', () => {
  test('other host is blocked before the network', async () => {
    const before = outside.requests.length;
    const { page, network } = await openApp([]);

    const viaFetch = await fetchText(page, `${outside.origin}/probe`);
    const viaXhr = await xhrText(page, `${outside.origin}/probe?xhr`);
    const image = await page.evaluate(
      (src) =>
        new Promise<string>((resolve) => {
          const element = new Image();
          element.onload = () => resolve('loaded');
          element.onerror = () => resolve('error');
          element.src = src;
        }),
      `${outside.origin}/probe?image`,
    );

    expect(viaFetch).toEqual({ error: 'TypeError: Failed to fetch' });
    expect(viaXhr).toEqual({ error: 'xhr network error' });
    expect(image).toBe('error');
    expect(network.counts.blocked).toBe(3);
    expect(outside.requests.length - before).toBe(0);
  });

  test('unrouted context reaches the probe server', async () => {
    // Control for the test above: without installNetwork the same request gets through.
    const before = outside.requests.length;
    const context = await browser.newContext({ serviceWorkers: 'block' });
    openContexts.push(context);
    const page = await context.newPage();
    await page.goto(`${app.origin}/index.html`);

    const result = await fetchText(page, `${outside.origin}/probe`);

    expect(result).toEqual({ status: 200, body: 'reached' });
    expect(outside.requests.length - before).toBe(1);
  });

  test('app page and data.json pass through', async () => {
    const { page, network } = await openApp([]);

    const data = await fetchText(page, '/data.json');

    expect(data).toEqual({ status: 200, body: '{"source":"app server"}' });
    expect(network.log).toEqual([
      { method: 'GET', url: `${app.origin}/index.html`, outcome: 'app' },
      { method: 'GET', url: `${app.origin}/data.json`, outcome: 'app' },
    ]);
    expect(network.counts).toEqual({ recorded: 0, app: 2, blocked: 0 });
  });

  test('data and blob URLs still load', async () => {
    const { page, network } = await openApp([]);

    const fromData = await fetchText(page, 'data:text/plain,inline');
    const fromBlob = await page.evaluate(async () => {
      const url = URL.createObjectURL(new Blob(['from blob']));
      return (await fetch(url)).text();
    });

    expect(fromData).toEqual({ status: 200, body: 'inline' });
    expect(fromBlob).toBe('from blob');
    expect(network.counts.blocked).toBe(0);
  });

  test('passthrough path goes to the app even when recorded', async () => {
    const recorded = [
      exchange(0, 'GET', `${RECORDED_ORIGIN}/data.json`, text('{"source":"recording"}')),
    ];
    const { page } = await openApp(recorded, { passthrough: ['/*.json'] });

    expect(await fetchText(page, '/data.json')).toEqual({
      status: 200,
      body: '{"source":"app server"}',
    });
  });

  test('recorded data.json is served without passthrough', async () => {
    const recorded = [
      exchange(0, 'GET', `${RECORDED_ORIGIN}/data.json`, text('{"source":"recording"}')),
    ];
    const { page } = await openApp(recorded);

    expect(await fetchText(page, '/data.json')).toEqual({
      status: 200,
      body: '{"source":"recording"}',
    });
  });

  test('recorded app code goes to the app server', async () => {
    const recorded = [
      exchange(0, 'GET', `${RECORDED_ORIGIN}/js/app.jsx`, text('// recording'), {
        headers: { 'content-type': 'text/jsx' },
      }),
    ];
    const { page, network } = await openApp(recorded);

    const result = await xhrText(page, '/js/app.jsx');

    expect(result).toEqual({ status: 200, body: '// app server' });
    expect(network.log.at(-1)).toMatchObject({ url: `${app.origin}/js/app.jsx`, outcome: 'app' });
    expect(network.counts.recorded).toBe(0);
  });

  test('recorded HTML content type goes to the app server', async () => {
    const recorded = [
      exchange(0, 'GET', `${RECORDED_ORIGIN}/partials/list`, text('<li>recording</li>'), {
        headers: { 'Content-Type': 'text/html; charset=utf-8' },
      }),
    ];
    const { page, network } = await openApp(recorded);

    const result = await fetchText(page, '/partials/list');

    expect(result).toEqual({ status: 200, body: '<li>app server</li>' });
    expect(network.counts.recorded).toBe(0);
  });

  test('recorded app code is served when passAppCode is off', async () => {
    const recorded = [exchange(0, 'GET', `${RECORDED_ORIGIN}/js/app.jsx`, text('// recording'))];
    const { page, network } = await openApp(recorded, { passAppCode: false });

    const result = await xhrText(page, '/js/app.jsx');

    expect(result).toEqual({ status: 200, body: '// recording' });
    expect(network.counts.recorded).toBe(1);
  });

  test('recorded code on another host is served', async () => {
    const recorded = [
      exchange(0, 'GET', 'https://cdn.example.test/lib.js', text('// recorded library'), {
        headers: { 'content-type': 'text/javascript' },
      }),
    ];
    const { page, network } = await openApp(recorded);

    const result = await fetchText(page, 'https://cdn.example.test/lib.js');

    expect(result).toEqual({ status: 200, body: '// recorded library' });
    expect(network.counts).toMatchObject({ recorded: 1, blocked: 0 });
  });

  test('waitForIdle times out naming the pending request', async () => {
    const context = await browser.newContext({ serviceWorkers: 'block' });
    openContexts.push(context);
    // Registered first so it runs last: holds app requests for /hold until released.
    let release: () => void = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    await context.route('**/hold', async (route) => {
      await released;
      await route.fulfill({ body: 'released' });
    });
    const network = await installNetwork(context, {
      exchanges: [],
      recordedOrigin: RECORDED_ORIGIN,
      appOrigin: app.origin,
      volatileQueryParams: [],
      passthrough: [],
    });
    const page = await context.newPage();
    await page.goto(`${app.origin}/index.html`);
    const pending = fetchText(page, '/hold');
    await expect.poll(() => network.inFlight()).toBe(1);

    await expect(network.waitForIdle(200)).rejects.toThrow(`${app.origin}/hold`);
    release();
    await network.waitForIdle(10_000);
    expect(await pending).toEqual({ status: 200, body: 'released' });
    expect(network.inFlight()).toBe(0);
  });
});

/** Sends `url` to a new worker of `script`, which fetches it, and returns the worker's reply. */
function fetchInWorker(
  page: Page,
  script: string,
  url: string,
): Promise<{ status: number; body: string } | { error: string }> {
  return page.evaluate(
    ([workerScript, target]) =>
      new Promise<{ status: number; body: string } | { error: string }>((resolve) => {
        const worker = new Worker(workerScript);
        worker.onmessage = (event) => resolve(event.data);
        worker.onerror = (event) => resolve({ error: `worker failed: ${event.message}` });
        worker.postMessage(target);
      }),
    [script, url] as const,
  );
}

// Chromium 156 with Playwright 1.65 sends the fetches of dedicated workers, nested ones
// included, through the context's routes. The worker determinism route fulfills the worker's
// bootstrap, so it is installed here too, in the order of a replay.
describe('dedicated workers', () => {
  test('worker fetch is served from the recording', async () => {
    const { page, network } = await openApp(
      [
        exchange(0, 'GET', 'https://api.example.test/worker-data', text('{"source":"recording"}'), {
          headers: {
            'content-type': 'application/json',
            'access-control-allow-origin': RECORDED_ORIGIN,
          },
        }),
        exchange(1, 'GET', 'https://api.example.test/nested-data', text('{"source":"nested"}'), {
          headers: {
            'content-type': 'application/json',
            'access-control-allow-origin': RECORDED_ORIGIN,
          },
        }),
      ],
      {},
      { determinism: true },
    );
    const appRequestsBefore = app.requests.length;

    const direct = await fetchInWorker(
      page,
      'fetch-worker.js',
      'https://api.example.test/worker-data',
    );
    const nested = await fetchInWorker(
      page,
      'nesting-worker.js',
      'https://api.example.test/nested-data',
    );

    expect(direct).toEqual({ status: 200, body: '{"source":"recording"}' });
    expect(nested).toEqual({ status: 200, body: '{"source":"nested"}' });
    expect(network.counts.recorded).toBe(2);
    expect(network.counts.blocked).toBe(0);
    // The app server sent the worker scripts, and never saw the bootstrap URL.
    const appRequests = app.requests.slice(appRequestsBefore);
    expect(appRequests).toContain('/fetch-worker.js');
    expect(appRequests).toContain('/nesting-worker.js');
    expect(appRequests.filter((url) => url.includes('__replaygate'))).toEqual([]);
    expect(network.log.filter((entry) => entry.url.includes('__replaygate'))).toEqual([]);
  });

  test('worker fetch to another host is blocked', async () => {
    const before = outside.requests.length;
    const { page, network } = await openApp([], {}, { determinism: true });

    const direct = await fetchInWorker(page, 'fetch-worker.js', `${outside.origin}/probe`);
    const nested = await fetchInWorker(page, 'nesting-worker.js', `${outside.origin}/probe?nested`);

    expect(direct).toEqual({ error: 'TypeError: Failed to fetch' });
    expect(nested).toEqual({ error: 'TypeError: Failed to fetch' });
    expect(network.counts.blocked).toBe(2);
    expect(network.log).toContainEqual(
      expect.objectContaining({ url: `${outside.origin}/probe`, outcome: 'blocked' }),
    );
    expect(outside.requests.length - before).toBe(0);
  });
});

describe('WebSockets', () => {
  function openSocket(page: Page, url: string): Promise<string[]> {
    return page.evaluate(
      (target) =>
        new Promise<string[]>((resolve) => {
          const events: string[] = [];
          const socket = new WebSocket(target);
          socket.onopen = () => {
            events.push('open');
            resolve(events);
          };
          socket.onclose = (event) => {
            events.push(`close ${event.code}`);
            resolve(events);
          };
        }),
      url,
    );
  }

  test('socket to another host closes without opening', async () => {
    const before = outside.upgrades.length;
    const { page, network } = await openApp([]);

    const events = await openSocket(page, `${outside.origin.replace('http', 'ws')}/socket`);

    expect(events).toEqual(['close 1006']);
    expect(outside.upgrades.length - before).toBe(0);
    expect(network.counts.blocked).toBe(1);
    expect(network.log.at(-1)).toMatchObject({ method: 'WEBSOCKET', outcome: 'blocked' });
  });

  test('socket to the app origin connects to the app server', async () => {
    const before = app.upgrades.length;
    const { page, network } = await openApp([]);

    const events = await openSocket(page, `${app.origin.replace('http', 'ws')}/live`);

    expect(events).toEqual(['open']);
    expect(app.upgrades.length - before).toBe(1);
    expect(network.log.at(-1)).toMatchObject({ method: 'WEBSOCKET', outcome: 'app' });
  });
});
