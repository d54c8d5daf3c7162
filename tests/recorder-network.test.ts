import type { BrowserContext, Page } from '@playwright/test';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { NetworkExchange } from '../harness/fixture/recording.js';
import {
  startFakeCollector,
  type FakeCollector,
} from '../harness/recorder/testing/fake-collector.js';
import {
  flushRecording,
  newRecordedContext,
  startTestBed,
  type RecorderTestBed,
} from '../harness/recorder/testing/recorder-browser.js';

const EMAIL = 'rosalind.brack@quayside-ledger.net';
const EMAIL_MASK = '********.*****@********-******.***';
const CARD = '4532 0151 1283 0366';

let bed: RecorderTestBed;
let collector: FakeCollector;
let context: BrowserContext | undefined;

beforeAll(async () => {
  bed = await startTestBed();
  collector = await startFakeCollector();
});

afterEach(async () => {
  await context?.close();
  context = undefined;
  await collector.reset();
});

afterAll(async () => {
  await bed?.close();
  await collector?.close();
});

async function openTodoMvc(extraOptions = ''): Promise<Page> {
  context = await newRecordedContext(
    bed.browser,
    `{ endpoint: ${JSON.stringify(collector.url)}, token: ${JSON.stringify(collector.token)}, ${extraOptions} }`,
  );
  const page = await context.newPage();
  await page.goto(bed.todoUrl);
  await page.locator('#new-todo').waitFor();
  return page;
}

function uploadedExchanges(): NetworkExchange[] {
  return collector.storedBatches().flatMap((batch) => batch.network);
}

/**
 * Flushes until an uploaded exchange matches, because the capture reads response bodies
 * after the app has its response.
 */
async function waitForExchange(
  page: Page,
  matches: (exchange: NetworkExchange) => boolean,
): Promise<NetworkExchange> {
  for (let round = 0; round < 50; round += 1) {
    await flushRecording(page);
    const found = uploadedExchanges().find(matches);
    if (found) {
      return found;
    }
    await page.waitForTimeout(100);
  }
  throw new Error(
    `No matching exchange among ${JSON.stringify(uploadedExchanges().map((exchange) => exchange.request.url))}.`,
  );
}

const isLearnJson = (exchange: NetworkExchange) => exchange.request.url.endsWith('/learn.json');

describe('recorder network capture', () => {
  it('records a same-origin XHR with its body', async () => {
    const page = await openTodoMvc();
    const exchange = await waitForExchange(page, isLearnJson);
    expect(exchange.initiator).toBe('xhr');
    expect(exchange.response?.status).toBe(200);
    expect(exchange.response?.body?.truncated).toBeUndefined();
    expect(JSON.parse(exchange.response?.body?.data ?? '')).toHaveProperty('agilityjs');
  });

  it('cuts bodies at maxBodyBytes', async () => {
    const page = await openTodoMvc('maxBodyBytes: 1000');
    const body = (await waitForExchange(page, isLearnJson)).response?.body;
    expect(body?.truncated).toBe(true);
    expect(body?.data.length).toBeLessThanOrEqual(1000);
  });

  it('skips URLs on the deny list', async () => {
    const page = await openTodoMvc(`networkDeny: ['*/learn.json']`);
    await page.evaluate(() => fetch('base-probe.txt').then((response) => response.text()));
    await waitForExchange(page, (exchange) => exchange.request.url.endsWith('/base-probe.txt'));
    expect(uploadedExchanges().filter(isLearnJson)).toEqual([]);
  });

  it('skips other origins unless allowed', async () => {
    const otherOrigin = bed.todoUrl.replace('127.0.0.1', 'localhost');
    const page = await openTodoMvc(`networkAllow: ['http://localhost:*']`);
    await page.evaluate((url) => fetch(url).catch(() => undefined), otherOrigin);
    const exchange = await waitForExchange(page, (entry) => entry.request.url === otherOrigin);
    // The static server sends no CORS headers, so the browser fails the request.
    expect(exchange.error).toBeDefined();
    expect(uploadedExchanges().filter(isLearnJson)).toEqual([]);
  });

  it('removes credential headers and masks findings', async () => {
    const page = await openTodoMvc();
    await page.evaluate(
      async ({ email, card }) => {
        const response = await fetch(`api/profile?email=${encodeURIComponent(email)}`, {
          method: 'POST',
          headers: { authorization: 'Bearer s3cr3t-t0ken', 'content-type': 'application/json' },
          body: JSON.stringify({ card, note: 'plain' }),
        });
        await response.text();
      },
      { email: EMAIL, card: CARD },
    );
    const exchange = await waitForExchange(page, (entry) => entry.request.method === 'POST');
    expect(exchange.request.url).toContain(`?email=${encodeURIComponent(EMAIL_MASK)}`);
    expect(exchange.request.headers.authorization).toBe('removed-by-replaygate');
    expect(JSON.parse(exchange.request.body?.data ?? '')).toEqual({
      card: 'XXXX XXXX XXXX XXXX',
      note: 'plain',
    });
    expect(exchange.response?.status).toBe(404);
  });

  it('leaves its own uploads out', async () => {
    const page = await openTodoMvc();
    await waitForExchange(page, isLearnJson);
    await page.evaluate(() => fetch('base-probe.txt').then((response) => response.text()));
    await waitForExchange(page, (exchange) => exchange.request.url.endsWith('/base-probe.txt'));
    expect(collector.uploads.length).toBeGreaterThan(1);
    const urls = uploadedExchanges().map((exchange) => exchange.request.url);
    expect(urls.filter((url) => url.startsWith(collector.url))).toEqual([]);
  });
});
