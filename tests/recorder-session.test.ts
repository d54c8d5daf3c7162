import type { eventWithTime } from '@rrweb/types';
import type { BrowserContext, Page } from '@playwright/test';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
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

async function addTodo(page: Page, text: string): Promise<void> {
  await page.locator('#new-todo').pressSequentially(text);
  await page.locator('#new-todo').press('Enter');
}

/** Returns whether the page's recording is active, after its start has finished. */
function isActive(page: Page): Promise<boolean> {
  return page.evaluate(async () => {
    const scope = window as unknown as { __replaygateRecording: Promise<{ active: boolean }> };
    return (await scope.__replaygateRecording).active;
  });
}

/** Adds a todo, flushes, and checks that nothing was stored or sent. */
async function expectNothingRecorded(page: Page): Promise<void> {
  expect(await isActive(page)).toBe(false);
  await addTodo(page, 'Buy milk');
  expect(await flushRecording(page)).toBe(true);
  expect(await storageEntries(page, 'replaygate.batch.')).toEqual([]);
  expect(collector.uploads).toEqual([]);
}

/** Input (source 5) and click (source 2, type 2) events, in recorded order. */
function inputsAndClicks(events: eventWithTime[]): Array<{ kind: string; timestamp: number }> {
  return events.flatMap((event) => {
    if (event.type !== 3) {
      return [];
    }
    const data = event.data as { source: number; type?: number; text?: string };
    if (data.source === 5) {
      return [{ kind: `input ${JSON.stringify(data.text)}`, timestamp: event.timestamp }];
    }
    return data.source === 2 && data.type === 2
      ? [{ kind: 'click', timestamp: event.timestamp }]
      : [];
  });
}

/** Flushes the recorder and returns the events the collector stored. */
async function uploadedEvents(page: Page): Promise<eventWithTime[]> {
  expect(await flushRecording(page)).toBe(true);
  return collector.storedBatches().flatMap((batch) => batch.events);
}

/** Returns the index of the Mutation event that adds the element with this DOM id. */
function indexOfAddition(events: eventWithTime[], elementId: string): number {
  return events.findIndex(
    (event) =>
      event.type === 3 &&
      event.data.source === 0 &&
      JSON.stringify(event.data.adds).includes(JSON.stringify(elementId)),
  );
}

/** Returns the index of the Input event with this text. */
function indexOfInput(events: eventWithTime[], text: string): number {
  return events.findIndex(
    (event) => event.type === 3 && event.data.source === 5 && event.data.text === text,
  );
}

describe('recorder sampling and consent', () => {
  it('records nothing at sampleRate 0', async () => {
    await expectNothingRecorded(await openTodoMvc('sampleRate: 0'));
  });

  it('records nothing when consent returns false', async () => {
    await expectNothingRecorded(await openTodoMvc('consent: () => false'));
  });

  it('records nothing when consent rejects', async () => {
    await expectNothingRecorded(
      await openTodoMvc(`consent: () => Promise.reject(new Error('no banner'))`),
    );
  });

  it('records after asynchronous consent', async () => {
    const page = await openTodoMvc(
      'consent: () => new Promise((resolve) => setTimeout(() => resolve(true), 200))',
    );
    expect(await isActive(page)).toBe(true);
    await addTodo(page, 'Buy milk');
    expect(await flushRecording(page)).toBe(true);
    expect(collector.storedBatches().length).toBeGreaterThan(0);
  });

  it('keeps the sampling decision across reloads', async () => {
    const page = await openTodoMvc('sampleRate: 0');
    await page.evaluate(() => {
      const state = JSON.parse(sessionStorage.getItem('replaygate.session') ?? '{}') as object;
      sessionStorage.setItem('replaygate.session', JSON.stringify({ ...state, sampled: true }));
    });
    await page.reload();
    expect(await isActive(page)).toBe(true);
  });
});

describe('recorder session', () => {
  it('continues across a reload', async () => {
    const page = await openTodoMvc();
    await addTodo(page, 'Buy milk');
    expect(await flushRecording(page)).toBe(true);
    await page.reload();
    await addTodo(page, 'Walk the dog');
    expect(await flushRecording(page)).toBe(true);

    const batches = collector.storedBatches();
    expect(new Set(batches.map((batch) => batch.sessionId)).size).toBe(1);
    expect(batches.map((batch) => batch.seq)).toEqual(batches.map((_, index) => index));
    expect(batches.filter((batch) => batch.meta !== undefined)).toHaveLength(2);
    const events = batches.flatMap((batch) => batch.events);
    expect(events.filter((event) => event.type === 2)).toHaveLength(2);
    expect(batches[0]?.meta).toMatchObject({
      url: bed.todoUrl,
      viewport: { width: 1280, height: 720 },
      recorder: { name: 'replaygate' },
    });
  });

  it('starts a new session in another tab', async () => {
    const first = await openTodoMvc();
    const second = await context!.newPage();
    await second.goto(bed.todoUrl);
    const ids = await Promise.all(
      [first, second].map((page) =>
        page.evaluate(async () => {
          const scope = window as unknown as {
            __replaygateRecording: Promise<{ sessionId: string }>;
          };
          return (await scope.__replaygateRecording).sessionId;
        }),
      ),
    );
    expect(ids[0]).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(ids[1]).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(ids[0]).not.toBe(ids[1]);
  });

  it('sends the token and gzip-compressed JSON', async () => {
    const page = await openTodoMvc();
    expect(await flushRecording(page)).toBe(true);
    expect(collector.uploads[0]?.authorization).toBe(`Bearer ${collector.token}`);
    expect(collector.uploads.every((upload) => upload.gzip)).toBe(true);
  });

  it('sends plain JSON with gzip off', async () => {
    const page = await openTodoMvc('gzip: false');
    expect(await flushRecording(page)).toBe(true);
    expect(collector.uploads.length).toBeGreaterThan(0);
    expect(collector.uploads.some((upload) => upload.gzip)).toBe(false);
  });
});

describe('recorder event order', () => {
  it('orders a scripted clear before a click', async () => {
    const page = await openTodoMvc(`unmaskInputSelector: '#new-todo'`);
    await page.locator('#new-todo').pressSequentially('Buy milk');
    // The script clears the field and a click follows in the same task, before rrweb's
    // zero-delay timer reports the cleared value.
    await page.evaluate(() => {
      const field = document.querySelector<HTMLInputElement>('#new-todo')!;
      field.value = '';
      field.click();
    });

    const events = await uploadedEvents(page);
    const order = inputsAndClicks(events).slice(-2);
    expect(order.map((entry) => entry.kind)).toEqual(['input ""', 'click']);
    expect(order[0]!.timestamp).toBeLessThanOrEqual(order[1]!.timestamp);
  });

  it('orders a value before its removal', async () => {
    const page = await openTodoMvc(`unmaskInputSelector: 'input'`);
    await page.evaluate(() => {
      const box = document.createElement('div');
      box.innerHTML = '<input id="pin">';
      document.body.append(box);
    });
    await page.waitForTimeout(50);
    await page.evaluate(() => {
      const field = document.querySelector<HTMLInputElement>('#pin')!;
      field.value = 'Ann Bell';
      field.remove();
    });

    const events = await uploadedEvents(page);
    const kinds = events.flatMap((event) => {
      if (event.type !== 3) {
        return [];
      }
      const data = event.data as { source: number; text?: string; removes?: unknown[] };
      if (data.source === 5 && data.text === 'Ann Bell') {
        return ['input'];
      }
      return data.source === 0 && (data.removes?.length ?? 0) > 0 ? ['removal'] : [];
    });
    expect(kinds.slice(-2)).toEqual(['input', 'removal']);
  });

  it('orders a value after its addition', async () => {
    const page = await openTodoMvc(`unmaskInputSelector: 'input'`);
    await page.evaluate(() => {
      const box = document.createElement('div');
      box.innerHTML = '<input id="late">';
      document.body.append(box);
      box.querySelector<HTMLInputElement>('#late')!.value = 'Ann Bell';
    });

    const events = await uploadedEvents(page);
    const added = indexOfAddition(events, 'late');
    const input = indexOfInput(events, 'Ann Bell');
    expect(added).toBeGreaterThan(-1);
    expect(input).toBeGreaterThan(added);
    expect(events[input]!.timestamp).toBeGreaterThanOrEqual(events[added]!.timestamp);
  });

  it('releases events during repeated sets', async () => {
    const page = await openTodoMvc();
    await page.evaluate(() => {
      const field = document.querySelector<HTMLInputElement>('#new-todo')!;
      setInterval(() => {
        field.value = 'same';
      }, 2);
    });
    await page.locator('h1').click();

    const events = await uploadedEvents(page);
    expect(inputsAndClicks(events).map((entry) => entry.kind)).toContain('click');
  });

  it('orders a value after its parent', async () => {
    const page = await openTodoMvc(`unmaskInputSelector: 'input'`);
    await page.evaluate(async () => {
      const field = document.createElement('input');
      field.value = 'Mia Nash';
      const box = document.createElement('div');
      box.id = 'early-box';
      document.body.append(box);
      await Promise.resolve();
      box.append(field);
    });

    const events = await uploadedEvents(page);
    const boxAdded = indexOfAddition(events, 'early-box');
    const input = indexOfInput(events, 'Mia Nash');
    expect(boxAdded).toBeGreaterThan(-1);
    expect(input).toBeGreaterThan(boxAdded);
  });
});
