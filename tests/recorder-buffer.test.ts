import type { BrowserContext, Page } from '@playwright/test';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { utf8Length } from '../harness/recorder/local-buffer.js';
import {
  startFakeCollector,
  type FakeCollector,
} from '../harness/recorder/testing/fake-collector.js';
import {
  flushRecording,
  newRecordedContext,
  startTestBed,
  storageEntries,
  type RecorderTestBed,
} from '../harness/recorder/testing/recorder-browser.js';

const BUFFER_BYTES = 60_000;

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

/** Opens TodoMVC with small batches and a small buffer, and no network capture. */
async function openTodoMvc(): Promise<Page> {
  const options = {
    endpoint: collector.url,
    token: collector.token,
    captureNetwork: false,
    batchMaxBytes: 4_000,
    batchIntervalMs: 100,
    bufferMaxBytes: BUFFER_BYTES,
    retryBaseMs: 100,
    retryMaxMs: 400,
  };
  context = await newRecordedContext(bed.browser, JSON.stringify(options));
  const page = await context.newPage();
  await page.goto(bed.todoUrl);
  await page.locator('#new-todo').waitFor();
  return page;
}

async function addTodos(page: Page, count: number, label: string): Promise<void> {
  for (let index = 0; index < count; index += 1) {
    await page.locator('#new-todo').fill(`${label} ${index}`);
    await page.locator('#new-todo').press('Enter');
  }
}

interface BufferedBatch {
  seq: number;
  bytes: number;
}

async function bufferedBatches(page: Page): Promise<BufferedBatch[]> {
  const entries = await storageEntries(page, 'replaygate.batch.');
  return entries
    .map(([key, json]) => ({ seq: Number(key.split('.').pop()), bytes: utf8Length(json) }))
    .sort((left, right) => left.seq - right.seq);
}

/** Waits until `flush()` reports an empty buffer; the uploader retries on its own timers. */
async function flushUntilEmpty(page: Page): Promise<void> {
  for (let round = 0; round < 100; round += 1) {
    if (await flushRecording(page)) {
      return;
    }
    await page.waitForTimeout(100);
  }
  throw new Error('The buffer did not empty.');
}

describe('recorder local buffer', () => {
  it('stays bounded offline and reports dropped batches', async () => {
    const page = await openTodoMvc();
    await flushUntilEmpty(page);
    const firstOfflineSeq = collector.storedBatches().length;
    await context!.setOffline(true);
    await addTodos(page, 40, 'Offline todo');
    await page.waitForTimeout(300);

    const buffered = await bufferedBatches(page);
    const total = buffered.reduce((sum, batch) => sum + batch.bytes, 0);
    expect(total).toBeLessThanOrEqual(BUFFER_BYTES);
    const firstKept = buffered[0]!.seq;
    const lastKept = buffered.at(-1)!.seq;
    expect(firstKept).toBeGreaterThan(firstOfflineSeq);
    expect(buffered.map((batch) => batch.seq)).toEqual(
      Array.from({ length: lastKept - firstKept + 1 }, (_, index) => firstKept + index),
    );

    await context!.setOffline(false);
    await addTodos(page, 1, 'Online todo');
    await flushUntilEmpty(page);
    const stored = collector.storedBatches();
    const missing = firstKept - firstOfflineSeq;
    expect(stored.map((batch) => batch.seq)).not.toContain(firstOfflineSeq);
    expect(stored.map((batch) => batch.seq)).toContain(firstKept);
    const reported = stored.reduce((sum, batch) => sum + (batch.dropped?.batches ?? 0), 0);
    expect(reported).toBe(missing);
    expect(stored.find((batch) => batch.dropped)?.dropped?.events).toBeGreaterThan(0);
  });

  it('keeps batches across a reload while the collector fails', async () => {
    collector.replyAlways({ status: 503, body: { error: 'down for maintenance' } });
    const page = await openTodoMvc();
    await addTodos(page, 2, 'Before reload');
    expect(await flushRecording(page)).toBe(false);
    const beforeReload = await bufferedBatches(page);
    expect(beforeReload[0]?.seq).toBe(0);

    await page.reload();
    await page.locator('#new-todo').waitFor();
    const afterReload = (await bufferedBatches(page)).map((batch) => batch.seq);
    expect(afterReload).toEqual(expect.arrayContaining(beforeReload.map((batch) => batch.seq)));

    await addTodos(page, 2, 'After reload');
    collector.replyAlways(undefined);
    await flushUntilEmpty(page);
    const stored = collector.storedBatches();
    expect(stored.map((batch) => batch.seq)).toEqual(stored.map((_, index) => index));
    expect(stored.filter((batch) => batch.meta)).toHaveLength(2);
    expect(collector.uploads.some((upload) => upload.status === 503)).toBe(true);
  });

  it('drops a batch rejected with 413', async () => {
    collector.reply({ status: 413, body: { error: 'too large' } });
    const page = await openTodoMvc();
    await flushUntilEmpty(page);
    await addTodos(page, 1, 'After the rejection');
    await flushUntilEmpty(page);
    const stored = collector.storedBatches();
    expect(stored.map((batch) => batch.seq)).not.toContain(0);
    expect(stored.reduce((sum, batch) => sum + (batch.dropped?.batches ?? 0), 0)).toBe(1);
  });

  it('stops uploading on 401 and keeps the buffer', async () => {
    collector.replyAlways({ status: 401, body: { error: 'invalid token' } });
    const page = await openTodoMvc();
    await addTodos(page, 1, 'Unauthorized');
    expect(await flushRecording(page)).toBe(false);
    const attempts = collector.uploads.length;
    expect(attempts).toBe(1);
    expect((await bufferedBatches(page)).length).toBeGreaterThan(0);
    expect(await flushRecording(page)).toBe(false);
    expect(collector.uploads.length).toBe(attempts);
  });
});
