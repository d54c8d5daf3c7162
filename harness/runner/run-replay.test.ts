import { describe, expect, it } from 'vitest';
import type { SessionResult, SessionStatus } from '../result/types.js';
import { buildReport } from './run-replay.js';
import { sessionNameFromFile } from './run-plan.js';

function session(name: string, status: SessionStatus): SessionResult {
  return {
    name,
    fixture: `${name}.replay.json.gz`,
    status,
    fidelity: status === 'passed' ? 1 : 0.5,
    steps: [],
    checkpoints: [],
    network: { recorded: 0, app: 0, blocked: 0, log: [] },
    pageErrors: [],
    consoleErrors: [],
    durationMs: 10,
    recordedDurationMs: 100,
    attempts: 1,
    outputDir: '/tmp/out',
  };
}

function report(statuses: SessionStatus[], interrupted = false) {
  return buildReport({
    sessions: statuses.map((status, index) => session(`s${index}`, status)),
    startedAt: new Date(),
    baseURL: 'http://127.0.0.1:1/',
    interrupted,
  });
}

describe('buildReport exit code', () => {
  it('is 0 when every session passed', () => {
    expect(report(['passed', 'passed']).exitCode).toBe(0);
  });

  it('is 0 for flaky sessions', () => {
    expect(report(['passed', 'flaky']).exitCode).toBe(0);
  });

  it('is 1 when a session failed', () => {
    expect(report(['passed', 'failed', 'errored']).exitCode).toBe(1);
  });

  it('is 2 when a session errored and none failed', () => {
    expect(report(['passed', 'errored']).exitCode).toBe(2);
  });

  it('is 2 for an interrupted run', () => {
    expect(report(['passed'], true).exitCode).toBe(2);
  });
});

it('buildReport counts sessions by status', () => {
  const { totals } = report(['passed', 'failed', 'failed', 'flaky', 'errored', 'skipped']);
  expect(totals).toEqual({ passed: 1, failed: 2, flaky: 1, errored: 1, skipped: 1 });
});

describe('sessionNameFromFile', () => {
  it('drops the recording suffix', () => {
    expect(sessionNameFromFile('/a/b/checkout.replay.json.gz')).toBe('checkout');
  });

  it('accepts plain JSON recordings', () => {
    expect(sessionNameFromFile('C:\\rec\\login.replay.json')).toBe('login');
  });
});
