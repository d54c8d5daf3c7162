import { MouseInteractions } from '@rrweb/types';
import { describe, expect, test } from 'vitest';
import { compilePlan } from './compile-plan.js';
import { h, RrwebStream } from './testing/rrweb-stream.js';

const URL = 'http://127.0.0.1:8080/';
const START = 1_700_000_000_000;

function pressAndRelease(stream: RrwebStream, id: number, holdMs: number): void {
  stream.mouse(id, MouseInteractions.MouseDown);
  stream.mouse(id, MouseInteractions.Focus);
  stream.wait(holdMs).mouse(id, MouseInteractions.MouseUp).mouse(id, MouseInteractions.Click);
}

describe('scanEvents click timing', () => {
  test('click step starts at the press', () => {
    const stream = new RrwebStream(START);
    const refs = stream.page(URL, h('button', { ref: 'save', id: 'save' }, 'Save'));
    stream.wait(1_000);
    pressAndRelease(stream, refs.save!, 120);
    const plan = compilePlan(stream.recording());
    expect(plan.steps[0]?.at).toBe(1_000);
    expect(plan.checkpoints[0]?.recordedAt).toBeLessThan(1_000);
  });

  test('press on another node leaves the click time', () => {
    const stream = new RrwebStream(START);
    const refs = stream.page(
      URL,
      h('button', { ref: 'save', id: 'save' }, 'Save'),
      h('button', { ref: 'cancel', id: 'cancel' }, 'Cancel'),
    );
    stream.wait(1_000).mouse(refs.cancel!, MouseInteractions.MouseDown);
    stream.wait(120).mouse(refs.save!, MouseInteractions.Click);
    expect(compilePlan(stream.recording()).steps[0]?.at).toBe(1_120);
  });

  test('click start stays after the previous step', () => {
    const stream = new RrwebStream(START);
    const refs = stream.page(
      URL,
      h('input', { ref: 'name', id: 'name' }),
      h('button', { ref: 'save', id: 'save' }, 'Save'),
    );
    stream.wait(1_000).mouse(refs.save!, MouseInteractions.MouseDown);
    stream.wait(40).mouse(refs.name!, MouseInteractions.Click);
    stream.wait(40).mouse(refs.save!, MouseInteractions.Click);
    const starts = compilePlan(stream.recording()).steps.map((step) => step.at);
    expect(starts).toEqual([1_040, 1_040]);
  });

  test('press long before the click leaves the click time', () => {
    const stream = new RrwebStream(START);
    const refs = stream.page(URL, h('button', { ref: 'save', id: 'save' }, 'Save'));
    stream.wait(1_000);
    pressAndRelease(stream, refs.save!, 5_000);
    expect(compilePlan(stream.recording()).steps[0]?.at).toBe(6_000);
  });
});
