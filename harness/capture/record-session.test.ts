import { fileURLToPath } from 'node:url';
import type { eventWithTime } from '@rrweb/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KeyEventPayload, NetworkExchange, Recording } from '../fixture/recording.js';
import { CUSTOM_EVENT_TAGS } from '../fixture/recording.js';
import { startStaticServer, type StaticServer } from '../serve/static-server.js';
import { UsageError } from '../shared/errors.js';
import { CAPTURE_BINDING_NAME } from './page-scripts.js';
import { recordSession } from './record-session.js';

const todomvcRoot = fileURLToPath(new URL('../../node_modules/todomvc', import.meta.url));
const binaryBytes = [0x00, 0x01, 0x02, 0xff, 0xfe];
const largeBody = 'x'.repeat(1024 * 1024 + 4096);

interface SerializedNode {
  id: number;
  tagName?: string;
  attributes?: Record<string, unknown>;
  childNodes?: SerializedNode[];
}

let server: StaticServer;
let recording: Recording;
let bytesSeenByApp: unknown;
let echoSeenByApp: unknown;
const pageErrors: string[] = [];
const warnings: string[] = [];

beforeAll(async () => {
  server = await startStaticServer(todomvcRoot);
  recording = await recordSession({
    url: `${server.url}examples/vanillajs/`,
    name: 'vanillajs-capture',
    seed: 'f00d',
    viewport: { width: 1024, height: 700 },
    locale: 'de-DE',
    timeZone: 'Europe/Berlin',
    onWarning: (message) => warnings.push(message),
    flow: async (page, baseURL) => {
      await page.route('**/api/bytes', (route) =>
        route.fulfill({ body: Buffer.from(binaryBytes), contentType: 'application/octet-stream' }),
      );
      await page.route('**/api/large', (route) =>
        route.fulfill({ body: largeBody, contentType: 'text/plain' }),
      );
      await page.route('**/api/echo', async (route) =>
        route.fulfill({ json: { received: route.request().postDataJSON() as unknown } }),
      );

      page.on('pageerror', (error) => pageErrors.push(error.message));
      await page.goto(baseURL);
      const input = page.locator('#new-todo');
      await input.pressSequentially('Water the ferns');
      await input.press('Enter');
      await page.locator('#todo-list li').first().waitFor();
      await page.locator('a[href="#/active"]').click();
      // A value set by a script, then a click in the same task, before rrweb's timer reports it.
      await page.evaluate(() => {
        const field = document.querySelector<HTMLInputElement>('#new-todo')!;
        field.value = 'Draft from a script';
        field.click();
      });

      await page.evaluate(() => {
        const form = document.createElement('form');
        form.id = 'plant-form';
        form.innerHTML = '<button type="submit">Save</button>';
        form.addEventListener('submit', (event) => event.preventDefault());
        document.body.append(form);
      });
      await page.locator('#plant-form button').click();

      bytesSeenByApp = await page.evaluate(async () => [
        ...new Uint8Array(await (await fetch('api/bytes')).arrayBuffer()),
      ]);
      echoSeenByApp = await page.evaluate(async () => {
        const response = await fetch('api/echo', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ plant: 'fern' }),
        });
        return response.json();
      });
      await page.evaluate(async () =>
        (await fetch('api/large')).text().then((text) => text.length),
      );
      await page.evaluate(() => fetch('https://blocked.example.test/track').catch(() => 'failed'));
      await page.evaluate(() => {
        window.addEventListener('pagehide', () => {
          document.querySelector('h1')!.textContent = 'Leaving the list';
          navigator.sendBeacon('http://beacon.example.test/leave', 'bye');
        });
      });
      await page.goto(new URL('../backbone/', baseURL).href);
      await page.locator('#new-todo').waitFor();
    },
  });
});

afterAll(async () => {
  await server?.close();
});

function customEvents(tag: string): eventWithTime[] {
  return recording.events.filter((event) => event.type === 5 && event.data.tag === tag);
}

function findExchange(suffix: string): NetworkExchange {
  const exchange = recording.network.find((candidate) => candidate.request.url.endsWith(suffix));
  expect(exchange, `no exchange for ${suffix}`).toBeDefined();
  return exchange!;
}

function findNode(
  node: SerializedNode,
  predicate: (node: SerializedNode) => boolean,
): SerializedNode | undefined {
  if (predicate(node)) {
    return node;
  }
  for (const child of node.childNodes ?? []) {
    const found = findNode(child, predicate);
    if (found) {
      return found;
    }
  }
  return undefined;
}

describe('recordSession', () => {
  it('starts with a full snapshot', () => {
    const firstSnapshot = recording.events.find((event) => event.type === 2 || event.type === 3);
    expect(firstSnapshot?.type).toBe(2);
  });

  it('records one full snapshot per page load', () => {
    const metaEvents = recording.events.filter((event) => event.type === 4);
    expect(recording.events.filter((event) => event.type === 2)).toHaveLength(2);
    expect(metaEvents.map((event) => (event.data as { href: string }).href)).toEqual([
      `${server.url}examples/vanillajs/`,
      `${server.url}examples/backbone/`,
    ]);
  });

  it('records user-triggered input events', () => {
    const inputs = recording.events.filter(
      (event) =>
        event.type === 3 &&
        event.data.source === 5 &&
        'userTriggered' in event.data &&
        event.data.userTriggered,
    );
    const texts = inputs.map((event) => (event.data as { text: string }).text);
    expect(texts).toContain('Water the ferns');
  });

  it('orders a scripted value before a click', () => {
    const inputIndex = recording.events.findIndex(
      (event) =>
        event.type === 3 && event.data.source === 5 && event.data.text === 'Draft from a script',
    );
    expect(inputIndex).toBeGreaterThan(-1);
    const input = recording.events[inputIndex]!;
    const fieldId = (input.data as { id: number }).id;
    const clickIndex = recording.events.findIndex(
      (event) =>
        event.type === 3 &&
        event.data.source === 2 &&
        event.data.type === 2 &&
        event.data.id === fieldId,
    );
    expect(clickIndex).toBeGreaterThan(inputIndex);
    expect(input.timestamp).toBeLessThanOrEqual(recording.events[clickIndex]!.timestamp);
  });

  it('records Enter with a node id from the snapshot', () => {
    const enter = customEvents(CUSTOM_EVENT_TAGS.key)
      .map((event) => (event.data as { payload: KeyEventPayload }).payload)
      .find((payload) => payload.key === 'Enter');
    expect(enter).toBeDefined();
    const snapshot = recording.events.find((event) => event.type === 2)!;
    const root = (snapshot.data as { node: SerializedNode }).node;
    const input = findNode(root, (node) => node.attributes?.id === 'new-todo');
    expect(input).toBeDefined();
    expect(enter!.id).toBe(input!.id);
    expect(enter!.code).toBe('Enter');
  });

  it('records same-document URL changes', () => {
    const hrefs = customEvents(CUSTOM_EVENT_TAGS.url).map(
      (event) => (event.data as { payload: { href: string } }).payload.href,
    );
    expect(hrefs).toEqual([`${server.url}examples/vanillajs/#/active`]);
  });

  it('records a form submit with its node id', () => {
    const submits = customEvents(CUSTOM_EVENT_TAGS.submit);
    expect(submits).toHaveLength(1);
    const addedNodes = recording.events.flatMap((event) =>
      event.type === 3 && event.data.source === 0
        ? event.data.adds.map((added) => added.node as SerializedNode)
        : [],
    );
    const form = addedNodes.find((node) => node.attributes?.id === 'plant-form');
    expect(form).toBeDefined();
    expect((submits[0]!.data as { payload: { id: number } }).payload.id).toBe(form!.id);
  });

  it('adds no page errors', () => {
    expect(pageErrors).toEqual([]);
  });

  it('keeps mutations made during pagehide', () => {
    // Setting textContent replaces the text node, so the new text arrives as an added node.
    const addedTexts = recording.events.flatMap((event) =>
      event.type === 3 && event.data.source === 0
        ? event.data.adds.map((added) => (added.node as { textContent?: string }).textContent)
        : [],
    );
    expect(addedTexts).toContain('Leaving the list');
  });

  it('blocks a remote beacon sent during pagehide', () => {
    expect(warnings).toEqual([
      'Blocked 1 request(s) to hosts other than this machine that bypassed route interception: http://beacon.example.test/leave',
    ]);
  });

  it('captures the learn.json XHR with its body', () => {
    const learn = findExchange('/learn.json');
    expect(learn.initiator).toBe('xhr');
    expect(learn.request.method).toBe('GET');
    expect(learn.response?.status).toBe(200);
    expect(learn.response?.body?.encoding).toBe('text');
    expect(learn.response?.body?.truncated).toBeUndefined();
    expect(JSON.parse(learn.response!.body!.data)).toHaveProperty('backbonejs');
    expect(learn.pageUrl).toBe(`${server.url}examples/vanillajs/`);
    expect(learn.endedAt).toBeGreaterThanOrEqual(learn.startedAt);
  });

  it('captures a binary fetch body as base64', () => {
    const bytes = findExchange('/api/bytes');
    expect(bytes.initiator).toBe('fetch');
    expect(bytes.response?.body).toEqual({
      encoding: 'base64',
      data: Buffer.from(binaryBytes).toString('base64'),
    });
    expect(bytesSeenByApp).toEqual(binaryBytes);
  });

  it('captures a fetch request body', () => {
    const echo = findExchange('/api/echo');
    expect(echo.request.method).toBe('POST');
    expect(echo.request.headers['content-type']).toBe('application/json');
    expect(echo.request.body).toEqual({ encoding: 'text', data: '{"plant":"fern"}' });
    expect(echoSeenByApp).toEqual({ received: { plant: 'fern' } });
  });

  it('truncates bodies over 1 MiB', () => {
    const body = findExchange('/api/large').response?.body;
    expect(body?.truncated).toBe(true);
    expect(body?.data).toHaveLength(1024 * 1024);
  });

  it('aborts and records a remote request', () => {
    const blocked = findExchange('blocked.example.test/track');
    expect(blocked.response).toBeUndefined();
    expect(blocked.error).toBeTruthy();
  });

  it('numbers exchanges in start order', () => {
    expect(recording.network.map((exchange) => exchange.id)).toEqual(
      recording.network.map((_, index) => index),
    );
    const starts = recording.network.map((exchange) => exchange.startedAt);
    expect(starts).toEqual([...starts].sort((left, right) => left - right));
  });

  it('fills meta', () => {
    expect(recording.meta.name).toBe('vanillajs-capture');
    expect(recording.meta.url).toBe(`${server.url}examples/vanillajs/`);
    expect(recording.meta.seed).toBe('f00d');
    expect(recording.meta.viewport).toEqual({ width: 1024, height: 700 });
    expect(recording.meta.deviceScaleFactor).toBe(1);
    expect(recording.meta.locale).toBe('de-DE');
    expect(recording.meta.timeZone).toBe('Europe/Berlin');
    expect(recording.meta.userAgent).toContain('Chrome');
    expect(recording.meta.recorder.name).toBe('replaygate');
    expect(recording.meta.recorder.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(recording.meta.startedAt).toBeLessThanOrEqual(recording.events[0]!.timestamp);
  });

  it('stores the stop time after the last event', () => {
    const lastEvent = recording.events[recording.events.length - 1]!;
    expect(recording.meta.endedAt).toBeGreaterThanOrEqual(lastEvent.timestamp);
  });

  it('notes how each page loaded, after its snapshot', async () => {
    const reloaded = await recordSession({
      url: `${server.url}examples/vanillajs/`,
      name: 'reload',
      flow: async (page, baseURL) => {
        await page.goto(baseURL);
        await page.locator('#new-todo, .new-todo').waitFor();
        await page.reload();
        await page.locator('#new-todo, .new-todo').waitFor();
        await page.goto(`${server.url}examples/backbone/`);
        await page.locator('#new-todo, .new-todo').waitFor();
        await page.goBack();
        await page.locator('#new-todo, .new-todo').waitFor();
        await page.waitForTimeout(200);
      },
    });
    const sequence = reloaded.events
      .filter(
        (event) =>
          event.type === 2 || (event.type === 5 && event.data.tag === CUSTOM_EVENT_TAGS.navigation),
      )
      .map((event) =>
        event.type === 2 ? 'snapshot' : (event.data as { payload: { type: string } }).payload.type,
      );
    // The typed URL of backbone has no `leave` before it; the back button, which the browser
    // runs as a traversal the user started, has one.
    expect(sequence).toEqual([
      'snapshot',
      'navigate',
      'snapshot',
      'reload',
      'snapshot',
      'navigate',
      'leave',
      'snapshot',
      'back_forward',
    ]);
  });

  it('keeps a page tail that bindings lost', async () => {
    // Playwright drops binding calls it handles after their document is gone, and route
    // interception can lose the beacon. Here both always fail on the backbone page, so only
    // what that page kept in session storage for its successor can reach the recording.
    const lost = await recordSession({
      url: `${server.url}examples/vanillajs/`,
      name: 'lost-binding',
      flow: async (page, baseURL) => {
        await page.goto(baseURL);
        await page.locator('#new-todo, .new-todo').waitFor();
        await page.goto(`${server.url}examples/backbone/`);
        await page.locator('#new-todo, .new-todo').waitFor();

        await page.route('**/beacon', (route) => route.abort());
        await page.evaluate((name) => {
          (window as unknown as Record<string, unknown>)[name] = () => Promise.resolve();
        }, CAPTURE_BINDING_NAME);
        await page.locator('#new-todo, .new-todo').click();
        await page.goBack();
        await page.locator('#new-todo, .new-todo').waitFor();
        await page.waitForTimeout(200);
      },
    });

    const isLeave = (event: eventWithTime): boolean =>
      event.type === 5 && (event.data.payload as { type?: string } | undefined)?.type === 'leave';
    const backboneStart = lost.events.findIndex(
      (event) => event.type === 4 && event.data.href.includes('/backbone/'),
    );
    const afterStart = lost.events.slice(backboneStart + 1);
    const backboneEvents = afterStart.slice(
      0,
      afterStart.findIndex((event) => event.type === 4),
    );
    // A click is a MouseInteraction (source 2) of type Click (2).
    expect(
      backboneEvents.some(
        (event) => event.type === 3 && event.data.source === 2 && event.data.type === 2,
      ),
    ).toBe(true);
    expect(backboneEvents.some(isLeave)).toBe(true);
    expect(lost.events.filter(isLeave)).toHaveLength(1);
  });

  it('leaves no key after a 204 link', async () => {
    const page204 = `<!doctype html><a id="nothing" href="nothing">Nothing</a>
      <button id="keys">Keys</button><p id="out"></p>
      <script>
        document.getElementById('keys').addEventListener('click', () => {
          document.getElementById('out').textContent = 'keys: ' + Object.keys(sessionStorage);
        });
      </script>`;
    const stayed = await recordSession({
      url: `${server.url}stay/`,
      name: 'no-content',
      flow: async (page, baseURL) => {
        await page.route('**/stay/', (route) =>
          route.fulfill({ body: page204, contentType: 'text/html' }),
        );
        await page.route('**/stay/nothing', (route) => route.fulfill({ status: 204 }));
        await page.goto(baseURL);
        await page.locator('#nothing').click();
        await page.waitForTimeout(300);
        await page.locator('#keys').click();
        await page.locator('#out').filter({ hasText: 'keys' }).waitFor();
      },
    });
    const texts = JSON.stringify(stayed.events.filter((event) => event.type === 3));
    expect(texts).toContain('keys: ');
    expect(texts).not.toContain('.tail');
  });

  it('notes the URL of an intercepted navigation', async () => {
    const spa = `<!doctype html><a id="one" href="one">One</a><p id="out"></p>
      <script>
        navigation.addEventListener('navigate', (event) => {
          if (!event.canIntercept || event.hashChange || event.downloadRequest !== null) return;
          event.intercept({
            handler: async () => {
              document.getElementById('out').textContent =
                'route ' + location.pathname + ' keys: ' + Object.keys(sessionStorage);
            },
          });
        });
      </script>`;
    const intercepted = await recordSession({
      url: `${server.url}spa/`,
      name: 'intercepted',
      flow: async (page, baseURL) => {
        await page.route('**/spa/**', (route) =>
          route.fulfill({ body: spa, contentType: 'text/html' }),
        );
        await page.goto(baseURL);
        await page.locator('#one').click();
        await page.locator('#out').filter({ hasText: 'route' }).waitFor();
      },
    });
    const urls = intercepted.events.flatMap((event) =>
      event.type === 5 && event.data.tag === CUSTOM_EVENT_TAGS.url
        ? [(event.data.payload as { href: string }).href]
        : [],
    );
    expect(urls).toEqual([`${server.url}spa/one`]);
    const texts = JSON.stringify(intercepted.events.filter((event) => event.type === 3));
    expect(texts).toContain('route /spa/one keys: ');
    expect(texts).not.toContain('.tail');
  });

  it('notes back and forward within the document, not a script going back', async () => {
    const traversed = await recordSession({
      url: `${server.url}examples/vanillajs/`,
      name: 'traverse',
      flow: async (page, baseURL) => {
        await page.goto(baseURL);
        // The filter links show once the list has a todo.
        await page.locator('#new-todo').fill('Water the ferns');
        await page.locator('#new-todo').press('Enter');
        await page.locator('a[href="#/active"]').click();
        await page.locator('a[href="#/completed"]').click();
        await page.goBack();
        await page.goForward();
        // The page's own script goes back, as a Cancel button's handler might.
        await page.evaluate(() => history.back());
        await page.waitForURL(/#\/active$/);
        await page.waitForTimeout(200);
      },
    });
    const payloads = traversed.events
      .flatMap((event) =>
        event.type === 5 && event.data.tag === CUSTOM_EVENT_TAGS.navigation
          ? [event.data.payload as { type: string; delta: number; href: string }]
          : [],
      )
      .filter((payload) => payload.type === 'traverse');
    expect(payloads.map(({ type, delta, href }) => [type, delta, new URL(href).hash])).toEqual([
      ['traverse', -1, '#/active'],
      ['traverse', 1, '#/completed'],
    ]);
  });

  it('rejects a flow that opens no page', async () => {
    const attempt = recordSession({ url: server.url, name: 'blank', flow: async () => {} });
    await expect(attempt).rejects.toThrow(UsageError);
    await expect(attempt).rejects.toThrow(/no rrweb full snapshot[\s\S]*page\.goto\(baseURL\)/);
  });

  it('reports a failing flow as a usage error', async () => {
    const attempt = recordSession({
      url: server.url,
      name: 'failing',
      flow: async () => {
        throw new Error('selector #checkout not found');
      },
    });
    await expect(attempt).rejects.toThrow(
      /The flow failed on about:blank: selector #checkout not found/,
    );
  });

  it('rejects a URL off this machine', async () => {
    await expect(
      recordSession({ url: 'https://example.test/', name: 'remote', flow: async () => {} }),
    ).rejects.toThrow(UsageError);
  });

  it.runIf(process.platform === 'linux')(
    'rejects recording by hand without a display',
    async () => {
      const display = process.env.DISPLAY;
      const wayland = process.env.WAYLAND_DISPLAY;
      delete process.env.DISPLAY;
      delete process.env.WAYLAND_DISPLAY;
      try {
        const attempt = recordSession({ url: server.url, name: 'by-hand' });
        await expect(attempt).rejects.toThrow(/--flow/);
      } finally {
        if (display !== undefined) {
          process.env.DISPLAY = display;
        }
        if (wayland !== undefined) {
          process.env.WAYLAND_DISPLAY = wayland;
        }
      }
    },
  );
});
