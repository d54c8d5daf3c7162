import { MouseInteractions } from '@rrweb/types';
import { describe, expect, test } from 'vitest';
import type { Action, ActionPlan } from './plan.js';
import { CUSTOM_EVENT_TAGS } from '../fixture/recording.js';
import { elementTarget } from './action-target.js';
import { compilePlan } from './compile-plan.js';
import { h, RrwebStream, type Refs } from './testing/rrweb-stream.js';

const URL = 'http://127.0.0.1:8080/';

function ref(refs: Refs, name: string): number {
  const id = refs[name];
  if (id === undefined) {
    throw new Error(`no ref ${name}`);
  }
  return id;
}

function todoApp(stream: RrwebStream, href = URL): Refs {
  return stream.page(
    href,
    h(
      'section',
      { class: 'todoapp' },
      h('input', { ref: 'field', class: 'new-todo', placeholder: 'What needs to be done?' }),
      h('ul', { ref: 'list', class: 'todo-list' }),
      h('input', { ref: 'agree', type: 'checkbox', id: 'agree' }),
      h('label', { ref: 'agree-label', for: 'agree' }, 'I agree'),
      h(
        'select',
        { ref: 'size', name: 'size', value: 's' },
        h('option', { value: 's' }, 'S'),
        h('option', { value: 'm' }, 'M'),
      ),
      h('div', { ref: 'panel', class: 'panel' }, 'Long content'),
      h('a', { ref: 'next', href: '/next' }, 'Next page'),
    ),
  );
}

function kinds(plan: ActionPlan): string[] {
  return plan.steps.map((step) => step.action.kind);
}

function actionAt(plan: ActionPlan, index: number): Action {
  const step = plan.steps[index];
  if (!step) {
    throw new Error(`no step ${index}`);
  }
  return step.action;
}

describe('compilePlan typing', () => {
  test('keystrokes collapse into one type', () => {
    const stream = new RrwebStream();
    const refs = todoApp(stream);
    stream.wait(100).click(ref(refs, 'field')).typeText(ref(refs, 'field'), 'Buy milk');
    const plan = compilePlan(stream.recording());
    expect(kinds(plan)).toEqual(['click', 'type']);
    expect(actionAt(plan, 1)).toMatchObject({ kind: 'type', text: 'Buy milk', clearFirst: false });
  });

  test('appended text is typed as the suffix', () => {
    const stream = new RrwebStream();
    const refs = todoApp(stream);
    const field = ref(refs, 'field');
    stream.wait(10).input(field, 'Buy', { userTriggered: false });
    stream.wait(100).typeText(field, ' milk', 'Buy');
    const plan = compilePlan(stream.recording());
    expect(plan.steps.map((step) => step.action)).toMatchObject([
      { kind: 'type', text: ' milk', clearFirst: false },
    ]);
  });

  test('replaced text clears the field first', () => {
    const stream = new RrwebStream();
    const refs = todoApp(stream);
    const field = ref(refs, 'field');
    stream.wait(10).input(field, 'Buy milk', { userTriggered: false });
    stream.wait(100).typeText(field, 'Walk', '');
    const plan = compilePlan(stream.recording());
    expect(plan.steps.map((step) => step.action)).toMatchObject([
      { kind: 'type', text: 'Walk', clearFirst: true },
    ]);
  });

  test('app clearing the field infers Enter', () => {
    const stream = new RrwebStream();
    const refs = todoApp(stream);
    const field = ref(refs, 'field');
    stream.wait(100).typeText(field, 'Buy milk');
    stream.wait(30).add(ref(refs, 'list'), h('li', {}, 'Buy milk'));
    stream.input(field, '', { userTriggered: false });
    const plan = compilePlan(stream.recording());
    expect(plan.steps.map((step) => step.action)).toMatchObject([
      { kind: 'type', text: 'Buy milk' },
      { kind: 'press', key: 'Enter', inferred: true, target: { nodeId: field } },
    ]);
  });

  test('a recorded Enter key is not inferred', () => {
    const stream = new RrwebStream();
    const refs = todoApp(stream);
    const field = ref(refs, 'field');
    stream.wait(100).typeText(field, 'Buy milk').wait(20).key(field, 'Enter');
    stream.wait(5).input(field, '', { userTriggered: false });
    const plan = compilePlan(stream.recording());
    expect(plan.steps.map((step) => step.action)).toMatchObject([
      { kind: 'type', text: 'Buy milk' },
      { kind: 'press', key: 'Enter', inferred: false },
    ]);
  });

  test('field removed after typing infers Enter', () => {
    const stream = new RrwebStream();
    const refs = todoApp(stream);
    const edit = ref(
      stream.add(
        ref(refs, 'list'),
        h('li', {}, h('input', { ref: 'edit', class: 'edit', value: 'Buy milk' })),
      ),
      'edit',
    );
    stream.wait(100).typeText(edit, ' now', 'Buy milk');
    stream.wait(40).remove(ref(refs, 'list'), edit - 1);
    const plan = compilePlan(stream.recording());
    expect(plan.steps.map((step) => step.action)).toMatchObject([
      { kind: 'type', text: ' now', clearFirst: false },
      { kind: 'press', key: 'Enter', inferred: true },
    ]);
  });

  test('editing keys inside typing are absorbed', () => {
    const stream = new RrwebStream();
    const refs = todoApp(stream);
    const field = ref(refs, 'field');
    stream.wait(100).typeText(field, 'Buyy');
    stream.wait(50).key(field, 'Backspace').input(field, 'Buy', { userTriggered: true });
    stream.typeText(field, ' milk', 'Buy').key(field, 'Tab');
    const plan = compilePlan(stream.recording());
    expect(plan.steps.map((step) => step.action)).toMatchObject([
      { kind: 'type', text: 'Buy milk' },
      { kind: 'press', key: 'Tab' },
    ]);
  });

  test('modifier keys are part of the key name', () => {
    const stream = new RrwebStream();
    const refs = todoApp(stream);
    stream.wait(100).key(ref(refs, 'panel'), 'Enter', { ctrlKey: true });
    const plan = compilePlan(stream.recording());
    expect(actionAt(plan, 0)).toMatchObject({ kind: 'press', key: 'Control+Enter' });
  });
});

/** Writes a page with a `contenteditable` note and a button that saves it. */
function notePage(stream: RrwebStream): Refs {
  return stream.page(
    URL,
    h('div', { ref: 'note', id: 'note', contenteditable: 'true' }),
    h('button', { ref: 'save', type: 'button' }, 'Save'),
  );
}

describe('compilePlan typing into contenteditable elements', () => {
  test('edits collapse into one type step', () => {
    const stream = new RrwebStream();
    const refs = notePage(stream);
    const note = ref(refs, 'note');
    stream.wait(100).click(note).typeEdits(note, 'Buy oat milk', '', '');
    stream.wait(40).key(note, 'Enter').typeEdits(note, 'Call Ann', 'Buy oat milk\n');
    stream.wait(40).key(note, 'Backspace').custom(CUSTOM_EVENT_TAGS.edit, {
      id: note,
      text: 'Buy oat milk\nCall An',
    });
    stream.typeEdits(note, 'dy', 'Buy oat milk\nCall An');
    stream.wait(100).click(ref(refs, 'save'));
    const plan = compilePlan(stream.recording());
    expect(plan.steps.map((step) => step.action)).toMatchObject([
      { kind: 'click', target: { nodeId: note } },
      {
        kind: 'type',
        target: { nodeId: note },
        text: 'Buy oat milk\nCall Andy',
        clearFirst: false,
      },
      { kind: 'click', target: { nodeId: ref(refs, 'save') } },
    ]);
  });

  test('keys on an editable body join its typing', () => {
    const stream = new RrwebStream();
    const refs = stream.page(URL, h('p', {}, 'Shopping'));
    const body = ref(refs, 'body');
    // Editors that run in a frame of their own make the frame's whole body editable.
    stream.setAttributes(body, { contenteditable: 'true' });
    stream.wait(100).click(body).wait(40).key(body, 'End');
    stream.typeEdits(body, ' list', 'Shopping', 'Shopping').wait(40).key(body, 'Enter');
    stream.typeEdits(body, 'pears', 'Shopping list\n');
    const plan = compilePlan(stream.recording());
    expect(plan.steps.map((step) => step.action)).toMatchObject([
      { kind: 'click' },
      { kind: 'type', target: { nodeId: body }, text: ' list\npears' },
    ]);
  });

  test('keys on a body that is not editable stay presses', () => {
    const stream = new RrwebStream();
    const refs = notePage(stream);
    stream.wait(100).key(ref(refs, 'body'), 'End');
    const plan = compilePlan(stream.recording());
    expect(plan.steps.map((step) => step.action)).toMatchObject([
      { kind: 'press', key: 'End', target: null },
    ]);
  });

  test('Enters without edits stay in the text', () => {
    const stream = new RrwebStream();
    const refs = notePage(stream);
    const note = ref(refs, 'note');
    stream.wait(100).typeEdits(note, 'Dear team,', '', '');
    stream.wait(40).key(note, 'Enter').wait(40).key(note, 'Enter');
    stream.typeEdits(note, 'Thanks', 'Dear team,\n\n');
    const plan = compilePlan(stream.recording());
    expect(plan.steps.map((step) => step.action)).toMatchObject([
      { kind: 'type', text: 'Dear team,\n\nThanks' },
    ]);
  });

  test('Enter that the app handles stays a press', () => {
    const stream = new RrwebStream();
    const refs = notePage(stream);
    const note = ref(refs, 'note');
    // A chat box: Enter sends the message and the app empties the box.
    stream.wait(100).typeEdits(note, 'one', '', '').wait(40).key(note, 'Enter');
    stream.wait(200).typeEdits(note, 'two', '', '').wait(40).key(note, 'Enter');
    const plan = compilePlan(stream.recording());
    expect(plan.steps.map((step) => step.action)).toMatchObject([
      { kind: 'type', text: 'one', clearFirst: false },
      { kind: 'press', key: 'Enter' },
      { kind: 'type', text: 'two', clearFirst: false },
      { kind: 'press', key: 'Enter' },
    ]);
  });

  test('markup rewritten while typing continues the run', () => {
    const stream = new RrwebStream();
    const refs = notePage(stream);
    const note = ref(refs, 'note');
    stream.wait(100).typeEdits(note, 'Trix text', '', '').wait(40).key(note, 'Enter');
    stream.custom(CUSTOM_EVENT_TAGS.edit, { id: note, text: 'Trix text\n' });
    // The editor turns its new block into a line break before the next key arrives.
    stream.wait(10).typeEdits(note, 'Line two', 'Trix text\u2028', 'Trix text\u2028');
    stream.wait(500).click(ref(refs, 'save'));
    const plan = compilePlan(stream.recording());
    expect(plan.steps.map((step) => step.action)).toMatchObject([
      { kind: 'type', text: 'Trix text\u2028Line two', clearFirst: false },
      { kind: 'click' },
    ]);
  });

  test('select-all and typing replace the text', () => {
    const stream = new RrwebStream();
    const refs = notePage(stream);
    const note = ref(refs, 'note');
    stream.wait(100).typeEdits(note, 'ab', '', '');
    stream.wait(100).click(ref(refs, 'save'));
    // Control+A is not recorded, and the editor replaces the selection with the first key.
    stream.wait(300).typeEdits(note, 'd', 'c', 'c');
    const plan = compilePlan(stream.recording());
    expect(plan.steps.map((step) => step.action)).toMatchObject([
      { kind: 'type', text: 'ab' },
      { kind: 'click' },
      { kind: 'type', text: 'cd', clearFirst: true },
    ]);
  });

  test('Enter after a toolbar click is typed', () => {
    const stream = new RrwebStream();
    const refs = notePage(stream);
    const note = ref(refs, 'note');
    stream.wait(100).typeEdits(note, 'a', '', '');
    stream.wait(100).click(ref(refs, 'save'));
    // The editor writes the new line itself, so the next edit names it as the text before.
    stream.wait(100).key(note, 'Enter');
    stream.wait(50).typeEdits(note, 'b', 'a\n', 'a\n');
    const plan = compilePlan(stream.recording());
    expect(plan.steps.map((step) => step.action)).toMatchObject([
      { kind: 'type', text: 'a' },
      { kind: 'click' },
      { kind: 'type', text: '\nb', clearFirst: false },
    ]);
  });

  test('Enter that no edit follows stays a press', () => {
    const stream = new RrwebStream();
    const refs = notePage(stream);
    const note = ref(refs, 'note');
    stream.wait(100).typeEdits(note, 'Send this', '', '').wait(40).key(note, 'Enter');
    const plan = compilePlan(stream.recording());
    expect(plan.steps.map((step) => step.action)).toMatchObject([
      { kind: 'type', text: 'Send this' },
      { kind: 'press', key: 'Enter', inferred: false },
    ]);
  });

  test('app text is appended to or replaced', () => {
    const stream = new RrwebStream();
    const refs = notePage(stream);
    const note = ref(refs, 'note');
    stream.wait(100).typeEdits(note, ' and tea', 'Buy milk', 'Buy milk');
    stream.wait(100).click(ref(refs, 'save'));
    // The app emptied the note, and the user typed a new one at its start.
    stream.wait(100).typeEdits(note, 'Call', '', 'Draft');
    const plan = compilePlan(stream.recording());
    expect(plan.steps.map((step) => step.action)).toMatchObject([
      { kind: 'type', text: ' and tea', clearFirst: false },
      { kind: 'click' },
      { kind: 'type', text: 'Call', clearFirst: true },
    ]);
  });

  test('edit without previous text continues', () => {
    const stream = new RrwebStream();
    const refs = notePage(stream);
    const note = ref(refs, 'note');
    stream.wait(100).typeEdits(note, 'Buy', '', '');
    stream.wait(100).click(ref(refs, 'save'));
    stream.wait(100).typeEdits(note, ' milk', 'Buy');
    const plan = compilePlan(stream.recording());
    expect(plan.steps.map((step) => step.action)).toMatchObject([
      { kind: 'type', text: 'Buy' },
      { kind: 'click' },
      { kind: 'type', text: ' milk', clearFirst: false },
    ]);
  });
});

describe('compilePlan file inputs', () => {
  function uploadForm(stream: RrwebStream): Refs {
    return stream.page(
      URL,
      h('input', { ref: 'photo', id: 'photo', type: 'file', multiple: '' }),
      h('button', { ref: 'send', type: 'button' }, 'Send'),
    );
  }

  test('chosen files become an upload step', () => {
    const stream = new RrwebStream();
    const refs = uploadForm(stream);
    const photo = ref(refs, 'photo');
    const files = [
      { name: 'lake.png', type: 'image/png', size: 5120 },
      { name: 'notes.txt', type: 'text/plain', size: 12 },
    ];
    stream.wait(100).click(photo);
    stream.wait(2000).input(photo, 'C:\\fakepath\\lake.png', { userTriggered: true });
    stream.custom(CUSTOM_EVENT_TAGS.files, { id: photo, files });
    stream.wait(300).click(ref(refs, 'send'));
    const plan = compilePlan(stream.recording());
    expect(plan.steps.map((step) => step.action)).toMatchObject([
      { kind: 'click', target: { nodeId: photo } },
      { kind: 'upload', target: { nodeId: photo }, files },
      { kind: 'click', target: { nodeId: ref(refs, 'send') } },
    ]);
    expect(plan.warnings).toEqual([]);
  });

  test('a file choice without a files event is skipped with a warning', () => {
    const stream = new RrwebStream();
    const refs = uploadForm(stream);
    stream.wait(100).input(ref(refs, 'photo'), 'C:\\fakepath\\lake.png', { userTriggered: true });
    const plan = compilePlan(stream.recording());
    expect(plan.steps).toEqual([]);
    expect(plan.warnings).toEqual([
      expect.stringMatching(/^Skipped a file selection at 0\.\d+ s: /),
    ]);
  });
});

describe('compilePlan script clicks', () => {
  test("a handler's click on another element is no step", () => {
    const stream = new RrwebStream();
    const refs = stream.page(
      URL,
      h('div', { ref: 'zone', class: 'drop-zone' }, 'Choose files'),
      h('input', { ref: 'hidden', type: 'file', hidden: '' }),
    );
    // The zone's handler calls `hidden.click()`, which fires a click without a press.
    stream.wait(100).click(ref(refs, 'zone'));
    stream.wait(1).mouse(ref(refs, 'hidden'), MouseInteractions.Click);
    const plan = compilePlan(stream.recording());
    expect(
      plan.steps.map((step) => [step.action.kind, elementTarget(step.action)?.nodeId]),
    ).toEqual([['click', ref(refs, 'zone')]]);
  });
});

describe('compilePlan clicks', () => {
  test('click click dblclick becomes one dblclick', () => {
    const stream = new RrwebStream();
    const refs = todoApp(stream);
    stream.wait(100).dblclick(ref(refs, 'panel'));
    const plan = compilePlan(stream.recording());
    expect(kinds(plan)).toEqual(['dblclick']);
    expect(plan.steps[0]?.at).toBe(100);
  });

  test('checkbox input after its click is dropped', () => {
    const stream = new RrwebStream();
    const refs = todoApp(stream);
    const agree = ref(refs, 'agree');
    stream.wait(100).click(agree).input(agree, 'on', { userTriggered: true, isChecked: true });
    expect(kinds(compilePlan(stream.recording()))).toEqual(['click']);
  });

  test('label click keeps one click', () => {
    const stream = new RrwebStream();
    const refs = todoApp(stream);
    const agree = ref(refs, 'agree');
    stream.wait(100).click(ref(refs, 'agree-label')).mouse(agree, MouseInteractions.Click, 0, 0);
    stream.input(agree, 'on', { userTriggered: true, isChecked: true });
    const plan = compilePlan(stream.recording());
    expect(kinds(plan)).toEqual(['click']);
    expect(actionAt(plan, 0)).toMatchObject({ target: { nodeId: ref(refs, 'agree-label') } });
  });

  test('keyboard toggle becomes a click', () => {
    const stream = new RrwebStream();
    const refs = todoApp(stream);
    stream.wait(100).input(ref(refs, 'agree'), 'on', { userTriggered: true, isChecked: true });
    const plan = compilePlan(stream.recording());
    expect(actionAt(plan, 0)).toMatchObject({
      kind: 'click',
      target: { nodeId: ref(refs, 'agree') },
    });
  });

  test('select change becomes select', () => {
    const stream = new RrwebStream();
    const refs = todoApp(stream);
    const size = ref(refs, 'size');
    stream.wait(100).click(size).wait(500).input(size, 'm', { userTriggered: true });
    const plan = compilePlan(stream.recording());
    expect(plan.steps.map((step) => step.action)).toMatchObject([
      { kind: 'select', values: ['m'] },
    ]);
  });

  test('context menu is a right click', () => {
    const stream = new RrwebStream();
    const refs = todoApp(stream);
    stream.wait(100).mouse(ref(refs, 'panel'), MouseInteractions.ContextMenu);
    expect(actionAt(compilePlan(stream.recording()), 0)).toMatchObject({
      kind: 'click',
      button: 'right',
    });
  });

  test('targets resolve in the DOM of their moment', () => {
    const stream = new RrwebStream();
    const refs = todoApp(stream);
    const list = ref(refs, 'list');
    const first = stream.add(
      list,
      h('li', {}, h('button', { ref: 'remove', class: 'remove' }), 'Buy milk'),
    );
    stream.add(list, h('li', {}, h('button', { class: 'remove' }), 'Walk the dog'));
    stream.wait(100).click(ref(first, 'remove'));
    const plan = compilePlan(stream.recording());
    const action = actionAt(plan, 0);
    if (action.kind !== 'click') {
      throw new Error(`expected a click, got ${action.kind}`);
    }
    expect(action.target.candidates[0]).toMatchObject({
      strategy: 'keyed-path',
      hops: [{ css: '.todo-list' }, { css: 'li', text: 'Buy milk' }, { css: 'button.remove' }],
    });
  });

  test('unknown node ids become warnings', () => {
    const stream = new RrwebStream();
    todoApp(stream);
    stream.wait(100).click(4242).custom('other.recorder', {});
    const plan = compilePlan(stream.recording());
    expect(plan.steps).toEqual([]);
    expect(plan.warnings).toEqual([
      'Skipped a click at 0.10 s: node 4242 is not in the recorded DOM of page 0.',
      'Skipped custom rrweb events tagged "other.recorder".',
    ]);
  });
});

describe('compilePlan scrolling', () => {
  test('scrolls collapse to the last position', () => {
    const stream = new RrwebStream();
    const refs = todoApp(stream);
    const documentId = ref(refs, 'document');
    stream.wait(100).scroll(documentId, 0, 100).wait(16).scroll(documentId, 0, 300);
    stream.wait(16).scroll(ref(refs, 'panel'), 0, 40).wait(16).scroll(documentId, 0, 500);
    stream.wait(200).click(ref(refs, 'next'));
    const plan = compilePlan(stream.recording());
    expect(plan.steps.map((step) => step.action)).toMatchObject([
      { kind: 'scroll', target: { nodeId: ref(refs, 'panel') }, x: 0, y: 40 },
      { kind: 'scroll', target: 'window', x: 0, y: 500 },
      { kind: 'click' },
    ]);
  });

  test('scrolling back to the start is dropped', () => {
    const stream = new RrwebStream();
    const refs = todoApp(stream);
    stream
      .wait(100)
      .scroll(ref(refs, 'document'), 0, 100)
      .wait(16)
      .scroll(ref(refs, 'document'), 0, 0);
    expect(compilePlan(stream.recording()).steps).toEqual([]);
  });
});

describe('compilePlan navigation', () => {
  test('click before a page load expects the navigation', () => {
    const stream = new RrwebStream();
    const refs = todoApp(stream);
    stream.wait(100).click(ref(refs, 'next'));
    stream.wait(400);
    const next = todoApp(stream, `${URL}next`);
    stream.wait(100).click(ref(next, 'panel'));
    const plan = compilePlan(stream.recording());
    expect(plan.pages).toEqual([URL, `${URL}next`]);
    expect(
      plan.steps.map((step) => [step.action.kind, step.pageIndex, step.expectNavigationTo]),
    ).toEqual([
      ['click', 0, `${URL}next`],
      ['click', 1, undefined],
    ]);
    expect(plan.steps[1]?.gapMs).toBe(100);
  });

  test('page load without a cause is a navigate step', () => {
    const stream = new RrwebStream();
    todoApp(stream);
    stream.wait(20_000);
    todoApp(stream, `${URL}typed`);
    const plan = compilePlan(stream.recording());
    expect(plan.steps.map((step) => step.action)).toEqual([
      { kind: 'navigate', url: `${URL}typed` },
    ]);
  });

  test('typed URL soon after a click is a navigate step', () => {
    const stream = new RrwebStream();
    const refs = todoApp(stream);
    stream.custom(CUSTOM_EVENT_TAGS.navigation, { type: 'navigate', reportsLeaving: true });
    stream.wait(100).click(ref(refs, 'panel'));
    // No `leave` event: the browser, not the page, started the next load.
    stream.wait(500);
    todoApp(stream, `${URL}typed`);
    const plan = compilePlan(stream.recording());
    expect(plan.steps.map((step) => step.action)).toMatchObject([
      { kind: 'click' },
      { kind: 'navigate', url: `${URL}typed` },
    ]);
    expect(plan.steps[0]?.expectNavigationTo).toBeUndefined();
  });

  test('load the page announced is the click effect', () => {
    const stream = new RrwebStream();
    const refs = todoApp(stream);
    stream.custom(CUSTOM_EVENT_TAGS.navigation, { type: 'navigate', reportsLeaving: true });
    stream.wait(100).click(ref(refs, 'next'));
    stream.leave(`${URL}next`);
    stream.wait(500);
    todoApp(stream, `${URL}next`);
    const plan = compilePlan(stream.recording());
    expect(
      plan.steps.map((step) => [step.action.kind, step.pageIndex, step.expectNavigationTo]),
    ).toEqual([['click', 0, `${URL}next`]]);
  });

  test('intercepted leave starts no page load', () => {
    const stream = new RrwebStream();
    const refs = todoApp(stream);
    stream.custom(CUSTOM_EVENT_TAGS.navigation, { type: 'navigate', reportsLeaving: true });
    stream.wait(100).click(ref(refs, 'next'));
    stream.leave(`${URL}next`);
    // The app intercepted the navigation, so the document stayed and changed its URL.
    stream.wait(5).custom(CUSTOM_EVENT_TAGS.url, { href: `${URL}next` });
    stream.wait(500);
    todoApp(stream, `${URL}typed`);
    const plan = compilePlan(stream.recording());
    expect(
      plan.steps.map((step) => [step.action.kind, step.pageIndex, step.expectNavigationTo]),
    ).toEqual([
      ['click', 0, `${URL}next`],
      ['navigate', 0, undefined],
    ]);
  });

  test("script's reload is no reload step", () => {
    const stream = new RrwebStream();
    const refs = todoApp(stream);
    stream.custom(CUSTOM_EVENT_TAGS.navigation, { type: 'navigate', reportsLeaving: true });
    stream.wait(100).click(ref(refs, 'panel'));
    stream.wait(200).leave(URL, 'reload', false);
    stream.wait(300);
    todoApp(stream, URL);
    stream.custom(CUSTOM_EVENT_TAGS.navigation, { type: 'reload', reportsLeaving: true });
    const plan = compilePlan(stream.recording());
    expect(plan.steps.map((step) => [step.action.kind, step.expectNavigationTo])).toEqual([
      ['click', URL],
    ]);
  });

  test('reload button is a reload step', () => {
    const stream = new RrwebStream();
    const refs = todoApp(stream);
    stream.custom(CUSTOM_EVENT_TAGS.navigation, { type: 'navigate', reportsLeaving: true });
    stream.wait(100).click(ref(refs, 'panel'));
    stream.wait(300);
    todoApp(stream, URL);
    stream.custom(CUSTOM_EVENT_TAGS.navigation, { type: 'reload', reportsLeaving: true });
    const plan = compilePlan(stream.recording());
    expect(plan.steps.map((step) => step.action)).toMatchObject([
      { kind: 'click' },
      { kind: 'navigate', url: URL, via: 'reload' },
    ]);
  });

  test('short visit the browser ended is no redirect', () => {
    const stream = new RrwebStream();
    const refs = todoApp(stream);
    stream.custom(CUSTOM_EVENT_TAGS.navigation, { type: 'navigate', reportsLeaving: true });
    stream.wait(100).click(ref(refs, 'next'));
    stream.leave(`${URL}next`);
    stream.wait(300);
    todoApp(stream, `${URL}next`);
    stream.custom(CUSTOM_EVENT_TAGS.navigation, { type: 'navigate', reportsLeaving: true });
    // A URL typed a moment later: no `leave` event on the page before.
    stream.wait(800);
    todoApp(stream, `${URL}typed`);
    const plan = compilePlan(stream.recording());
    expect(
      plan.steps.map((step) => [step.action.kind, step.pageIndex, step.expectNavigationTo]),
    ).toEqual([
      ['click', 0, `${URL}next`],
      ['navigate', 1, undefined],
    ]);
  });

  test('redirect moves the expected URL on', () => {
    const stream = new RrwebStream();
    const refs = todoApp(stream);
    stream.wait(100).click(ref(refs, 'next'));
    stream.wait(300);
    todoApp(stream, `${URL}login`);
    stream.wait(50);
    const final = todoApp(stream, `${URL}home`);
    stream.wait(100).click(ref(final, 'panel'));
    const plan = compilePlan(stream.recording());
    expect(plan.pages).toEqual([URL, `${URL}login`, `${URL}home`]);
    expect(
      plan.steps.map((step) => [step.action.kind, step.pageIndex, step.expectNavigationTo]),
    ).toEqual([
      ['click', 0, `${URL}home`],
      ['click', 2, undefined],
    ]);
    expect(plan.checkpoints.map((checkpoint) => checkpoint.pageIndex)).toEqual([0, 2, 2]);
  });

  test('node ids restart at every full snapshot', () => {
    const stream = new RrwebStream();
    const first = todoApp(stream);
    stream.wait(100).click(ref(first, 'next'));
    stream.wait(300);
    const second = stream.page(`${URL}next`, h('button', { ref: 'ok', id: 'ok' }, 'OK'));
    expect(ref(second, 'ok')).toBeLessThan(ref(first, 'next'));
    stream.wait(100).click(ref(second, 'ok'));
    const plan = compilePlan(stream.recording());
    expect(actionAt(plan, 1)).toMatchObject({
      kind: 'click',
      target: { description: 'button#ok "OK"' },
    });
  });

  test('same-document URL change sets the expected URL', () => {
    const stream = new RrwebStream();
    const refs = todoApp(stream);
    stream
      .wait(100)
      .click(ref(refs, 'next'))
      .wait(30)
      .custom('replaygate.url', { href: `${URL}#/active` });
    const plan = compilePlan(stream.recording());
    expect(plan.steps[0]?.expectNavigationTo).toBe(`${URL}#/active`);
    expect(plan.pages).toEqual([URL]);
  });

  test('typing then a page load infers the Enter that submitted', () => {
    const stream = new RrwebStream();
    const refs = todoApp(stream);
    stream.wait(100).typeText(ref(refs, 'field'), 'milk');
    stream.wait(300);
    todoApp(stream, `${URL}search?q=milk`);
    const plan = compilePlan(stream.recording());
    expect(plan.steps.map((step) => [step.action.kind, step.expectNavigationTo])).toEqual([
      ['type', undefined],
      ['press', `${URL}search?q=milk`],
    ]);
  });
});

describe('compilePlan timing and checkpoints', () => {
  test('at and gapMs count from the session start', () => {
    const stream = new RrwebStream();
    const refs = todoApp(stream);
    stream.wait(250).click(ref(refs, 'panel')).wait(1000).click(ref(refs, 'next'));
    const plan = compilePlan(stream.recording());
    expect(plan.steps.map((step) => [step.at, step.gapMs])).toEqual([
      [250, 250],
      [1250, 1000],
    ]);
    expect(plan.durationMs).toBe(1250);
  });

  test('checkpoints follow load and action groups', () => {
    const stream = new RrwebStream();
    const refs = todoApp(stream);
    const field = ref(refs, 'field');
    stream.wait(100).click(field).typeText(field, 'Buy milk').wait(20).key(field, 'Enter');
    stream
      .wait(300)
      .scroll(ref(refs, 'document'), 0, 200)
      .wait(16)
      .scroll(ref(refs, 'panel'), 0, 50);
    stream.wait(500).click(ref(refs, 'panel')).wait(700);
    const plan = compilePlan(stream.recording());
    expect(kinds(plan)).toEqual(['click', 'type', 'press', 'scroll', 'scroll', 'click']);
    expect(plan.checkpoints.map(({ id, afterStep, reason }) => [id, afterStep, reason])).toEqual([
      ['p0-00', -1, 'action'],
      ['p0-01', 0, 'action'],
      ['p0-02', 2, 'action'],
      ['p0-03', 4, 'action'],
      ['p0-04', 5, 'action'],
    ]);
    const at = plan.steps.map((step) => step.at);
    expect(plan.checkpoints.map((checkpoint) => checkpoint.recordedAt)).toEqual([
      (at[0] ?? 0) - 1,
      (at[1] ?? 0) - 1,
      (at[3] ?? 0) - 1,
      (at[5] ?? 0) - 1,
      (at[5] ?? 0) + 500,
    ]);
    expect(plan.checkpoints[2]?.label).toBe('after typing into input.new-todo and pressing Enter');
  });

  test('a scroll right after a click joins its group', () => {
    // The browser scrolls a field into view before the click and fires the scroll event in
    // its next frame, so the event comes a few milliseconds after the click.
    const stream = new RrwebStream();
    const refs = todoApp(stream);
    stream.wait(100).click(ref(refs, 'field')).wait(4).scroll(ref(refs, 'document'), 0, 404);
    stream.wait(900).click(ref(refs, 'panel')).wait(700);
    const plan = compilePlan(stream.recording());
    expect(kinds(plan)).toEqual(['click', 'scroll', 'click']);
    expect(plan.checkpoints.map(({ afterStep }) => afterStep)).toEqual([-1, 1, 2]);
    expect(plan.checkpoints[1]?.recordedAt).toBe((plan.steps[2]?.at ?? 0) - 1);
  });

  test('a select step starts at the Input event that set its value', () => {
    // Playwright's selectOption sets the value, then the recorder reports the change a
    // millisecond later. The checkpoint before the step must not show the new value.
    const stream = new RrwebStream();
    const refs = todoApp(stream);
    const size = ref(refs, 'size');
    stream.wait(300).click(ref(refs, 'panel'));
    stream.wait(400).input(size, 'm', { userTriggered: false }).wait(1).selectChange(size, ['m']);
    stream.wait(600);
    const plan = compilePlan(stream.recording());
    expect(kinds(plan)).toEqual(['click', 'select']);
    const selectAt = plan.steps[1]?.at ?? 0;
    expect(selectAt).toBe((plan.steps[0]?.at ?? 0) + 400);
    expect(plan.checkpoints.find(({ afterStep }) => afterStep === 0)?.recordedAt).toBe(
      selectAt - 1,
    );
  });

  test('a scroll step starts at the first scroll of its run', () => {
    const stream = new RrwebStream();
    const refs = todoApp(stream);
    const page = ref(refs, 'document');
    stream.wait(100).click(ref(refs, 'panel')).wait(1000);
    for (const y of [200, 400, 600, 800]) {
      stream.scroll(page, 0, y).wait(150);
    }
    stream.wait(600).click(ref(refs, 'next')).wait(700);
    const plan = compilePlan(stream.recording());
    expect(kinds(plan)).toEqual(['click', 'scroll', 'click']);
    expect(plan.steps[1]?.at).toBe((plan.steps[0]?.at ?? 0) + 1000);
    expect(plan.checkpoints.find(({ afterStep }) => afterStep === 0)?.recordedAt).toBe(
      (plan.steps[1]?.at ?? 0) - 1,
    );
  });

  test('a scroll reported during a press follows the click', () => {
    // Playwright scrolls the field into view before pressing, and the scroll event arrives
    // between the press and the release.
    const stream = new RrwebStream();
    const refs = todoApp(stream);
    const field = ref(refs, 'field');
    stream.wait(100).mouse(field, MouseInteractions.MouseDown).wait(5);
    stream.scroll(ref(refs, 'document'), 0, 404).wait(20);
    stream.mouse(field, MouseInteractions.MouseUp).mouse(field, MouseInteractions.Click);
    stream.wait(900).click(ref(refs, 'panel')).wait(700);
    const plan = compilePlan(stream.recording());
    expect(kinds(plan)).toEqual(['click', 'scroll', 'click']);
    const [press, scroll, next] = plan.steps.map((step) => step.at);
    expect(scroll).toBe((press ?? 0) + 5);
    expect(plan.checkpoints.map(({ afterStep, recordedAt }) => [afterStep, recordedAt])).toEqual([
      [-1, (press ?? 0) - 1],
      [1, (next ?? 0) - 1],
      [2, (next ?? 0) + 500],
    ]);
  });

  test('Enter on a link is one step', () => {
    const stream = new RrwebStream();
    const refs = todoApp(stream);
    const next = ref(refs, 'next');
    stream.wait(300).key(next, 'Enter').mouse(next, MouseInteractions.Click);
    stream.wait(600).click(ref(refs, 'panel')).wait(500);
    const plan = compilePlan(stream.recording());
    expect(kinds(plan)).toEqual(['press', 'click']);
  });

  test("Enter in a form's field is one step", () => {
    const stream = new RrwebStream();
    const refs = stream.page(
      URL,
      h(
        'form',
        {},
        h('input', { ref: 'item', name: 'item' }),
        h('button', { ref: 'add' }, 'Add'),
        h('button', { ref: 'reset', type: 'button' }, 'Clear'),
      ),
      h('form', {}, h('input', { ref: 'other' }), h('button', { ref: 'search' }, 'Search')),
    );
    const item = ref(refs, 'item');

    stream.wait(100).click(item).typeText(item, 'Post the parcel');
    // The browser submits the form by clicking its submit button, without a press.
    stream.wait(40).key(item, 'Enter').mouse(ref(refs, 'add'), MouseInteractions.Click);
    stream.wait(400).key(item, 'Enter').mouse(ref(refs, 'reset'), MouseInteractions.Click);
    stream.wait(400).key(item, 'Enter').mouse(ref(refs, 'search'), MouseInteractions.Click);
    stream.wait(500);
    const plan = compilePlan(stream.recording());

    // A button that does not submit, and one of another form, were clicked by a script.
    expect(plan.steps.map((step) => step.action)).toMatchObject([
      { kind: 'click', target: { nodeId: item } },
      { kind: 'type', text: 'Post the parcel' },
      { kind: 'press', key: 'Enter' },
      { kind: 'press', key: 'Enter' },
      { kind: 'click', target: { nodeId: ref(refs, 'reset') } },
      { kind: 'press', key: 'Enter' },
      { kind: 'click', target: { nodeId: ref(refs, 'search') } },
    ]);
  });

  test('a click without a press long after Enter stays a step', () => {
    const stream = new RrwebStream();
    const refs = todoApp(stream);
    const next = ref(refs, 'next');
    stream.wait(300).key(next, 'Enter').wait(400).mouse(next, MouseInteractions.Click);
    stream.wait(500);
    const plan = compilePlan(stream.recording());
    expect(kinds(plan)).toEqual(['press', 'click']);
  });

  test('a window resize becomes one step with its last size', () => {
    const stream = new RrwebStream();
    const refs = todoApp(stream);
    stream.wait(300).click(ref(refs, 'panel')).wait(500);
    for (const width of [900, 700, 480]) {
      stream.resize(width, 700).wait(16);
    }
    stream.wait(500).click(ref(refs, 'next')).wait(500);
    const plan = compilePlan(stream.recording());
    expect(plan.steps.map((step) => step.action)).toContainEqual({
      kind: 'resize',
      width: 480,
      height: 700,
    });
    expect(kinds(plan)).toEqual(['click', 'resize', 'click']);
    expect(plan.steps[1]?.at).toBe((plan.steps[0]?.at ?? 0) + 500);
  });

  test('a scroll well after a click keeps its own checkpoint', () => {
    const stream = new RrwebStream();
    const refs = todoApp(stream);
    stream.wait(100).click(ref(refs, 'field')).wait(400).scroll(ref(refs, 'document'), 0, 404);
    stream.wait(900).click(ref(refs, 'panel')).wait(700);
    const plan = compilePlan(stream.recording());
    expect(plan.checkpoints.map(({ afterStep }) => afterStep)).toEqual([-1, 0, 1, 2]);
  });

  test.each([
    ['reload', 'reloading'],
    ['back_forward', 'going back or forward to'],
  ])('a %s right after a click is a step of its own', (type, verb) => {
    const stream = new RrwebStream();
    const refs = todoApp(stream);
    stream.wait(300).click(ref(refs, 'agree')).wait(800);
    todoApp(stream);
    stream.custom(CUSTOM_EVENT_TAGS.navigation, { type });
    stream.wait(400).click(ref(refs, 'panel')).wait(500);
    const plan = compilePlan(stream.recording());
    expect(kinds(plan)).toEqual(['click', 'navigate', 'click']);
    expect(plan.steps[0]?.expectNavigationTo).toBeUndefined();
    expect(plan.steps[1]?.action).toEqual({ kind: 'navigate', url: URL, via: type });
    expect(plan.checkpoints.map(({ label }) => label)).toContain(`after ${verb} ${URL}`);
  });

  test('back within the document is a step that expects its URL', () => {
    const stream = new RrwebStream();
    const refs = todoApp(stream);
    stream.wait(300).click(ref(refs, 'agree')).wait(20);
    stream.custom(CUSTOM_EVENT_TAGS.url, { href: `${URL}#/active` }).wait(800);
    stream.custom(CUSTOM_EVENT_TAGS.navigation, { type: 'traverse', delta: -1, href: URL });
    stream.wait(5).custom(CUSTOM_EVENT_TAGS.url, { href: URL });
    stream.wait(400).click(ref(refs, 'panel')).wait(500);
    const plan = compilePlan(stream.recording());
    expect(kinds(plan)).toEqual(['click', 'traverse', 'click']);
    expect(plan.steps[0]?.expectNavigationTo).toBe(`${URL}#/active`);
    expect(plan.steps[1]?.action).toEqual({ kind: 'traverse', delta: -1, url: URL });
    expect(plan.steps[1]?.expectNavigationTo).toBe(URL);
    expect(plan.checkpoints.map(({ label }) => label)).toContain(`after going back to ${URL}`);
  });

  test('Enter that navigates gets a page-end checkpoint', () => {
    const stream = new RrwebStream();
    const refs = todoApp(stream);
    const field = ref(refs, 'field');
    stream.wait(100).typeText(field, 'milk').wait(20).key(field, 'Enter');
    stream.wait(300);
    const next = todoApp(stream, `${URL}search`);
    stream.wait(400).click(ref(next, 'panel'));
    const plan = compilePlan(stream.recording());
    expect(
      plan.checkpoints.map(({ id, afterStep, pageIndex, reason }) => [
        id,
        afterStep,
        pageIndex,
        reason,
      ]),
    ).toEqual([
      ['p0-00', -1, 0, 'action'],
      ['p0-01', 0, 0, 'page-end'],
      ['p1-00', 1, 1, 'action'],
      ['p1-01', 2, 1, 'action'],
    ]);
  });
});

describe('compilePlan session end', () => {
  /** A click at 1 000 ms and a render 100 ms later, the last rrweb event. */
  function clickThenRender(): RrwebStream {
    const stream = new RrwebStream();
    const refs = todoApp(stream);
    stream.wait(1_000).click(ref(refs, 'panel'));
    stream.wait(100).setText(ref(refs, 'panel'), 'Rendered');
    return stream;
  }

  function lastRecordedAt(plan: ActionPlan): number | undefined {
    return plan.checkpoints[plan.checkpoints.length - 1]?.recordedAt;
  }

  test('stored stop time ends the session', () => {
    const recording = clickThenRender().recording();
    const start = recording.events[0]?.timestamp ?? 0;
    recording.meta.endedAt = start + 3_000;
    const plan = compilePlan(recording);
    expect(plan.durationMs).toBe(3_000);
    expect(lastRecordedAt(plan)).toBe(3_000);
  });

  test('stop time before the last event keeps the event', () => {
    const recording = clickThenRender().recording();
    recording.meta.endedAt = (recording.events[0]?.timestamp ?? 0) + 1_050;
    const plan = compilePlan(recording);
    expect(plan.durationMs).toBe(1_100);
    expect(lastRecordedAt(plan)).toBe(1_100);
  });

  test('missing stop time waits settle time past the last step', () => {
    const plan = compilePlan(clickThenRender().recording());
    expect(plan.durationMs).toBe(1_100);
    expect(lastRecordedAt(plan)).toBe(1_500);
  });

  test('missing stop time uses the settleMs option', () => {
    const plan = compilePlan(clickThenRender().recording(), { settleMs: 50 });
    expect(lastRecordedAt(plan)).toBe(1_100);
  });
});
