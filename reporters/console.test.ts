import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPORT_FORMAT, REPORT_VERSION } from '../harness/result/types.js';
import type {
  CheckpointResult,
  ReplayReport,
  SessionResult,
  StepResult,
} from '../harness/result/types.js';
import { formatTotals, renderSummary, shouldUseColor, sortWorstFirst } from './console.js';
import { formatDuration, formatPercent, formatScore } from './console-format.js';

const OUTPUT_ROOT = join('/', 'results');

function steps(total: number, unresolved: number[] = []): StepResult[] {
  return Array.from({ length: total }, (_, index) => ({
    index,
    kind: 'click',
    description: `button #${index}`,
    resolved: !unresolved.includes(index),
    ...(unresolved.includes(index) ? { error: 'no candidate matched exactly one element' } : {}),
  }));
}

function checkpoint(
  id: string,
  diffRatio: number,
  similarity: number,
  overrides: Partial<CheckpointResult> = {},
): CheckpointResult {
  const passed = diffRatio === 0 && similarity === 1;
  return {
    id,
    label: `after ${id}`,
    afterStep: 1,
    url: 'http://127.0.0.1:4173/',
    pixels: {
      identicalBytes: diffRatio === 0,
      diffPixels: Math.round(diffRatio * 10_000),
      totalPixels: 10_000,
      diffRatio,
    },
    dom: { similarity, changes: [], omittedChanges: 0 },
    fidelity: Math.min(1 - diffRatio, similarity),
    passed,
    images: passed
      ? { actual: `${id}-actual.png` }
      : { actual: `${id}-actual.png`, expected: `${id}-expected.png`, diff: `${id}-diff.png` },
    ...overrides,
  };
}

function session(outputRoot: string, name: string, fields: Partial<SessionResult>): SessionResult {
  return {
    name,
    fixture: `recordings/${name}.replay.json.gz`,
    status: 'passed',
    fidelity: 1,
    steps: steps(4),
    checkpoints: [],
    network: { recorded: 3, app: 1, blocked: 0, log: [] },
    pageErrors: [],
    consoleErrors: [],
    durationMs: 1834,
    recordedDurationMs: 9000,
    attempts: 1,
    outputDir: join(outputRoot, name),
    ...fields,
  };
}

/**
 * Builds a report with one session of each kind that the console summary treats differently:
 * passed, passed with a tiny pixel diff, failed on pixels, errored on a step, and flaky.
 */
function buildReport(outputRoot: string): ReplayReport {
  const sessions: SessionResult[] = [
    session(outputRoot, 'todo-add', {
      checkpoints: [checkpoint('p0-00', 0, 1), checkpoint('p0-01', 0, 1)],
    }),
    session(outputRoot, 'todo-edit', {
      status: 'failed',
      fidelity: 0.9123,
      steps: steps(8),
      durationMs: 3412,
      firstCause: {
        kind: 'pixel-diff',
        message: '2.31% of pixels differ, above the limit of 0%',
        checkpointId: 'p1-03',
      },
      checkpoints: [
        checkpoint('p1-01', 0, 1),
        checkpoint('p1-03', 0.0231, 0.95, {
          afterStep: 5,
          dom: {
            similarity: 0.95,
            omittedChanges: 2,
            changes: [
              {
                type: 'text',
                path: 'ul.todo-list > li:nth-of-type(2) > label',
                expected: 'buy milk',
                actual: 'buy mlik',
              },
            ],
          },
        }),
      ],
      pageErrors: ['TypeError: x is undefined'],
      tracePath: join(outputRoot, 'todo-edit', 'trace.zip'),
    }),
    session(outputRoot, 'checkout', {
      status: 'errored',
      fidelity: null,
      steps: steps(7, [3, 4, 5, 6]),
      durationMs: 61_250,
      firstCause: { kind: 'unresolved-step', message: 'could not find button "Pay"', stepIndex: 3 },
      network: {
        recorded: 2,
        app: 0,
        blocked: 1,
        log: [{ method: 'GET', url: 'https://tracker.invalid/pixel', outcome: 'blocked' }],
      },
    }),
    session(outputRoot, 'todo-filter', {
      status: 'flaky',
      attempts: 2,
      durationMs: 2001,
      firstCause: {
        kind: 'dom-diff',
        message: 'DOM similarity 0.970 is below 1',
        checkpointId: 'p0-02',
      },
      checkpoints: [checkpoint('p0-02', 0, 1)],
    }),
    session(outputRoot, 'todo-clear', {
      fidelity: 0.99999,
      durationMs: 640,
      checkpoints: [checkpoint('p0-01', 0.00001, 1, { passed: true })],
    }),
  ];
  return {
    format: REPORT_FORMAT,
    version: REPORT_VERSION,
    startedAt: '2025-01-01T00:00:00.000Z',
    durationMs: 68_300,
    baseURL: 'http://127.0.0.1:4173/',
    shard: { current: 1, total: 2 },
    sessions,
    totals: { passed: 2, failed: 1, flaky: 1, errored: 1, skipped: 0 },
    exitCode: 1,
  };
}

const ANSI_PATTERN = /\u001b\[[0-9;]*m/;

/**
 * Replaces the output folder with a placeholder. Durations need no normalizing because the
 * report above is built by hand with fixed values.
 */
function normalize(text: string): string {
  return text.replaceAll(OUTPUT_ROOT, '<output>');
}

describe('renderSummary', () => {
  const report = buildReport(OUTPUT_ROOT);

  it('renders the summary without colour', () => {
    const text = renderSummary(report, { color: false, verbose: false });
    expect(normalize(text)).toMatchInlineSnapshot(`
      "Replayed 5 sessions against http://127.0.0.1:4173/ in 1m 08s (shard 1/2)

        Session      Status                       Fidelity  Pixel diff    DOM  Steps  Duration
        checkout     errored                             -           -      -    3/7    1m 01s
        todo-edit    failed                          0.912       2.31%  0.950    8/8      3.4s
        todo-filter  flaky (passed on attempt 2)     1.000       0.00%  1.000    4/4      2.0s
        todo-clear   passed                          0.999      <0.01%  1.000    4/4     640ms
        todo-add     passed                          1.000       0.00%  1.000    4/4      1.8s

      Details

        checkout errored
          fixture:  recordings/checkout.replay.json.gz
          unresolved-step at step 3 (button #3): could not find button "Pay"
          step error: no candidate matched exactly one element

        todo-edit failed
          fixture:  recordings/todo-edit.replay.json.gz
          pixel-diff at checkpoint p1-03 "after p1-03" (after step 5): 2.31% of pixels differ, above the limit of 0%
          2.31% of pixels differ, DOM similarity 0.950
          expected: <output>/todo-edit/p1-03-expected.png
          actual:   <output>/todo-edit/p1-03-actual.png
          diff:     <output>/todo-edit/p1-03-diff.png
          trace:    <output>/todo-edit/trace.zip

        todo-filter flaky
          fixture:  recordings/todo-filter.replay.json.gz
          an earlier attempt failed: dom-diff at checkpoint p0-02 "after p0-02" (after step 1): DOM similarity 0.970 is below 1

      2 passed, 1 failed, 1 flaky, 1 errored
      Exit code 1: a regression was found."
    `);
  });

  it('sorts sessions worst first', () => {
    const names = sortWorstFirst(report.sessions).map((session) => session.name);
    expect(names).toEqual(['checkout', 'todo-edit', 'todo-filter', 'todo-clear', 'todo-add']);
  });

  it('marks a flaky session with its passing attempt', () => {
    const text = renderSummary(report, { color: false, verbose: false });
    expect(text).toContain('flaky (passed on attempt 2)');
    expect(text).toContain('an earlier attempt failed: dom-diff at checkpoint p0-02');
  });

  it('prints absolute image paths of the failing checkpoint', () => {
    const text = renderSummary(report, { color: false, verbose: false });
    expect(text).toContain(join(OUTPUT_ROOT, 'todo-edit', 'p1-03-expected.png'));
    expect(text).toContain(join(OUTPUT_ROOT, 'todo-edit', 'p1-03-actual.png'));
    expect(text).toContain(join(OUTPUT_ROOT, 'todo-edit', 'p1-03-diff.png'));
    expect(text).not.toContain('p1-01-actual.png');
  });

  it('adds DOM changes and errors when verbose', () => {
    const quiet = renderSummary(report, { color: false, verbose: false });
    const verbose = renderSummary(report, { color: false, verbose: true });
    const expectedLines = [
      'DOM changes at p1-03:',
      'text ul.todo-list > li:nth-of-type(2) > label: "buy milk" -> "buy mlik"',
      '… 2 more',
      'page error: TypeError: x is undefined',
      'blocked request: GET https://tracker.invalid/pixel',
      'unresolved step 4 (button #4): no candidate matched exactly one element',
    ];
    for (const line of expectedLines) {
      expect(verbose).toContain(line);
      expect(quiet).not.toContain(line);
    }
  });

  it('colours status words when colour is on', () => {
    const text = renderSummary(report, { color: true, verbose: false });
    expect(text).toMatch(ANSI_PATTERN);
    expect(text).toContain('\u001b[33mflaky (passed on attempt 2)');
    expect(text).toContain('\u001b[31mfailed');
  });

  it('keeps columns aligned with colour on', () => {
    const plain = renderSummary(report, { color: false, verbose: false });
    const colored = renderSummary(report, { color: true, verbose: false });
    expect(colored.replace(/\u001b\[[0-9;]*m/g, '')).toBe(plain);
  });

  it('reports an empty run', () => {
    const empty: ReplayReport = {
      ...report,
      shard: undefined,
      sessions: [],
      totals: { passed: 0, failed: 0, flaky: 0, errored: 0, skipped: 0 },
      exitCode: 0,
    };
    const text = renderSummary(empty, { color: false, verbose: false });
    expect(text).toContain('No sessions ran.');
    expect(text).toContain('Exit code 0: all gates passed.');
    expect(text).not.toContain('Details');
  });
});

describe('formatTotals', () => {
  it('lists skipped only when present', () => {
    const totals = { passed: 3, failed: 1, flaky: 0, errored: 1, skipped: 0 };
    expect(formatTotals(totals)).toBe('3 passed, 1 failed, 0 flaky, 1 errored');
    expect(formatTotals({ ...totals, skipped: 2 })).toBe(
      '3 passed, 1 failed, 0 flaky, 1 errored, 2 skipped',
    );
  });
});

describe('console formatting', () => {
  it('formats durations', () => {
    expect(formatDuration(850)).toBe('850ms');
    expect(formatDuration(12_340)).toBe('12.3s');
    expect(formatDuration(125_000)).toBe('2m 05s');
  });

  it('rounds scores down to three decimals', () => {
    expect(formatScore(1)).toBe('1.000');
    expect(formatScore(0.99999)).toBe('0.999');
    expect(formatScore(0.95)).toBe('0.950');
    expect(formatScore(0.9123)).toBe('0.912');
  });

  it('formats tiny pixel ratios as below 0.01%', () => {
    expect(formatPercent(0)).toBe('0.00%');
    expect(formatPercent(0.00001)).toBe('<0.01%');
    expect(formatPercent(0.0231)).toBe('2.31%');
  });
});

describe('shouldUseColor', () => {
  const tty = { isTTY: true };
  const pipe = { isTTY: false };

  it('colours a TTY', () => {
    expect(shouldUseColor(tty, {})).toBe(true);
    expect(shouldUseColor(pipe, {})).toBe(false);
  });

  it('turns colour off under NO_COLOR', () => {
    expect(shouldUseColor(tty, { NO_COLOR: '1' })).toBe(false);
    expect(shouldUseColor(tty, { NO_COLOR: '1', FORCE_COLOR: '1' })).toBe(false);
    expect(shouldUseColor(tty, { NO_COLOR: '' })).toBe(true);
  });

  it('follows FORCE_COLOR', () => {
    expect(shouldUseColor(pipe, { FORCE_COLOR: '1' })).toBe(true);
    expect(shouldUseColor(pipe, { FORCE_COLOR: '' })).toBe(true);
    expect(shouldUseColor(tty, { FORCE_COLOR: '0' })).toBe(false);
    expect(shouldUseColor(tty, { FORCE_COLOR: 'false' })).toBe(false);
  });

  it('turns colour off for a dumb terminal', () => {
    expect(shouldUseColor(tty, { TERM: 'dumb' })).toBe(false);
  });

  it('renders no escape codes under NO_COLOR', () => {
    const color = shouldUseColor(tty, { NO_COLOR: '1' });
    const text = renderSummary(buildReport(OUTPUT_ROOT), { color, verbose: true });
    expect(text).not.toMatch(ANSI_PATTERN);
  });
});
