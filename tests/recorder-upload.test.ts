import type { BrowserContext, Page } from '@playwright/test';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { utf8Length } from '../harness/recorder/local-buffer.js';
import {
  startFakeCollector,
  type FakeCollector,
} from '../harness/recorder/testing/fake-collector.js';
import {
  newRecordedContext,
  startTestBed,
  type RecorderTestBed,
} from '../harness/recorder/testing/recorder-browser.js';

/** Real milliseconds given to the page to handle a response before the clock moves on. */
const SETTLE_MS = 300;

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

/**
 * Opens TodoMVC with the page clock paused, so the recorder's batch and retry timers fire only
 * when the test moves the clock.
 */
async function openWithPausedClock(options: Record<string, unknown>): Promise<Page> {
  context = await newRecordedContext(
    bed.browser,
    JSON.stringify({
      endpoint: collector.url,
      token: collector.token,
      captureNetwork: false,
      ...options,
    }),
  );
  const page = await context.newPage();
  await page.clock.install({ time: new Date('2026-03-01T12:00:00Z') });
  await page.clock.pauseAt(new Date('2026-03-01T12:00:01Z'));
  await page.goto(bed.todoUrl);
  await page.locator('#new-todo').waitFor();
  return page;
}

/** Moves the page clock, then gives the page real time to send what the timers started. */
async function advance(page: Page, milliseconds: number): Promise<void> {
  await page.clock.runFor(milliseconds);
  await page.waitForTimeout(SETTLE_MS);
}

async function uploadCountAfter(page: Page, milliseconds: number): Promise<number> {
  await advance(page, milliseconds);
  return collector.uploads.length;
}

describe('recorder retries', () => {
  it('backs off exponentially with jitter', async () => {
    collector.reply({ status: 503 }, { status: 503 }, { status: 503 });
    const page = await openWithPausedClock({
      batchIntervalMs: 1_000,
      retryBaseMs: 1_000,
      retryMaxMs: 60_000,
    });
    expect(await uploadCountAfter(page, 1_000)).toBe(1);
    // Retry n waits between half and all of 1000 * 2^n milliseconds.
    for (const [attempt, ceiling] of [
      [2, 1_000],
      [3, 2_000],
      [4, 4_000],
    ] as const) {
      expect(await uploadCountAfter(page, ceiling / 2 - 1)).toBe(attempt - 1);
      expect(await uploadCountAfter(page, ceiling / 2 + 1)).toBe(attempt);
    }
    expect(collector.uploads.map((upload) => upload.status)).toEqual([503, 503, 503, 202]);
  });

  it('waits for Retry-After after a 429', async () => {
    collector.reply({ status: 429, headers: { 'retry-after': '30' }, body: { error: 'busy' } });
    const page = await openWithPausedClock({ batchIntervalMs: 1_000, retryBaseMs: 1_000 });
    expect(await uploadCountAfter(page, 1_000)).toBe(1);
    expect(await uploadCountAfter(page, 29_000)).toBe(1);
    expect(await uploadCountAfter(page, 1_000)).toBe(2);
    expect(collector.uploads[1]?.status).toBe(202);
    expect(collector.uploads[1]?.batch.seq).toBe(collector.uploads[0]?.batch.seq);
  });
});

describe('recorder batching', () => {
  it('seals a batch after batchIntervalMs', async () => {
    const page = await openWithPausedClock({ batchIntervalMs: 5_000 });
    expect(await uploadCountAfter(page, 4_999)).toBe(0);
    expect(await uploadCountAfter(page, 1)).toBe(1);
    expect(collector.uploads[0]?.batch.events.some((event) => event.type === 2)).toBe(true);

    await page.locator('#new-todo').fill('Buy milk');
    await page.locator('#new-todo').press('Enter');
    expect(await uploadCountAfter(page, 4_999)).toBe(1);
    expect(await uploadCountAfter(page, 1)).toBe(2);
    expect(collector.uploads[1]?.batch.seq).toBe(1);
  });

  it('seals a batch at batchMaxBytes', async () => {
    const maxBytes = 3_000;
    const page = await openWithPausedClock({ batchIntervalMs: 600_000, batchMaxBytes: maxBytes });
    for (let index = 0; index < 12; index += 1) {
      await page.locator('#new-todo').fill(`Todo number ${index}`);
      await page.locator('#new-todo').press('Enter');
    }
    await collector.waitFor(() => collector.uploads.length >= 3, 'three uploads');
    for (const { batch } of collector.uploads) {
      const items = [...batch.events, ...batch.network].map((item) => JSON.stringify(item));
      const bytes = items.reduce((sum, item) => sum + utf8Length(item) + 1, 0);
      if (items.length > 1) {
        expect(bytes).toBeLessThanOrEqual(maxBytes);
      }
    }
    const seqs = collector.uploads.map((upload) => upload.batch.seq);
    expect(seqs).toEqual(seqs.map((_, index) => index));
  });
});

describe('recorder unload', () => {
  it('sends the open batch with keepalive on pagehide', async () => {
    // Without the 70 KB learn.json exchange the batch fits the 64 KiB keep-alive quota.
    const options = { endpoint: collector.url, token: collector.token, captureNetwork: false };
    context = await newRecordedContext(
      bed.browser,
      JSON.stringify({ ...options, batchIntervalMs: 600_000 }),
    );
    const page = await context.newPage();
    await page.goto(bed.todoUrl);
    await page.locator('#new-todo').fill('Buy milk');
    await page.locator('#new-todo').press('Enter');
    await page.locator('#todo-list li').waitFor();
    expect(collector.uploads).toEqual([]);

    await page.goto(`${bed.apps.url}todomvc/vanillajs/learn.json`);
    // Keep-alive uploads skip compression, because it would finish after the page is gone.
    await collector.waitFor(
      () => collector.uploads.some((upload) => !upload.gzip),
      'the keep-alive upload',
    );
    const upload = collector.uploads.find((candidate) => !candidate.gzip)!;
    expect(upload.batch.seq).toBe(0);
    expect(upload.batch.events.some((event) => event.type === 2)).toBe(true);
    expect(JSON.stringify(upload.batch.events)).toContain('Buy milk');
  });
});
