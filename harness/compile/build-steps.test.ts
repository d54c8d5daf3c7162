import { describe, expect, test } from 'vitest';
import type { ActionPlan } from './plan.js';
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

/** Writes a page with a pet search form: a single select, a multiple select and a button. */
function petForm(stream: RrwebStream): Refs {
  return stream.page(
    URL,
    h(
      'form',
      { class: 'search' },
      h(
        'select',
        { ref: 'species', name: 'species' },
        h('option', { value: '' }, '--'),
        h('option', { value: 'cat' }, 'Cat'),
        h('option', { value: 'dog' }, 'Dog'),
      ),
      h(
        'select',
        { ref: 'tags', name: 'tags', multiple: '' },
        h('option', { value: 'calm' }, 'Calm'),
        h('option', { value: 'indoor' }, 'Indoor'),
      ),
      h('button', { ref: 'search', type: 'button' }, 'Search'),
    ),
  );
}

function selectSteps(plan: ActionPlan): Array<{ nodeId: number; values: string[] }> {
  return plan.steps.flatMap((step) =>
    step.action.kind === 'select'
      ? [{ nodeId: step.action.target.nodeId, values: step.action.values }]
      : [],
  );
}

describe('buildSteps select events', () => {
  test('scripted choice becomes a select step', () => {
    const stream = new RrwebStream();
    const refs = petForm(stream);
    const species = ref(refs, 'species');
    // Playwright's selectOption: an untrusted input event, then the change event.
    stream.wait(100).input(species, 'cat', { userTriggered: false }).selectChange(species, ['cat']);
    stream.wait(300).click(ref(refs, 'search'));
    const plan = compilePlan(stream.recording());
    expect(plan.steps.map((step) => step.action.kind)).toEqual(['select', 'click']);
    expect(selectSteps(plan)).toEqual([{ nodeId: species, values: ['cat'] }]);
  });

  test('choice before its option is skipped', () => {
    // A script that adds an option, chooses it and dispatches `change` in one task: the
    // recorder reports the choice before rrweb's Mutation event of the option.
    const stream = new RrwebStream();
    const refs = petForm(stream);
    const species = ref(refs, 'species');
    stream.wait(100).input(species, 'fox', { userTriggered: false }).selectChange(species, ['fox']);
    stream.add(species, h('option', { value: 'fox' }, 'Fox'));
    stream.wait(300).selectChange(species, ['fox']);
    const plan = compilePlan(stream.recording());
    expect(selectSteps(plan)).toEqual([{ nodeId: species, values: ['fox'] }]);
    expect(plan.warnings.join('\n')).toContain('chose an option that select');
  });

  test('user input then select event is one step', () => {
    const stream = new RrwebStream();
    const refs = petForm(stream);
    const species = ref(refs, 'species');
    stream.wait(100).click(species).wait(700);
    stream.input(species, 'dog', { userTriggered: true }).wait(1).selectChange(species, ['dog']);
    const plan = compilePlan(stream.recording());
    expect(plan.steps.map((step) => step.action.kind)).toEqual(['select']);
    expect(selectSteps(plan)).toEqual([{ nodeId: species, values: ['dog'] }]);
  });

  test('select event then user input is one step', () => {
    const stream = new RrwebStream();
    const refs = petForm(stream);
    const species = ref(refs, 'species');
    stream.wait(100).selectChange(species, ['dog']).input(species, 'dog', { userTriggered: true });
    const plan = compilePlan(stream.recording());
    expect(selectSteps(plan)).toEqual([{ nodeId: species, values: ['dog'] }]);
  });

  test('select event keeps every value of a multiple select', () => {
    const stream = new RrwebStream();
    const refs = petForm(stream);
    const tags = ref(refs, 'tags');
    stream.wait(100).input(tags, 'calm', { userTriggered: true });
    stream.selectChange(tags, ['calm', 'indoor']);
    const plan = compilePlan(stream.recording());
    expect(selectSteps(plan)).toEqual([{ nodeId: tags, values: ['calm', 'indoor'] }]);
  });

  test('changes far apart stay two steps', () => {
    const stream = new RrwebStream();
    const refs = petForm(stream);
    const species = ref(refs, 'species');
    stream.wait(100).selectChange(species, ['cat']);
    stream.wait(500).input(species, 'dog', { userTriggered: true });
    stream.wait(500).selectChange(species, ['cat']);
    const plan = compilePlan(stream.recording());
    expect(selectSteps(plan)).toEqual([
      { nodeId: species, values: ['cat'] },
      { nodeId: species, values: ['dog'] },
      { nodeId: species, values: ['cat'] },
    ]);
  });

  test('value set by the app yields no step', () => {
    const stream = new RrwebStream();
    const refs = petForm(stream);
    stream.wait(100).input(ref(refs, 'species'), 'dog', { userTriggered: false });
    expect(compilePlan(stream.recording()).steps).toEqual([]);
  });

  test('select event on an unknown node becomes a warning', () => {
    const stream = new RrwebStream();
    petForm(stream);
    stream.wait(100).selectChange(4242, ['cat']);
    const plan = compilePlan(stream.recording());
    expect(plan.steps).toEqual([]);
    expect(plan.warnings).toEqual([
      'Skipped a select change at 0.10 s: node 4242 is not in the recorded DOM of page 0.',
    ]);
  });

  test('select target has selector candidates', () => {
    const stream = new RrwebStream();
    const refs = petForm(stream);
    stream.wait(100).selectChange(ref(refs, 'species'), ['cat']);
    const action = compilePlan(stream.recording()).steps[0]?.action;
    expect(action?.kind).toBe('select');
    expect(action?.kind === 'select' ? action.target.candidates.length : 0).toBeGreaterThan(0);
  });
});
