import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { replayReport, sessionResult } from '../../reporters/testing/report-fixtures.js';
import { UsageError } from '../shared/errors.js';
import { mergeReports, type ShardReport } from './merge-reports.js';

let folder: string;

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'replaygate-merge-'));
});

afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

function shard(
  current: number,
  total: number,
  sessions: Parameters<typeof replayReport>[0],
  exitCode?: 0 | 1 | 2,
): ShardReport {
  const report = replayReport(sessions, {
    shard: { current, total },
    startedAt: `2025-03-01T12:0${current}:00.000Z`,
    durationMs: 30_000,
    baseURL: `http://127.0.0.1:400${current}/`,
  });
  if (exitCode !== undefined) {
    report.exitCode = exitCode;
  }
  return { path: join(folder, `shard-${current}`, 'report.json'), report };
}

describe('mergeReports', () => {
  it('recomputes totals and exit code in shard order', () => {
    const { report, warnings } = mergeReports([
      shard(2, 2, [sessionResult('c', 'failed'), sessionResult('d', 'flaky')]),
      shard(1, 2, [sessionResult('a', 'passed'), sessionResult('b', 'passed')]),
    ]);
    expect(warnings).toEqual([]);
    expect(report.sessions.map((session) => session.name)).toEqual(['a', 'b', 'c', 'd']);
    expect(report.totals).toEqual({ passed: 2, failed: 1, flaky: 1, errored: 0, skipped: 0 });
    expect(report.exitCode).toBe(1);
    expect(report.shard).toBeUndefined();
  });

  it('spans the time from the first start to the last end', () => {
    const { report } = mergeReports([
      shard(1, 2, [sessionResult('a', 'passed')]),
      shard(2, 2, [sessionResult('b', 'passed')]),
    ]);
    expect(report.startedAt).toBe('2025-03-01T12:01:00.000Z');
    expect(report.durationMs).toBe(90_000);
  });

  it('exits 2 for an errored session without failures', () => {
    const { report } = mergeReports([
      shard(1, 2, [sessionResult('a', 'errored')]),
      shard(2, 2, [sessionResult('b', 'passed')]),
    ]);
    expect(report.exitCode).toBe(2);
  });

  it('rejects a session in two reports, naming both', () => {
    const first = shard(1, 2, [sessionResult('a', 'passed')]);
    const second = shard(2, 2, [sessionResult('a', 'passed')]);
    const merge = () => mergeReports([first, second]);
    expect(merge).toThrow(UsageError);
    expect(merge).toThrow(`Session "a" is in two reports: ${first.path} and ${second.path}.`);
  });

  it('rejects shards of different totals', () => {
    expect(() =>
      mergeReports([
        shard(1, 2, [sessionResult('a', 'passed')]),
        shard(2, 3, [sessionResult('b', 'passed')]),
      ]),
    ).toThrow(/different numbers of shards/);
  });

  it('counts a missing shard as interrupted', () => {
    const { report, warnings } = mergeReports([shard(1, 3, [sessionResult('a', 'passed')])]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('No report for shard 2/3, 3/3');
    expect(report.exitCode).toBe(2);
  });

  it('keeps exit 1 when a shard is missing but a session failed', () => {
    const { report } = mergeReports([shard(1, 2, [sessionResult('a', 'failed')])]);
    expect(report.exitCode).toBe(1);
  });

  it('counts a shard that stopped early as interrupted', () => {
    const { report } = mergeReports([
      shard(1, 2, [sessionResult('a', 'passed')], 2),
      shard(2, 2, [sessionResult('b', 'passed')]),
    ]);
    expect(report.totals.errored).toBe(0);
    expect(report.exitCode).toBe(2);
  });

  it('rebases session folders onto the downloaded shard folder', async () => {
    const downloaded = join(folder, 'shard-1', 'sessions', 'replay-a');
    await mkdir(downloaded, { recursive: true });
    const { report } = mergeReports([
      shard(1, 1, [
        sessionResult('a', 'failed', {
          outputDir: '/home/runner/work/app/replaygate-results/sessions/replay-a',
          tracePath: '/home/runner/work/app/replaygate-results/sessions/replay-a/trace.zip',
        }),
      ]),
    ]);
    expect(report.sessions[0]?.outputDir).toBe(downloaded);
    // The trace file was not downloaded, so its path stays as recorded.
    expect(report.sessions[0]?.tracePath).toBe(
      '/home/runner/work/app/replaygate-results/sessions/replay-a/trace.zip',
    );
  });
});
