import { IncrementalSource } from '@rrweb/types';
import { describe, expect, test } from 'vitest';
import type { ActionPlan } from './plan.js';
import { compilePlan } from './compile-plan.js';
import { h, RrwebStream, type Refs } from './testing/rrweb-stream.js';

/** Writes a page with a menu and a card that open on hover, a button and a status line. */
function shop(stream: RrwebStream): Refs {
  return stream.page(
    'http://127.0.0.1:8080/',
    h(
      'div',
      { ref: 'menu', id: 'menu' },
      'Seeds',
      h('span', { ref: 'badge' }),
      h(
        'ul',
        { ref: 'list', hidden: '' },
        h('li', {}, h('a', { ref: 'item', href: '#t' }, 'Tomato')),
      ),
    ),
    h(
      'div',
      { ref: 'card', id: 'card' },
      h('h3', { ref: 'heading' }, 'Fern'),
      h('span', { ref: 'details' }),
    ),
    h('button', { ref: 'buy' }, 'Buy'),
    h('p', { ref: 'status' }),
  );
}

function ids(refs: Refs, ...names: string[]): number[] {
  return names.map((name) => {
    const id = refs[name];
    if (id === undefined) {
      throw new Error(`no ref ${name}`);
    }
    return id;
  });
}

function kinds(plan: ActionPlan): string[] {
  return plan.steps.map((step) => step.action.kind);
}

describe('hovers', () => {
  test('arrival that changes the element', () => {
    const stream = new RrwebStream();
    const [card, details, buy] = ids(shop(stream), 'card', 'details', 'buy');
    // Chromium runs the mouseover handler before rrweb records the move, and rrweb sends the
    // position in a later batch.
    stream.wait(1_000).setAttributes(details!, { class: 'open' });
    stream.wait(400).pointer(card!, 50, 60, -398);
    stream.wait(600).click(buy!);
    const plan = compilePlan(stream.recording());

    expect(kinds(plan)).toEqual(['hover', 'click']);
    expect(plan.steps[0]?.action).toMatchObject({
      kind: 'hover',
      target: { description: 'div#card' },
    });
    expect(plan.steps[0]?.at).toBe(1_000);
    // The hover is checked with the click after it, and the checkpoint before shows the page
    // before the details opened.
    expect(plan.checkpoints).toHaveLength(2);
    expect(plan.checkpoints[0]?.recordedAt).toBe(999);
    expect(plan.checkpoints[1]?.label).toBe(
      'after hovering over div#card and clicking button "Buy"',
    );
  });

  test('change outside the element', () => {
    const stream = new RrwebStream();
    const [card, status, buy] = ids(shop(stream), 'card', 'status', 'buy');
    stream.wait(1_000).setAttributes(status!, { class: 'saved' });
    stream.wait(2).pointer(card!);
    stream.wait(600).click(buy!);
    expect(kinds(compilePlan(stream.recording()))).toEqual(['click']);
  });

  test('change right after a press', () => {
    const stream = new RrwebStream();
    const [card, details, buy] = ids(shop(stream), 'card', 'details', 'buy');
    stream.wait(1_000).click(buy!);
    stream.wait(10).pointer(card!);
    stream.wait(20).setAttributes(details!, { class: 'open' });
    stream.wait(600).click(buy!);
    expect(kinds(compilePlan(stream.recording()))).toEqual(['click', 'click']);
  });

  test('hover on the way to a press', () => {
    const stream = new RrwebStream();
    const [menu, list, item] = ids(shop(stream), 'menu', 'list', 'item');
    stream.wait(1_000).setAttributes(list!, { hidden: null });
    stream.wait(2).pointer(menu!);
    stream.wait(40).click(item!);
    const plan = compilePlan(stream.recording());

    expect(kinds(plan)).toEqual(['click']);
    expect(plan.steps[0]).toMatchObject({ at: 1_042, hoveredAt: 1_000 });
    // The first checkpoint shows the list still closed, as the replay shows it before the click.
    expect(plan.checkpoints[0]?.recordedAt).toBe(999);
  });

  test('hover beside the pressed path', () => {
    const stream = new RrwebStream();
    const [menu, badge, item] = ids(shop(stream), 'menu', 'badge', 'item');
    // A change inside the hovered menu, but not on the way down to the item pressed.
    stream.wait(1_000).setAttributes(badge!, { class: 'new' });
    stream.wait(2).pointer(menu!);
    stream.wait(40).click(item!);
    const plan = compilePlan(stream.recording());

    expect(kinds(plan)).toEqual(['click']);
    expect(plan.steps[0]?.hoveredAt).toBeUndefined();
    expect(plan.checkpoints[0]?.recordedAt).toBe(1_041);
  });

  test('pointer named on a child', () => {
    const stream = new RrwebStream();
    const [heading, details, buy] = ids(shop(stream), 'heading', 'details', 'buy');
    // rrweb names the heading under the pointer, and the card's handler fills its sibling.
    stream.wait(1_000).setAttributes(details!, { class: 'open' });
    stream.wait(2).pointer(heading!);
    stream.wait(600).click(buy!);
    const plan = compilePlan(stream.recording());

    expect(kinds(plan)).toEqual(['hover', 'click']);
    expect(plan.steps[0]?.action).toMatchObject({ target: { description: 'h3 "Fern"' } });
  });

  test('pointer on the body', () => {
    const stream = new RrwebStream();
    const refs = shop(stream);
    const [body, status, buy] = ids(refs, 'body', 'status', 'buy');
    // A timer changes the page while the pointer crosses an empty part of it.
    stream.wait(1_000).setAttributes(status!, { class: 'tick' });
    stream.wait(2).pointer(body!);
    stream.wait(1_500).click(buy!);
    expect(kinds(compilePlan(stream.recording()))).toEqual(['click']);
  });

  test('hover that adds the pressed element', () => {
    const stream = new RrwebStream();
    const [card, buy] = ids(shop(stream), 'card', 'buy');
    stream.wait(1_000);
    const [offer] = ids(stream.add(card!, h('button', { ref: 'offer' }, 'Offer')), 'offer');
    stream.wait(2).pointer(card!);
    stream.wait(300).click(offer!);
    stream.wait(600).click(buy!);
    const plan = compilePlan(stream.recording());

    // The press needs the hover first: the button exists only once the card is hovered.
    expect(kinds(plan)).toEqual(['hover', 'click', 'click']);
    expect(plan.steps[1]?.hoveredAt).toBeUndefined();
  });

  test('positions recorded as touch moves', () => {
    const stream = new RrwebStream();
    const [card, details, buy] = ids(shop(stream), 'card', 'details', 'buy');
    // rrweb records moves inside a same-origin frame this way.
    stream.wait(1_000).setAttributes(details!, { class: 'open' });
    stream.wait(2).pointer(card!, 10, 20, 0, IncrementalSource.TouchMove);
    stream.wait(600).click(buy!);
    expect(kinds(compilePlan(stream.recording()))).toEqual(['hover', 'click']);
  });

  test('element added before its hover', () => {
    const stream = new RrwebStream();
    const [body, buy] = ids(shop(stream), 'body', 'buy');
    stream.wait(1_000);
    const added = stream.add(body!, h('div', { ref: 'late' }, h('span', { ref: 'inner' })));
    const [late, inner] = ids(added, 'late', 'inner');
    stream.wait(30).setAttributes(inner!, { class: 'open' });
    stream.wait(2).pointer(late!);
    stream.wait(600).click(buy!);
    const plan = compilePlan(stream.recording());

    // The change that added the element came first, so the hover starts at the change in it.
    expect(kinds(plan)).toEqual(['hover', 'click']);
    expect(plan.steps[0]?.at).toBe(1_030);
  });

  test('label of a sweep', () => {
    const stream = new RrwebStream();
    const refs = shop(stream);
    const [menu, list, card, details, heading, buy] = ids(
      refs,
      'menu',
      'list',
      'card',
      'details',
      'heading',
      'buy',
    );
    stream.wait(1_000).setAttributes(list!, { hidden: null });
    stream.wait(2).pointer(menu!);
    stream.wait(60).setAttributes(details!, { class: 'open' });
    stream.wait(2).pointer(card!);
    stream.wait(60).setAttributes(heading!, { class: 'lit' });
    stream.wait(2).pointer(heading!);
    stream.wait(1_500).click(buy!);
    const plan = compilePlan(stream.recording());

    expect(kinds(plan)).toEqual(['hover', 'hover', 'hover', 'click']);
    expect(plan.checkpoints[1]?.label).toBe(
      'after hovering over 3 elements and clicking button "Buy"',
    );
  });
});
