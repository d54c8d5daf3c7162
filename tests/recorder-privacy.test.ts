import type { eventWithTime } from '@rrweb/types';
import type { BrowserContext, FrameLocator, Page } from '@playwright/test';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PAGE_ERROR_TAG } from '../harness/collect/batch.js';
import { CUSTOM_EVENT_TAGS } from '../harness/fixture/recording.js';
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

/** Opens TodoMVC with the recorder; `extraOptions` is JavaScript source of more options. */
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

async function recordedEvents(page: Page): Promise<eventWithTime[]> {
  expect(await flushRecording(page)).toBe(true);
  return collector.storedBatches().flatMap((batch) => batch.events);
}

/** Returns the Input event texts of the element with this DOM id, in order. */
function inputTexts(events: eventWithTime[], elementId: string): string[] {
  const id = nodeIdOf(events, elementId);
  return events.flatMap((event) =>
    event.type === 3 && event.data.source === 5 && event.data.id === id ? [event.data.text] : [],
  );
}

interface SerializedNode {
  id: number;
  attributes?: Record<string, unknown>;
  childNodes?: SerializedNode[];
}

/** Finds the rrweb id of an element by its DOM id, in snapshots and added nodes. */
function nodeIdOf(events: eventWithTime[], elementId: string): number {
  const roots: SerializedNode[] = events.flatMap((event) => {
    if (event.type === 2) {
      return [event.data.node as SerializedNode];
    }
    if (event.type === 3 && event.data.source === 0) {
      return event.data.adds.map((add) => add.node as SerializedNode);
    }
    return [];
  });
  const stack = [...roots];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.attributes?.id === elementId) {
      return node.id;
    }
    stack.push(...(node.childNodes ?? []));
  }
  throw new Error(`No #${elementId} in the recorded events.`);
}

function addedTexts(events: eventWithTime[]): string[] {
  return events.flatMap((event) =>
    event.type === 3 && event.data.source === 0
      ? event.data.adds.flatMap((add) =>
          add.node.type === 3 ? [(add.node as { textContent: string }).textContent] : [],
        )
      : [],
  );
}

function customPayloads(events: eventWithTime[], tag: string): unknown[] {
  return events.flatMap((event) =>
    event.type === 5 && event.data.tag === tag ? [event.data.payload] : [],
  );
}

describe('recorder input masking', () => {
  it('masks typed values by default', async () => {
    const page = await openTodoMvc();
    await addTodo(page, 'Buy milk');
    const texts = inputTexts(await recordedEvents(page), 'new-todo');
    expect(texts).toContain('********');
    expect(texts.every((text) => /^\**$/.test(text))).toBe(true);
  });

  it('records a field with the unmask attribute', async () => {
    const page = await openTodoMvc();
    await page.locator('#new-todo').evaluate((input) => {
      input.setAttribute('data-replaygate-unmask', '');
    });
    await addTodo(page, 'Buy milk');
    expect(inputTexts(await recordedEvents(page), 'new-todo')).toContain('Buy milk');
  });

  it('records a field matching unmaskInputSelector', async () => {
    const page = await openTodoMvc(`unmaskInputSelector: '#new-todo'`);
    await addTodo(page, 'Buy milk');
    expect(inputTexts(await recordedEvents(page), 'new-todo')).toContain('Buy milk');
  });

  it('masks a password inside an unmasked element', async () => {
    const page = await openTodoMvc();
    await page.evaluate(() => {
      const box = document.createElement('div');
      box.setAttribute('data-replaygate-unmask', '');
      box.innerHTML = '<input id="pin" type="password"><input id="nick">';
      document.body.append(box);
    });
    await page.locator('#pin').pressSequentially('hunter2');
    await page.locator('#nick').pressSequentially('ada');
    const events = await recordedEvents(page);
    expect(inputTexts(events, 'pin').at(-1)).toBe('*******');
    expect(inputTexts(events, 'nick').at(-1)).toBe('ada');
  });
  it('masks frame passwords in unmasked elements', async () => {
    const page = await openTodoMvc();
    // A frame's first document can have elements of the page's classes in Chromium, so the
    // fields are in a second one, whose elements have the frame's classes.
    await loadFrame(page, '<p>Loading</p>');
    const frame = await loadFrame(
      page,
      '<div data-replaygate-unmask><input id="pin" type="password"><input id="nick"></div>',
    );
    await frame.locator('#pin').pressSequentially('hunter2');
    await frame.locator('#nick').pressSequentially('ada');
    const events = await recordedEvents(page);

    expect(inputTexts(events, 'pin').at(-1)).toBe('*******');
    expect(inputTexts(events, 'nick').at(-1)).toBe('ada');
  });
});

describe('recorder detectors in the page', () => {
  it('masks an e-mail address in input and DOM text', async () => {
    const page = await openTodoMvc(`unmaskInputSelector: '#new-todo'`);
    await addTodo(page, EMAIL);
    const events = await recordedEvents(page);
    // TodoMVC empties the field after Enter, so the typed value is the last non-empty one.
    const typed = inputTexts(events, 'new-todo').filter((text) => text !== '');
    expect(typed.at(-1)).toBe(EMAIL_MASK);
    expect(addedTexts(events)).toContain(EMAIL_MASK);
    const uploaded = JSON.stringify(collector.uploads.map((upload) => upload.batch));
    expect(uploaded.includes(EMAIL)).toBe(false);
  });

  it('masks values under a selector rule', async () => {
    const page = await openTodoMvc(
      `unmaskInputSelector: '#new-todo', sanitize: { selectors: [` +
        `{ name: 'todos', selector: '#todo-list' }, { name: 'entry', selector: '#new-todo' }] }`,
    );
    await addTodo(page, 'Buy milk');
    const events = await recordedEvents(page);
    const typed = inputTexts(events, 'new-todo').filter((text) => text !== '');
    expect(typed.at(-1)).toBe('*** ****');
    expect(addedTexts(events)).toContain('*** ****');
    const uploaded = JSON.stringify(collector.uploads.map((upload) => upload.batch));
    expect(uploaded.includes('Buy milk')).toBe(false);
  });

  it('masks choices under option rules', async () => {
    const page = await openTodoMvc(
      `sanitize: { selectors: [{ name: 'person', selector: 'option.person' }] }`,
    );
    await page.evaluate(() => {
      const select = document.createElement('select');
      select.id = 'payee';
      select.toggleAttribute('data-replaygate-unmask', true);
      select.innerHTML =
        '<option value="nobody">Nobody</option>' +
        '<option class="person" value="Quentin Marlowe">Quentin Marlowe</option>';
      document.body.append(select);
    });
    await page.locator('#payee').selectOption('Quentin Marlowe');
    await page.locator('#payee').selectOption('nobody');
    const events = await recordedEvents(page);
    expect(inputTexts(events, 'payee')).toEqual(['******* *******', 'nobody']);
    expect(customPayloads(events, CUSTOM_EVENT_TAGS.select)).toEqual([
      { id: nodeIdOf(events, 'payee'), values: ['******* *******'] },
      { id: nodeIdOf(events, 'payee'), values: ['nobody'] },
    ]);
    const uploaded = JSON.stringify(collector.uploads.map((upload) => upload.batch));
    expect(uploaded.includes('Quentin')).toBe(false);
  });

  it('masks contenteditable edits under a selector rule', async () => {
    const page = await openTodoMvc(
      `sanitize: { selectors: [{ name: 'note', selector: '#note' }] }`,
    );
    await typeNote(page);
    const events = await recordedEvents(page);
    const edits = customPayloads(events, CUSTOM_EVENT_TAGS.edit) as Array<{ text: string }>;
    expect(edits.at(-1)?.text).toBe('*** ****\n***');
    const uploaded = JSON.stringify(collector.uploads.map((upload) => upload.batch));
    expect(uploaded.includes('milk')).toBe(false);
  });

  it('rejects an invalid selector rule', async () => {
    context = await newRecordedContext(
      bed.browser,
      `{ endpoint: ${JSON.stringify(collector.url)}, token: ${JSON.stringify(collector.token)}, ` +
        `sanitize: { selectors: [{ name: 'broken', selector: 'li[' }] } }`,
    );
    const page = await context.newPage();
    await page.goto(bed.todoUrl);
    const outcome = await page.evaluate(() => {
      const scope = window as unknown as { __replaygateRecording: Promise<unknown> };
      return scope.__replaygateRecording.then(
        () => 'started',
        (error: Error) => error.message,
      );
    });
    expect(outcome).toContain('rule "broken" has an invalid CSS selector "li["');
  });

  it('masks an e-mail address in the page URL', async () => {
    const page = await openTodoMvc();
    await page.evaluate((email) => history.pushState(null, '', `?contact=${email}`), EMAIL);
    const urls = customPayloads(await recordedEvents(page), CUSTOM_EVENT_TAGS.url);
    expect(urls).toEqual([{ href: expect.stringContaining(`?contact=${EMAIL_MASK}`) }]);
  });

  it('masks an e-mail address inside a base64 data URL', async () => {
    const page = await openTodoMvc();
    const dataUrl = `data:text/plain;base64,${Buffer.from(`mail ${EMAIL}`).toString('base64')}`;
    await page.evaluate((href) => {
      const link = document.createElement('a');
      link.id = 'download';
      link.href = href;
      document.body.append(link);
    }, dataUrl);
    const events = await recordedEvents(page);
    const hrefs = events.flatMap((event) =>
      event.type === 3 && event.data.source === 0
        ? event.data.adds.flatMap((add) => {
            const attributes = (add.node as { attributes?: Record<string, unknown> }).attributes;
            return attributes?.id === 'download' ? [String(attributes.href)] : [];
          })
        : [],
    );
    expect(hrefs).toEqual([
      `data:text/plain;base64,${Buffer.from(`mail ${EMAIL_MASK}`).toString('base64')}`,
    ]);
  });

  it('passes maskTextSelector to rrweb', async () => {
    const page = await openTodoMvc(
      `unmaskInputSelector: '#new-todo', maskTextSelector: '#todo-list'`,
    );
    await addTodo(page, 'Buy milk');
    const texts = addedTexts(await recordedEvents(page));
    expect(texts).toContain('*** ****');
    expect(texts).not.toContain('Buy milk');
  });
});

/**
 * Loads this HTML into the same-origin frame `#pane`, which it adds to the page first when
 * there is none, and waits for the frame's document.
 */
async function loadFrame(page: Page, html: string): Promise<FrameLocator> {
  await page.evaluate(
    (srcdoc) =>
      new Promise<void>((resolve) => {
        let frame = document.querySelector<HTMLIFrameElement>('#pane');
        if (frame === null) {
          frame = document.createElement('iframe');
          frame.id = 'pane';
          document.body.append(frame);
        }
        frame.addEventListener('load', () => resolve(), { once: true });
        frame.srcdoc = srcdoc;
      }),
    html,
  );
  return page.frameLocator('#pane');
}

/** Points the frame `#pane` at a page of an opaque origin and waits until it shows it. */
async function showOtherOrigin(page: Page): Promise<void> {
  await page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        const frame = document.querySelector<HTMLIFrameElement>('#pane')!;
        frame.addEventListener('load', () => resolve(), { once: true });
        // `srcdoc` wins over `src` while it is set.
        frame.removeAttribute('srcdoc');
        frame.src = 'data:text/html,<p>Elsewhere</p>';
      }),
  );
}

/** Collects the texts of the page's console errors from now on. */
function consoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') {
      errors.push(message.text());
    }
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

/** Adds a `contenteditable` note to the page and types two lines into it. */
async function typeNote(page: Page): Promise<void> {
  await page.evaluate(() => {
    const note = document.createElement('div');
    note.id = 'note';
    note.contentEditable = 'true';
    note.textContent = 'Draft';
    document.body.append(note);
  });
  const note = page.locator('#note');
  await note.click();
  await page.keyboard.press('Control+A');
  await note.pressSequentially('Buy milk\nnow');
}

describe('recorder custom events', () => {
  it('records contenteditable edits with the previous text', async () => {
    const page = await openTodoMvc();
    await typeNote(page);
    const events = await recordedEvents(page);
    const edits = customPayloads(events, CUSTOM_EVENT_TAGS.edit);
    const id = nodeIdOf(events, 'note');
    expect(edits[0]).toEqual({ id, text: 'B', previous: 'Draft' });
    expect(edits.at(-1)).toEqual({ id, text: 'Buy milk\nnow' });
    expect(edits).toHaveLength('Buy milk\nnow'.length);
  });

  it('masks edits where rrweb masks text', async () => {
    const page = await openTodoMvc(`maskTextSelector: '#note'`);
    await typeNote(page);
    const events = await recordedEvents(page);
    const edits = customPayloads(events, CUSTOM_EVENT_TAGS.edit);
    expect(edits.at(-1)).toEqual({ id: nodeIdOf(events, 'note'), text: '*** ****\n***' });
    expect(JSON.stringify(events)).not.toContain('milk');
  });

  it('records special keys with their node', async () => {
    const page = await openTodoMvc();
    await addTodo(page, 'Buy milk');
    const events = await recordedEvents(page);
    expect(customPayloads(events, CUSTOM_EVENT_TAGS.key)).toContainEqual(
      expect.objectContaining({ key: 'Enter', id: nodeIdOf(events, 'new-todo') }),
    );
  });

  it('records dialog answers, masking prompt text', async () => {
    const page = await openTodoMvc();
    page.on('dialog', (dialog) => void dialog.accept(EMAIL));
    await page.evaluate(() => [confirm('Clear the list?'), prompt('Your e-mail')]);
    const events = await recordedEvents(page);
    expect(customPayloads(events, CUSTOM_EVENT_TAGS.dialog)).toEqual([
      { type: 'confirm', accepted: true },
      { type: 'prompt', accepted: true, value: '*'.repeat(EMAIL.length) },
    ]);
  });

  it('reports the page loads that a page starts', async () => {
    const page = await openTodoMvc();
    await page.evaluate(() => {
      const link = document.createElement('a');
      link.id = 'next';
      link.href = '?next';
      link.textContent = 'Next';
      document.body.append(link);
    });
    await page.locator('#next').click();
    await page.waitForURL(/\?next$/);
    await page.locator('#new-todo').waitFor();
    const navigations = customPayloads(await recordedEvents(page), CUSTOM_EVENT_TAGS.navigation);
    expect(navigations).toEqual([
      { type: 'navigate', reportsLeaving: true },
      { type: 'leave', href: `${bed.todoUrl}?next`, navigationType: 'push', userInitiated: true },
      { type: 'navigate', reportsLeaving: true },
    ]);
  });

  it('records chosen files, with names masked unless unmasked', async () => {
    const page = await openTodoMvc();
    await page.evaluate(() => {
      for (const id of ['masked', 'open']) {
        const input = document.createElement('input');
        input.type = 'file';
        input.id = id;
        document.body.append(input);
      }
      document.getElementById('open')!.setAttribute('data-replaygate-unmask', '');
    });
    const file = { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('Buy milk') };
    await page.locator('#masked').setInputFiles(file);
    await page.locator('#open').setInputFiles(file);
    const events = await recordedEvents(page);
    expect(customPayloads(events, CUSTOM_EVENT_TAGS.files)).toEqual([
      {
        id: nodeIdOf(events, 'masked'),
        files: [{ name: '*********', type: 'text/plain', size: 8 }],
      },
      { id: nodeIdOf(events, 'open'), files: [{ name: 'notes.txt', type: 'text/plain', size: 8 }] },
    ]);
  });

  it('records hash navigation as a URL event', async () => {
    const page = await openTodoMvc();
    await addTodo(page, 'Buy milk');
    await page.getByRole('link', { name: 'Active' }).click();
    const urls = customPayloads(await recordedEvents(page), CUSTOM_EVENT_TAGS.url);
    expect(urls).toEqual([{ href: `${bed.todoUrl}#/active` }]);
  });

  it('records custom events in frames', async () => {
    const page = await openTodoMvc();
    const html =
      '<form id="pet" onsubmit="event.preventDefault()"><input id="name" data-replaygate-unmask>' +
      '<select id="kind" data-replaygate-unmask><option value="">-</option><option value="dog">Dog</option></select>' +
      '<button id="send">Send</button></form><div id="note" contenteditable>Draft</div>';
    const frame = await loadFrame(page, html);
    await frame.locator('#name').press('Enter');
    await frame.locator('#kind').selectOption('dog');
    await frame.locator('#note').click();
    await frame.locator('#note').press('End');
    await frame.locator('#note').pressSequentially('!');
    page.on('dialog', (dialog) => void dialog.accept());
    await frame.locator('#send').evaluate(() => confirm('Send it?'));
    // A new document in the same frame gets the listeners once more, not twice.
    await loadFrame(page, '<input id="second">');
    await frame.locator('#second').press('Enter');
    const events = await recordedEvents(page);

    const keys = customPayloads(events, CUSTOM_EVENT_TAGS.key);
    expect(keys).toContainEqual(
      expect.objectContaining({ key: 'Enter', id: nodeIdOf(events, 'name') }),
    );
    expect(
      keys.filter((key) => (key as { id: number }).id === nodeIdOf(events, 'second')),
    ).toHaveLength(1);
    expect(customPayloads(events, CUSTOM_EVENT_TAGS.select)).toContainEqual({
      id: nodeIdOf(events, 'kind'),
      values: ['dog'],
    });
    expect(customPayloads(events, CUSTOM_EVENT_TAGS.edit).at(-1)).toMatchObject({
      id: nodeIdOf(events, 'note'),
      text: 'Draft!',
    });
    expect(customPayloads(events, CUSTOM_EVENT_TAGS.dialog)).toEqual([
      { type: 'confirm', accepted: true },
    ]);
  });

  it('records frames after a cross-origin one', async () => {
    const page = await openTodoMvc();
    const errors = consoleErrors(page);
    await loadFrame(page, '<input id="first">');
    await showOtherOrigin(page);
    await page.evaluate(() => document.querySelector('#pane')!.remove());
    const frame = await loadFrame(page, '<input id="later">');
    await frame.locator('#later').press('Enter');
    const events = await recordedEvents(page);

    expect(customPayloads(events, CUSTOM_EVENT_TAGS.key)).toContainEqual(
      expect.objectContaining({ key: 'Enter', id: nodeIdOf(events, 'later') }),
    );
    expect(customPayloads(events, PAGE_ERROR_TAG)).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('stops with a cross-origin frame', async () => {
    const page = await openTodoMvc();
    await loadFrame(page, '<input id="first">');
    await showOtherOrigin(page);

    const stopped = page.evaluate(async () => {
      const scope = window as unknown as {
        __replaygateRecording: Promise<{ stop(): Promise<void> }>;
      };
      await (await scope.__replaygateRecording).stop();
      return 'stopped';
    });

    await expect(stopped).resolves.toBe('stopped');
  });

  it('records a frame sandboxed without scripts', async () => {
    const page = await openTodoMvc();
    const errors = consoleErrors(page);
    await page.evaluate(
      () =>
        new Promise<void>((resolve) => {
          const frame = document.createElement('iframe');
          frame.id = 'pane';
          frame.setAttribute('sandbox', 'allow-same-origin');
          frame.addEventListener('load', () => resolve(), { once: true });
          frame.srcdoc =
            '<input id="boxed"><select id="pick"><option>a</option><option>b</option></select>';
          document.body.append(frame);
        }),
    );
    const frame = page.frameLocator('#pane');
    await frame.locator('#boxed').press('Enter');
    await frame.locator('#boxed').press('a');
    await frame.locator('#pick').selectOption('b');
    const events = await recordedEvents(page);

    // The listeners belong to the page's script, which the frame's sandbox does not block.
    expect(customPayloads(events, CUSTOM_EVENT_TAGS.key)).toContainEqual(
      expect.objectContaining({ key: 'Enter', id: nodeIdOf(events, 'boxed') }),
    );
    expect(customPayloads(events, CUSTOM_EVENT_TAGS.select)).toEqual([
      { id: nodeIdOf(events, 'pick'), values: ['*'] },
    ]);
    expect(errors).toEqual([]);
  });

  it('records submits and masks select values unless unmasked', async () => {
    const page = await openTodoMvc();
    await page.evaluate(() => {
      const form = document.createElement('form');
      form.id = 'pet';
      form.innerHTML =
        '<select id="kind"><option value="">-</option><option value="dog">Dog</option></select>' +
        '<select id="size" data-replaygate-unmask><option value="">-</option><option value="big">Big</option></select>' +
        '<button id="send">Send</button>';
      form.addEventListener('submit', (event) => event.preventDefault());
      document.body.append(form);
    });
    await page.locator('#kind').selectOption('dog');
    await page.locator('#size').selectOption('big');
    await page.locator('#send').click();
    const events = await recordedEvents(page);
    expect(customPayloads(events, CUSTOM_EVENT_TAGS.select)).toEqual([
      { id: nodeIdOf(events, 'kind'), values: ['***'] },
      { id: nodeIdOf(events, 'size'), values: ['big'] },
    ]);
    expect(customPayloads(events, CUSTOM_EVENT_TAGS.submit)).toEqual([
      { id: nodeIdOf(events, 'pet') },
    ]);
  });
});
