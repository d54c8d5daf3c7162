import { describe, expect, it } from 'vitest';
import type { SessionResult } from '../result/types.js';
import { needsTracedRerun, traceForAttempt } from './trace-policy.js';

function result(status: SessionResult['status'], tracePath?: string): SessionResult {
  return {
    name: 'checkout',
    fixture: 'checkout.replay.json.gz',
    status,
    fidelity: null,
    steps: [],
    checkpoints: [],
    network: { recorded: 0, app: 0, blocked: 0, log: [] },
    pageErrors: [],
    consoleErrors: [],
    durationMs: 0,
    recordedDurationMs: 0,
    attempts: 1,
    outputDir: '/results/checkout',
    ...(tracePath === undefined ? {} : { tracePath }),
  };
}

describe('traceForAttempt', () => {
  it.each([
    ['on-failure', 0, 'off'],
    ['on-failure', 1, 'keep-on-failure'],
    ['retain-on-failure', 0, 'keep-on-failure'],
    ['on-first-retry', 0, 'off'],
    ['on-first-retry', 1, 'keep'],
    ['on-first-retry', 2, 'off'],
    ['on', 0, 'keep'],
    ['off', 1, 'off'],
  ] as const)('%s on retry %i records %s', (mode, retry, expected) => {
    expect(traceForAttempt(mode, retry)).toBe(expected);
  });
});

describe('needsTracedRerun', () => {
  it('reruns a last failed attempt that has no trace', () => {
    expect(needsTracedRerun('on-failure', result('failed'), true)).toBe(true);
  });

  it('waits for the retry while one is left', () => {
    expect(needsTracedRerun('on-failure', result('failed'), false)).toBe(false);
  });

  it('does not rerun when the failed attempt has a trace', () => {
    expect(needsTracedRerun('on-failure', result('failed', '/results/trace.zip'), true)).toBe(
      false,
    );
  });

  it.each(['passed', 'errored'] as const)('does not rerun a %s session', (status) => {
    expect(needsTracedRerun('on-failure', result(status), true)).toBe(false);
  });

  it.each(['retain-on-failure', 'on-first-retry', 'off'] as const)(
    'does not rerun in %s mode',
    (mode) => {
      expect(needsTracedRerun(mode, result('failed'), true)).toBe(false);
    },
  );
});
