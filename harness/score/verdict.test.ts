import { describe, expect, test } from 'vitest';
import type {
  CheckpointResult,
  DomComparison,
  NetworkLogEntry,
  PixelComparison,
  StepResult,
} from '../result/types.js';
import {
  DEFAULT_THRESHOLDS,
  firstCause,
  judgeCheckpoint,
  type SessionEvidence,
} from './verdict.js';

const EQUAL_PIXELS: PixelComparison = {
  identicalBytes: true,
  diffPixels: 0,
  totalPixels: 921_600,
  diffRatio: 0,
};

// A 2 px shift of a 1280x720 page, in the range measured on real CSS changes.
const SHIFTED_PIXELS: PixelComparison = {
  identicalBytes: false,
  diffPixels: 2304,
  totalPixels: 921_600,
  diffRatio: 2304 / 921_600,
};

const EQUAL_DOM: DomComparison = { similarity: 1, changes: [], omittedChanges: 0 };

const LABEL_DOM: DomComparison = {
  similarity: 0.98,
  changes: [
    {
      type: 'text',
      path: 'section#main > ul.todo-list > li:nth-of-type(2) > div.view > label',
      expected: 'Walk dog',
      actual: 'Walk cat',
    },
  ],
  omittedChanges: 2,
};

function checkpoint(overrides: Partial<CheckpointResult> = {}): CheckpointResult {
  return {
    id: 'p0-01',
    label: 'after adding a todo',
    afterStep: 2,
    url: 'http://127.0.0.1:4000/#/',
    expectedUrl: 'http://127.0.0.1:4000/#/',
    pixels: EQUAL_PIXELS,
    dom: EQUAL_DOM,
    fidelity: 1,
    passed: true,
    images: { actual: 'p0-01.png' },
    ...overrides,
  };
}

function evidence(overrides: Partial<SessionEvidence> = {}): SessionEvidence {
  return {
    steps: [{ index: 0, kind: 'click', description: 'click input#new-todo', resolved: true }],
    pageErrors: [],
    baselinePageErrors: [],
    network: { log: [] },
    checkpoints: [checkpoint()],
    thresholds: DEFAULT_THRESHOLDS,
    ...overrides,
  };
}

describe('judgeCheckpoint', () => {
  test('equal checkpoint passes', () => {
    const verdict = judgeCheckpoint(checkpoint(), DEFAULT_THRESHOLDS);
    expect(verdict).toEqual({ passed: true, fidelity: 1 });
  });

  test('pure CSS change is a pixel diff', () => {
    const verdict = judgeCheckpoint(checkpoint({ pixels: SHIFTED_PIXELS }), DEFAULT_THRESHOLDS);
    expect(verdict.passed).toBe(false);
    expect(verdict.fidelity).toBeCloseTo(1 - 2304 / 921_600, 10);
    expect(verdict.cause?.kind).toBe('pixel-diff');
    expect(verdict.cause?.checkpointId).toBe('p0-01');
    expect(verdict.cause?.message).toBe(
      'Checkpoint "after adding a todo": 0.25 % of pixels differ (2,304 of 921,600; maximum 0 %). The visible DOM is equal.',
    );
  });

  test('DOM change with pixels is a DOM diff', () => {
    const verdict = judgeCheckpoint(
      checkpoint({ pixels: SHIFTED_PIXELS, dom: LABEL_DOM }),
      DEFAULT_THRESHOLDS,
    );
    expect(verdict.cause?.kind).toBe('dom-diff');
    expect(verdict.cause?.message).toBe(
      'Checkpoint "after adding a todo": the visible DOM differs (similarity 0.98, minimum 1, 3 changes; ' +
        'first: text of section#main > ul.todo-list > li:nth-of-type(2) > div.view > label changed from "Walk dog" to "Walk cat"). ' +
        'Pixels: 0.25 % of pixels differ (2,304 of 921,600; maximum 0 %).',
    );
  });

  test('DOM within tolerance leaves a pixel diff', () => {
    const thresholds = { ...DEFAULT_THRESHOLDS, minDomSimilarity: 0.9 };
    const verdict = judgeCheckpoint(
      checkpoint({ pixels: SHIFTED_PIXELS, dom: LABEL_DOM }),
      thresholds,
    );
    expect(verdict.cause?.kind).toBe('pixel-diff');
    expect(verdict.cause?.message).toContain('The visible DOM is within tolerance');
  });

  test('pixel tolerance lets a small diff pass', () => {
    const thresholds = { ...DEFAULT_THRESHOLDS, maxDiffPixelRatio: 0.01 };
    expect(judgeCheckpoint(checkpoint({ pixels: SHIFTED_PIXELS }), thresholds).passed).toBe(true);
  });

  test('size mismatch is quoted', () => {
    const pixels: PixelComparison = {
      ...SHIFTED_PIXELS,
      sizeMismatch: {
        expected: { width: 1280, height: 720 },
        actual: { width: 1280, height: 760 },
      },
    };
    const verdict = judgeCheckpoint(checkpoint({ pixels, dom: undefined }), DEFAULT_THRESHOLDS);
    expect(verdict.cause?.message).toContain('screenshot size changed from 1280x720 to 1280x760');
  });

  test('similarity just below 1 prints below 1', () => {
    const dom = { ...LABEL_DOM, similarity: 0.99996 };
    const verdict = judgeCheckpoint(checkpoint({ dom }), DEFAULT_THRESHOLDS);
    expect(verdict.cause?.message).toContain('similarity 0.9999,');
  });
});

describe('firstCause', () => {
  const unresolved: StepResult = {
    index: 3,
    kind: 'click',
    description: 'click button "Clear completed"',
    resolved: false,
    error: 'no candidate matched exactly one element',
  };
  const blocked: NetworkLogEntry = {
    method: 'GET',
    url: 'http://127.0.0.1:4000/api/todos',
    outcome: 'blocked',
  };
  const failing = checkpoint({ pixels: SHIFTED_PIXELS, passed: false, fidelity: 0.99 });
  const navigated = checkpoint({ id: 'p0-02', url: 'http://127.0.0.1:4000/login', afterStep: 4 });

  test('passing session has no cause', () => {
    expect(firstCause(evidence())).toBeUndefined();
  });

  test('unresolved step beats unplaced causes', () => {
    const cause = firstCause(
      evidence({
        steps: [unresolved],
        pageErrors: ['TypeError: x is undefined'],
        network: { log: [blocked] },
        checkpoints: [checkpoint({ afterStep: 2 }), navigated],
      }),
    );
    expect(cause).toEqual({
      kind: 'unresolved-step',
      message:
        'Step 3 (click button "Clear completed") could not be performed: no candidate matched exactly one element',
      stepIndex: 3,
    });
  });

  test('earlier checkpoint diff beats unresolved step', () => {
    const enterFailed = checkpoint({ afterStep: 1, dom: LABEL_DOM, passed: false, fidelity: 0.9 });
    const cause = firstCause(
      evidence({ steps: [{ ...unresolved, index: 12 }], checkpoints: [enterFailed] }),
    );
    expect(cause?.kind).toBe('dom-diff');
    expect(cause?.checkpointId).toBe('p0-01');
    expect(cause?.stepIndex).toBe(1);
  });

  test('checkpoint before the step beats it', () => {
    const justBefore = checkpoint({ afterStep: 2, pixels: SHIFTED_PIXELS, passed: false });
    const cause = firstCause(evidence({ steps: [unresolved], checkpoints: [justBefore] }));
    expect(cause?.kind).toBe('pixel-diff');
    expect(cause?.stepIndex).toBe(2);
  });

  test('page error beats earlier checkpoint diff', () => {
    const cause = firstCause(
      evidence({
        steps: [{ ...unresolved, index: 12 }],
        pageErrors: ['TypeError: x is undefined'],
        checkpoints: [failing],
      }),
    );
    expect(cause?.kind).toBe('page-error');
  });

  test('new page error beats blocked request', () => {
    const cause = firstCause(
      evidence({
        pageErrors: ['ResizeObserver loop limit exceeded', 'TypeError: x is undefined'],
        baselinePageErrors: ['ResizeObserver loop limit exceeded'],
        network: { log: [blocked] },
      }),
    );
    expect(cause?.kind).toBe('page-error');
    expect(cause?.message).toBe(
      'The page threw an error not seen in the baseline: TypeError: x is undefined',
    );
  });

  test('baseline page errors are not new', () => {
    const cause = firstCause(
      evidence({
        pageErrors: ['ResizeObserver loop'],
        baselinePageErrors: ['ResizeObserver loop'],
      }),
    );
    expect(cause).toBeUndefined();
  });

  test('blocked request beats navigation', () => {
    const cause = firstCause(evidence({ network: { log: [blocked] }, checkpoints: [navigated] }));
    expect(cause?.kind).toBe('blocked-request');
    expect(cause?.message).toContain('GET http://127.0.0.1:4000/api/todos');
  });

  test('unexpected navigation beats diff at the same checkpoint', () => {
    const both = checkpoint({ ...navigated, pixels: SHIFTED_PIXELS, passed: false });
    const cause = firstCause(evidence({ checkpoints: [both] }));
    expect(cause).toEqual({
      kind: 'navigation',
      message:
        'Checkpoint "after adding a todo" is at http://127.0.0.1:4000/login, but the recording was at http://127.0.0.1:4000/#/.',
      checkpointId: 'p0-02',
      stepIndex: 4,
    });
  });

  test('earlier checkpoint diff beats later navigation', () => {
    const cause = firstCause(evidence({ checkpoints: [navigated, failing] }));
    expect(cause?.kind).toBe('pixel-diff');
    expect(cause?.checkpointId).toBe('p0-01');
  });

  test('later navigation beats no diff', () => {
    const cause = firstCause(evidence({ checkpoints: [checkpoint(), navigated] }));
    expect(cause?.kind).toBe('navigation');
    expect(cause?.checkpointId).toBe('p0-02');
  });

  test('trailing slash is the same URL', () => {
    const cause = firstCause(
      evidence({
        checkpoints: [
          checkpoint({ url: 'http://127.0.0.1:4000', expectedUrl: 'http://127.0.0.1:4000/' }),
        ],
      }),
    );
    expect(cause).toBeUndefined();
  });

  test('failing checkpoint is the last resort', () => {
    const cause = firstCause(evidence({ checkpoints: [checkpoint(), failing] }));
    expect(cause?.kind).toBe('pixel-diff');
    expect(cause?.checkpointId).toBe('p0-01');
    expect(cause?.stepIndex).toBe(2);
  });
});
