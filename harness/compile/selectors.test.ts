import { EventType } from '@rrweb/types';
import { describe, expect, test } from 'vitest';
import type { SelectorCandidate } from './plan.js';
import { DomMirror, type MirrorNode } from './dom-mirror.js';
import { indexFor } from './document-index.js';
import { buildTarget } from './selectors.js';
import { isGeneratedId, isStableClass } from './stable-names.js';
import { h, RrwebStream, type ElementSpec, type Refs } from './testing/rrweb-stream.js';
import { serializedDom } from './testing/serialized-dom.js';

function mirrorOf(...body: ElementSpec[]): { mirror: DomMirror; refs: Refs } {
  const stream = new RrwebStream();
  const refs = stream.page('http://127.0.0.1/', ...body);
  const snapshot = stream.events.find((event) => event.type === EventType.FullSnapshot);
  if (snapshot?.type !== EventType.FullSnapshot) {
    throw new Error('stream has no full snapshot');
  }
  return { mirror: new DomMirror(snapshot.data.node), refs };
}

function nodeOf(mirror: DomMirror, refs: Refs, name: string): MirrorNode {
  const node = mirror.get(refs[name] ?? -1);
  if (!node) {
    throw new Error(`no node for ref ${name}`);
  }
  return node;
}

function byStrategy(candidates: SelectorCandidate[], strategy: SelectorCandidate['strategy']) {
  return candidates.find((candidate) => candidate.strategy === strategy);
}

function hopsOf(candidate: SelectorCandidate | undefined) {
  return candidate && candidate.strategy !== 'coordinates' ? candidate.hops : undefined;
}

const todoList = (...titles: string[]): ElementSpec =>
  h(
    'ul',
    { id: 'todo-list', class: 'todo-list' },
    ...titles.map((title, position) =>
      h(
        'li',
        { 'data-id': String(position) },
        h(
          'div',
          { class: 'view' },
          h('input', { class: 'toggle', type: 'checkbox' }),
          h('label', {}, title),
          h('button', { class: 'destroy', ref: `destroy-${position}` }),
        ),
      ),
    ),
  );

describe('buildTarget', () => {
  test('test id ranks first', () => {
    const { mirror, refs } = mirrorOf(
      h('button', { ref: 'save', 'data-testid': 'save', id: 'save-button' }, 'Save'),
    );
    const { candidates } = buildTarget(mirror, nodeOf(mirror, refs, 'save'));
    expect(candidates[0]).toEqual({
      strategy: 'test-id',
      hops: [{ css: '[data-testid="save"]' }],
      display: '[data-testid="save"]',
    });
    expect(candidates[1]?.display).toBe('#save-button');
  });

  test('generated ids are skipped', () => {
    const { mirror, refs } = mirrorOf(h('button', { ref: 'go', id: 'ember1234' }, 'Go'));
    const target = buildTarget(mirror, nodeOf(mirror, refs, 'go'));
    expect(byStrategy(target.candidates, 'id')).toBeUndefined();
    expect(target.description).toBe('button "Go"');
  });

  test('repeated siblings are keyed by text', () => {
    const { mirror, refs } = mirrorOf(todoList('Buy milk', 'Walk the dog'));
    const target = buildTarget(mirror, nodeOf(mirror, refs, 'destroy-1'));
    expect(hopsOf(byStrategy(target.candidates, 'keyed-path'))).toEqual([
      { css: '#todo-list' },
      { css: 'li', text: 'Walk the dog' },
      { css: 'button.destroy' },
    ]);
    expect(hopsOf(byStrategy(target.candidates, 'loose-keyed-path'))).toEqual([
      { css: 'li', text: 'Walk the dog' },
      { css: '.destroy' },
    ]);
  });

  test('a single item needs no text key', () => {
    const { mirror, refs } = mirrorOf(todoList('Buy milk'));
    const target = buildTarget(mirror, nodeOf(mirror, refs, 'destroy-0'));
    expect(hopsOf(byStrategy(target.candidates, 'keyed-path'))).toEqual([
      { css: '.view' },
      { css: 'button.destroy' },
    ]);
  });

  test('text keys use normalized whitespace', () => {
    const { mirror, refs } = mirrorOf(
      h(
        'nav',
        {},
        h('a', { href: '/a' }, '\n  Active\n  items  '),
        h('a', { ref: 'all', href: '/' }, ' All '),
      ),
    );
    const target = buildTarget(mirror, nodeOf(mirror, refs, 'all'));
    // Without an anchor the keyed path starts at the document, so it is this same hop and
    // the duplicates from the other strategies are dropped.
    expect(hopsOf(target.candidates[0])).toEqual([{ css: 'a', text: 'All' }]);
    expect(byStrategy(target.candidates, 'text')).toBeUndefined();
    expect(target.description).toBe('a "All"');
  });

  test('text candidate for a unique button', () => {
    const { mirror, refs } = mirrorOf(
      h(
        'footer',
        {},
        h('span', {}, '1 item left'),
        h('button', { ref: 'clear' }, 'Clear completed'),
      ),
    );
    const target = buildTarget(mirror, nodeOf(mirror, refs, 'clear'));
    expect(hopsOf(byStrategy(target.candidates, 'text'))).toEqual([
      { css: 'button', text: 'Clear completed' },
    ]);
  });

  test('ambiguous text gives no text candidate', () => {
    const { mirror, refs } = mirrorOf(
      h('section', {}, h('button', { ref: 'first' }, 'Edit')),
      h('aside', {}, h('button', {}, 'Edit')),
    );
    const target = buildTarget(mirror, nodeOf(mirror, refs, 'first'));
    expect(byStrategy(target.candidates, 'text')).toBeUndefined();
  });

  test('label attributes give candidates', () => {
    const { mirror, refs } = mirrorOf(
      h('input', { ref: 'field', placeholder: 'What needs to be done?', name: 'title' }),
      h('input', { placeholder: 'Search' }),
    );
    const labels = buildTarget(mirror, nodeOf(mirror, refs, 'field')).candidates.filter(
      (candidate) => candidate.strategy === 'label',
    );
    expect(labels.map((candidate) => candidate.display)).toEqual([
      'input[name="title"]',
      'input[placeholder="What needs to be done?"]',
    ]);
  });

  test('nth-of-type path and coordinates come last', () => {
    const { mirror, refs } = mirrorOf(h('p', {}), h('p', {}, h('span', { ref: 'target' })));
    const { candidates } = buildTarget(mirror, nodeOf(mirror, refs, 'target'), {
      x: 12.4,
      y: 30.6,
    });
    expect(candidates.slice(-2)).toEqual([
      {
        strategy: 'nth-of-type',
        hops: [{ css: 'html > body > p:nth-of-type(2) > span' }],
        display: 'html > body > p:nth-of-type(2) > span',
      },
      { strategy: 'coordinates', x: 12, y: 31, display: 'at (12, 31)' },
    ]);
  });

  test('an element in a frame is found through the frame elements', () => {
    const { element, text, documentOf } = serializedDom();

    // The page and the inner frame both have a button#add, each unique in its own document.
    const inner = element('button', { id: 'add' }, text('Add'));
    const page = documentOf(
      element('button', { id: 'add' }),
      element(
        'iframe',
        { id: 'errands' },
        documentOf(element('p', {}), element('iframe', {}, documentOf(inner))),
      ),
    );
    const mirror = new DomMirror(page);
    const { candidates } = buildTarget(mirror, mirror.get(inner.id)!, { x: 20, y: 10 });

    const frames = [
      { css: '#errands', enterFrame: true },
      { css: 'iframe', enterFrame: true },
    ];
    expect(candidates[0]).toEqual({
      strategy: 'id',
      hops: [...frames, { css: '#add' }],
      display:
        '#errands >> internal:control=enter-frame >> iframe >> ' +
        'internal:control=enter-frame >> #add',
    });
    expect(candidates.at(-1)?.display).toBe(
      '#errands >> internal:control=enter-frame >> iframe >> ' +
        'internal:control=enter-frame >> html > body > button',
    );
    // rrweb gives the point in the frame's viewport, which the page's is not.
    expect(byStrategy(candidates, 'coordinates')).toBeUndefined();
  });

  test('every hop candidate matches only the target', () => {
    const { mirror, refs } = mirrorOf(
      h(
        'header',
        { id: 'header' },
        h('input', { id: 'new-todo', placeholder: 'What needs to be done?' }),
      ),
      todoList('Buy milk', 'Walk the dog', 'Buy milk later'),
    );
    const index = indexFor(mirror);
    for (const name of ['destroy-0', 'destroy-1', 'destroy-2']) {
      const node = nodeOf(mirror, refs, name);
      const { candidates } = buildTarget(mirror, node);
      expect(candidates.length).toBeGreaterThan(1);
      for (const candidate of candidates) {
        if (candidate.strategy === 'nth-of-type' || candidate.strategy === 'coordinates') {
          continue;
        }
        const matches = index.query(
          candidate.hops.map((hop) => ({
            compound: parseSimpleCss(hop.css),
            ...(hop.text === undefined ? {} : { text: hop.text }),
          })),
        );
        expect(matches).toEqual([node]);
      }
    }
  });
});

/** Parses the compound selectors these tests produce: `tag`, `#id`, `.class`, `tag.class`. */
function parseSimpleCss(css: string) {
  const match = /^([a-z]*)(?:#([\w-]+))?((?:\.[\w-]+)*)$/.exec(css);
  if (!match) {
    throw new Error(`unexpected selector ${css}`);
  }
  const [, tag, id, classes] = match;
  return {
    ...(tag ? { tag } : {}),
    ...(id ? { id } : {}),
    classes: (classes ?? '').split('.').filter((name) => name !== ''),
  };
}

describe('isGeneratedId', () => {
  test.each([
    ['ember123', true],
    ['react-select-2-input', true],
    [':r1:', true],
    ['todo-1712345678', true],
    ['a3f9c2e1', true],
    ['4b1e6f2a-33aa-4d0e-9f11-2c1b7c9e8d00', true],
    ['new-todo', false],
    ['toggle-all', false],
    ['section-2', false],
  ])('%s gives %s', (id, expected) => {
    expect(isGeneratedId(id)).toBe(expected);
  });
});

describe('isStableClass', () => {
  test.each([
    ['todo-list', true],
    ['destroy', true],
    ['completed', false],
    ['is-open', false],
    ['button--primary', false],
    ['css-1x2y3z', false],
    ['sc-bdVaJa', false],
  ])('%s gives %s', (name, expected) => {
    expect(isStableClass(name)).toBe(expected);
  });
});
