import { describe, expect, test } from 'vitest';
import { compareDom, describeDomChange } from './compare-dom.js';
import type { DomSnapshot, DomSnapshotNode } from './dom-snapshot.js';

function el(
  tag: string,
  attributes: Record<string, string> = {},
  children: DomSnapshotNode[] = [],
  extra: Partial<DomSnapshotNode> = {},
): DomSnapshotNode {
  return { tag, attributes, children, ...extra };
}

function row(title: string, completed = false): DomSnapshotNode {
  return el('li', completed ? { class: 'completed' } : {}, [
    el('div', { class: 'view' }, [
      el('input', { class: 'toggle', type: 'checkbox' }, [], { checked: completed }),
      el('label', {}, [], { text: title }),
      el('button', { class: 'destroy' }),
    ]),
  ]);
}

function todoPage(rows: DomSnapshotNode[], title = 'Todos'): DomSnapshot {
  return {
    url: 'http://127.0.0.1:4000/',
    title,
    root: el('html', { lang: 'en' }, [
      el('body', {}, [
        el('section', { id: 'main' }, [el('ul', { class: 'todo-list' }, rows)]),
        el('footer', { class: 'info' }, [el('p', {}, [], { text: 'Double-click to edit a todo' })]),
      ]),
    ]),
  };
}

function countNodes(node: DomSnapshotNode): number {
  return 1 + node.children.reduce((sum, child) => sum + countNodes(child), 0);
}

const OPTIONS = { ignoreAttributes: [] };

describe('compareDom', () => {
  test('identical snapshots have similarity 1', () => {
    const page = todoPage([row('Buy milk'), row('Walk dog')]);
    const result = compareDom(page, structuredClone(page), OPTIONS);
    expect(result).toEqual({ similarity: 1, changes: [], omittedChanges: 0 });
  });

  test('inserted row is one added change', () => {
    const expected = todoPage([row('Buy milk'), row('Walk dog'), row('Pay rent')]);
    const actual = todoPage([row('Buy milk'), row('Call mum'), row('Walk dog'), row('Pay rent')]);
    const result = compareDom(expected, actual, OPTIONS);
    expect(result.changes).toEqual([
      {
        type: 'added',
        path: 'section#main > ul.todo-list > li:nth-of-type(2)',
        actual: 'li "Call mum"',
      },
    ]);
    const total = countNodes(actual.root) + 1;
    expect(result.similarity).toBeCloseTo((total - countNodes(row('x'))) / total, 10);
  });

  test('removed row is one removed change', () => {
    const expected = todoPage([row('Buy milk'), row('Walk dog'), row('Pay rent')]);
    const actual = todoPage([row('Buy milk'), row('Pay rent')]);
    const result = compareDom(expected, actual, OPTIONS);
    expect(result.changes).toEqual([
      {
        type: 'removed',
        path: 'section#main > ul.todo-list > li:nth-of-type(2)',
        expected: 'li "Walk dog"',
      },
    ]);
  });

  test('edited label is one text change', () => {
    const expected = todoPage([row('Buy milk'), row('Walk dog'), row('Pay rent')]);
    const actual = todoPage([row('Buy milk'), row('Walk cat'), row('Pay rent')]);
    const result = compareDom(expected, actual, OPTIONS);
    expect(result.changes).toEqual([
      {
        type: 'text',
        path: 'section#main > ul.todo-list > li:nth-of-type(2) > div.view > label',
        expected: 'Walk dog',
        actual: 'Walk cat',
      },
    ]);
    const total = countNodes(actual.root) + 1;
    expect(result.similarity).toBeCloseTo((total - 1) / total, 10);
  });

  test('toggled row reports class and checked state', () => {
    const expected = todoPage([row('Buy milk'), row('Walk dog')]);
    const actual = todoPage([row('Buy milk'), row('Walk dog', true)]);
    const result = compareDom(expected, actual, OPTIONS);
    expect(result.changes).toEqual([
      {
        type: 'attribute',
        path: 'section#main > ul.todo-list > li.completed:nth-of-type(2)',
        attribute: 'class',
        actual: 'completed',
      },
      {
        type: 'attribute',
        path: 'section#main > ul.todo-list > li.completed:nth-of-type(2) > div.view > input.toggle',
        attribute: ':checked',
        expected: 'false',
        actual: 'true',
      },
    ]);
  });

  test('ignored and rrweb attributes are not compared', () => {
    const expected = todoPage([el('li', { 'data-key': '1', rr_width: '10px', nonce: 'a' })]);
    const actual = todoPage([el('li', { 'data-key': '2', 'data-rrid': '4', nonce: 'b' })]);
    const result = compareDom(expected, actual, { ignoreAttributes: ['nonce', 'data-k*'] });
    expect(result.changes).toEqual([]);
    expect(result.similarity).toBe(1);
  });

  test('title change is a text change', () => {
    const result = compareDom(todoPage([]), todoPage([], 'Todos (1)'), OPTIONS);
    expect(result.changes).toEqual([
      { type: 'text', path: 'title', expected: 'Todos', actual: 'Todos (1)' },
    ]);
    expect(result.similarity).toBeLessThan(1);
  });

  test('masked node facing unmasked node is a change', () => {
    const expected = todoPage([el('li', {}, [], { masked: true })]);
    const actual = todoPage([el('li', {}, [], { text: '12:00' })]);
    const result = compareDom(expected, actual, OPTIONS);
    expect(result.changes.map((change) => change.attribute ?? change.type)).toEqual([
      'text',
      ':masked',
    ]);
  });

  test('changes beyond the cap are counted', () => {
    const expected = todoPage(Array.from({ length: 8 }, (_, index) => row(`Task ${index}`)));
    const actual = todoPage([]);
    const result = compareDom(expected, actual, { ignoreAttributes: [], maxChanges: 3 });
    expect(result.changes).toHaveLength(3);
    expect(result.omittedChanges).toBe(5);
  });

  test('long lists align with the greedy fallback', () => {
    const titles = Array.from({ length: 1200 }, (_, index) => `Task ${index}`);
    const expected = todoPage(titles.map((title) => row(title)));
    // The inserts sit 1180 rows apart, so the table would need over a million cells.
    const withInserts = [
      ...titles.slice(0, 10),
      'First new task',
      ...titles.slice(10, 1190),
      'Second new task',
      ...titles.slice(1190),
    ];
    const actual = todoPage(withInserts.map((title) => row(title)));
    const result = compareDom(expected, actual, OPTIONS);
    expect(result.changes.map((change) => change.type)).toEqual(['added', 'added']);
    expect(result.changes[0]?.path).toBe('section#main > ul.todo-list > li:nth-of-type(11)');
    expect(result.changes[1]?.path).toBe('section#main > ul.todo-list > li:nth-of-type(1192)');
  });

  test('different root tags are removed and added', () => {
    const expected = todoPage([]);
    const actual: DomSnapshot = { ...expected, root: el('svg') };
    const result = compareDom(expected, actual, OPTIONS);
    expect(result.changes.map((change) => change.type)).toEqual(['removed', 'added']);
    expect(result.similarity).toBeCloseTo(1 / (countNodes(expected.root) + 1), 10);
  });
});

describe('describeDomChange', () => {
  test('text change quotes both values', () => {
    expect(
      describeDomChange({ type: 'text', path: 'label', expected: 'Buy milk', actual: 'Buy bread' }),
    ).toBe('text of label changed from "Buy milk" to "Buy bread"');
  });

  test('removed attribute shows none', () => {
    expect(
      describeDomChange({ type: 'attribute', path: 'li', attribute: 'class', expected: 'done' }),
    ).toBe('class of li changed from "done" to (none)');
  });

  test('removed node shows its label', () => {
    expect(
      describeDomChange({ type: 'removed', path: 'footer > button', expected: 'button "Clear"' }),
    ).toBe('footer > button was removed (button "Clear")');
  });
});
