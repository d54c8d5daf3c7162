import type { ReplayReport, SessionResult } from '../result/types.js';
import { buildReport } from '../runner/run-replay.js';
import { UsageError } from '../shared/errors.js';
import { rebaseSessionPaths } from './rebase-paths.js';

/** One shard's report and the file it was read from. */
export interface ShardReport {
  path: string;
  report: ReplayReport;
}

/** The merged report, plus problems that did not stop the merge. */
export interface MergedReport {
  report: ReplayReport;
  /** Such as missing shards, which also make the exit code 2 unless a session failed. */
  warnings: string[];
}

/** Returns the exit code that a report's own sessions call for, by `buildReport`'s rules. */
function exitCodeOfSessions(report: ReplayReport): ReplayReport['exitCode'] {
  if (report.totals.failed > 0) {
    return 1;
  }
  return report.totals.errored > 0 ? 2 : 0;
}

function assertUniqueSessions(shards: readonly ShardReport[]): void {
  const seen = new Map<string, string>();
  for (const shard of shards) {
    for (const session of shard.report.sessions) {
      const earlier = seen.get(session.name);
      if (earlier !== undefined) {
        throw new UsageError(
          `Session "${session.name}" is in two reports: ${earlier} and ${shard.path}. Each session must come from one shard: pass each shard's folder once, and run every shard with the same recordings and the same --shard total.`,
        );
      }
      seen.set(session.name, shard.path);
    }
  }
}

/** Checks the shard numbers: one total for all, and lists the shards that are missing. */
function checkShardNumbers(shards: readonly ShardReport[]): string[] {
  const sharded = shards.filter((shard) => shard.report.shard !== undefined);
  if (sharded.length === 0) {
    return [];
  }
  const totals = new Set(sharded.map((shard) => shard.report.shard?.total));
  if (totals.size > 1) {
    const described = sharded.map(
      (shard) =>
        `${shard.path} (shard ${shard.report.shard?.current}/${shard.report.shard?.total})`,
    );
    throw new UsageError(
      `The reports come from runs split into different numbers of shards: ${described.join(', ')}. Merge the shards of one run, all run with the same --shard total.`,
    );
  }
  const total = sharded[0]?.report.shard?.total ?? 0;
  const present = new Set(sharded.map((shard) => shard.report.shard?.current));
  const missing: string[] = [];
  for (let current = 1; current <= total; current += 1) {
    if (!present.has(current)) {
      missing.push(`${current}/${total}`);
    }
  }
  return missing;
}

function shardOrder(left: ShardReport, right: ShardReport): number {
  const leftShard = left.report.shard?.current ?? Number.MAX_SAFE_INTEGER;
  const rightShard = right.report.shard?.current ?? Number.MAX_SAFE_INTEGER;
  return leftShard - rightShard;
}

/**
 * Merges shard reports into one report of the whole run. Sessions keep their shard's order,
 * shards go in shard number order, and totals and the exit code are recomputed with the
 * rules of a single run. A shard that stopped early (its exit code is higher than its sessions
 * call for) or a missing shard makes the merged run count as interrupted: exit code 2 unless
 * a session failed. Session folders are rebased onto the folders the reports were read from.
 *
 * @throws UsageError when no report is given, a session name appears in two reports, or the
 *   reports disagree on the number of shards.
 */
export function mergeReports(shards: readonly ShardReport[]): MergedReport {
  if (shards.length === 0) {
    throw new UsageError(
      'No shard reports to merge. Pass the folders that hold each shard report.json.',
    );
  }
  assertUniqueSessions(shards);
  const missing = checkShardNumbers(shards);
  const ordered = [...shards].sort(shardOrder);

  const sessions: SessionResult[] = ordered.flatMap((shard) =>
    shard.report.sessions.map((session) => rebaseSessionPaths(session, shard.path)),
  );
  const starts = ordered.map((shard) => Date.parse(shard.report.startedAt));
  const ends = ordered.map((shard, index) => (starts[index] ?? 0) + shard.report.durationMs);
  const startedAt = new Date(Math.min(...starts));
  const stoppedEarly = ordered.some(
    (shard) => shard.report.exitCode > exitCodeOfSessions(shard.report),
  );

  const warnings: string[] = [];
  if (missing.length > 0) {
    warnings.push(
      `No report for shard ${missing.join(', ')}, so the merged report lacks those sessions and counts as interrupted. Check that every shard job uploaded its results.`,
    );
  }
  const baseURLs = [...new Set(ordered.map((shard) => shard.report.baseURL))];
  const report = buildReport({
    sessions,
    startedAt,
    baseURL: baseURLs.join(', '),
    interrupted: stoppedEarly || missing.length > 0,
  });
  report.durationMs = Math.max(...ends) - startedAt.getTime();
  return { report, warnings };
}
