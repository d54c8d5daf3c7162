import { EventType, IncrementalSource, NodeType } from '@rrweb/types';
import type { eventWithTime, inputData, mutationData, serializedNodeWithId } from '@rrweb/types';
import { describe, expect, test } from 'vitest';
import { DomMirror, type MirrorNode } from './dom-mirror.js';
import { mergeStyle } from './mirror-node.js';
import { elementText } from './mirror-text.js';
import { h, RrwebStream, type Refs } from './testing/rrweb-stream.js';

function snapshotOf(stream: RrwebStream): serializedNodeWithId {
  const snapshot = stream.events.find((event) => event.type === EventType.FullSnapshot);
  if (snapshot?.type !== EventType.FullSnapshot) {
    throw new Error('stream has no full snapshot');
  }
  return snapshot.data.node;
}

function mutationsOf(events: eventWithTime[]): mutationData[] {
  return events.flatMap((event) =>
    event.type === EventType.IncrementalSnapshot && event.data.source === IncrementalSource.Mutation
      ? [event.data]
      : [],
  );
}

function todoPage(): { stream: RrwebStream; refs: Refs; mirror: DomMirror } {
  const stream = new RrwebStream();
  const refs = stream.page(
    'http://127.0.0.1/',
    h('input', { ref: 'field', class: 'new-todo', value: 'draft' }),
    h('ul', { ref: 'list', class: 'todo-list' }, h('li', { ref: 'first' }, 'Buy milk')),
  );
  return { stream, refs, mirror: new DomMirror(snapshotOf(stream)) };
}

function childTexts(node: MirrorNode | undefined): string[] {
  return (node?.children ?? []).map((child) => elementText(child));
}

function ref(refs: Refs, name: string): number {
  const id = refs[name];
  if (id === undefined) {
    throw new Error(`no ref ${name}`);
  }
  return id;
}

describe('DomMirror', () => {
  test('snapshot builds the tree with values', () => {
    const { refs, mirror } = todoPage();
    const field = mirror.get(ref(refs, 'field'));
    expect(field?.tagName).toBe('input');
    expect(field?.value).toBe('draft');
    expect(mirror.document.type).toBe(NodeType.Document);
    expect(elementText(mirror.get(ref(refs, 'list')) as MirrorNode)).toBe('Buy milk');
  });

  test('adds place nodes before their next sibling', () => {
    const { stream, refs, mirror } = todoPage();
    const list = ref(refs, 'list');
    stream.events.length = 0;
    stream.add(list, h('li', {}, 'Walk the dog'));
    stream.add(list, h('li', {}, 'Call mom'), ref(refs, 'first'));
    for (const mutation of mutationsOf(stream.events)) {
      expect(mirror.applyMutation(mutation).missingIds).toBe(0);
    }
    expect(childTexts(mirror.get(list))).toEqual(['Call mom', 'Buy milk', 'Walk the dog']);
  });

  test('adds wait for a sibling added later in the batch', () => {
    const { refs, mirror } = todoPage();
    const list = ref(refs, 'list');
    const li = (id: number, text: string): serializedNodeWithId => ({
      type: NodeType.Element,
      tagName: 'li',
      attributes: {},
      childNodes: [{ type: NodeType.Text, textContent: text, id: id + 1 }],
      id,
    });
    // rrweb lists the node that goes in front of 200 before 200 itself.
    const outcome = mirror.applyMutation({
      source: IncrementalSource.Mutation,
      adds: [
        { parentId: list, nextId: 200, node: li(100, 'first') },
        { parentId: list, nextId: null, node: li(200, 'second') },
      ],
      removes: [],
      texts: [],
      attributes: [],
    });
    expect(outcome.missingIds).toBe(0);
    expect(childTexts(mirror.get(list))).toEqual(['Buy milk', 'first', 'second']);
  });

  test('removes forget the whole subtree', () => {
    const { refs, mirror } = todoPage();
    const first = ref(refs, 'first');
    const textId = mirror.get(first)?.children[0]?.id ?? -1;
    mirror.applyMutation({
      source: IncrementalSource.Mutation,
      adds: [],
      removes: [{ parentId: ref(refs, 'list'), id: first }],
      texts: [],
      attributes: [],
    });
    expect(mirror.get(first)).toBeUndefined();
    expect(mirror.get(textId)).toBeUndefined();
    expect(mirror.get(ref(refs, 'list'))?.children).toEqual([]);
  });

  test('unknown ids are counted, not thrown', () => {
    const { mirror } = todoPage();
    const outcome = mirror.applyMutation({
      source: IncrementalSource.Mutation,
      adds: [
        { parentId: 999, nextId: null, node: { type: NodeType.Text, textContent: 'x', id: 1000 } },
      ],
      removes: [{ parentId: 1, id: 998 }],
      texts: [{ id: 997, value: 'y' }],
      attributes: [{ id: 996, attributes: { class: 'z' } }],
    });
    expect(outcome.missingIds).toBe(4);
  });

  test('text and attribute changes apply', () => {
    const { refs, mirror } = todoPage();
    const first = mirror.get(ref(refs, 'first'));
    const textId = first?.children[0]?.id ?? -1;
    mirror.applyMutation({
      source: IncrementalSource.Mutation,
      adds: [],
      removes: [],
      texts: [{ id: textId, value: 'Buy oat milk' }],
      attributes: [
        { id: ref(refs, 'first'), attributes: { class: 'completed', style: { color: 'red' } } },
        { id: ref(refs, 'list'), attributes: { class: null } },
      ],
    });
    expect(elementText(first as MirrorNode)).toBe('Buy oat milk');
    expect(first?.attributes.get('class')).toBe('completed');
    expect(first?.attributes.get('style')).toBe('color: red;');
    expect(mirror.get(ref(refs, 'list'))?.attributes.has('class')).toBe(false);
  });

  test('input events set value and checked state', () => {
    const { refs, mirror } = todoPage();
    const field = ref(refs, 'field');
    const input: inputData = {
      source: IncrementalSource.Input,
      id: field,
      text: 'typed',
      isChecked: false,
    };
    expect(mirror.applyInput(input)).toBe(true);
    expect(mirror.applyInput({ ...input, id: 4242 })).toBe(false);
    mirror.applyMutation({
      source: IncrementalSource.Mutation,
      adds: [],
      removes: [],
      texts: [],
      attributes: [{ id: field, attributes: { value: 'from attribute' } }],
    });
    // Once the user edited the field, the value attribute no longer drives its value.
    expect(mirror.get(field)?.value).toBe('typed');
  });

  test('version changes on every applied event', () => {
    const { refs, mirror } = todoPage();
    const before = mirror.version;
    mirror.applyInput({
      source: IncrementalSource.Input,
      id: ref(refs, 'field'),
      text: 'a',
      isChecked: false,
    });
    expect(mirror.version).toBeGreaterThan(before);
  });
});

describe('mergeStyle', () => {
  test('sets, prioritizes and removes properties', () => {
    const merged = mergeStyle('display: none; color: blue', {
      display: 'block',
      color: false,
      width: ['10px', 'important'],
    });
    expect(merged).toBe('display: block; width: 10px !important;');
  });
});
