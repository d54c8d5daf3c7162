import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeBaselines, type BaselineCheckpoint } from '../baseline/baseline-store.js';
import type { ReplayReport, SessionResult } from '../result/types.js';
import type { DomSnapshot } from '../score/dom-snapshot.js';
import { UsageError } from '../shared/errors.js';

/** Suffix of the actual DOM snapshot that a replay writes next to `<checkpoint>-actual.png`. */
export const ACTUAL_DOM_SUFFIX = '-actual.dom.json';

/** A session that can be approved, with the evidence read from its output folder. */
interface ApprovableSession {
  session: SessionResult;
  checkpoints: BaselineCheckpoint[];
}

/** Sessions stored by {@link approveSessions}. */
export interface ApprovalResult {
  approved: Array<{ name: string; checkpoints: number }>;
  /** Skipped sessions, left out when approving the whole run because they have no screenshots. */
  skipped: string[];
}

/** Returns why a session cannot be approved, or undefined when it can. */
export function approvalBlocker(session: SessionResult): string | undefined {
  if (session.status === 'errored') {
    const cause = session.firstCause
      ? ` (${session.firstCause.kind}: ${session.firstCause.message})`
      : '';
    return `it errored${cause}, so its screenshots do not show the app. Fix the cause and replay it first.`;
  }
  if (session.status === 'skipped') {
    return 'it was skipped, so the run has no screenshots of it. Replay it first.';
  }
  const unresolved = session.steps.find((step) => !step.resolved);
  if (unresolved !== undefined) {
    return `step ${unresolved.index} (${unresolved.description}) did not resolve, so the checkpoints after it were never captured. Fix the step's target or record the session again.`;
  }
  if (session.checkpoints.length === 0) {
    return 'the run captured no checkpoint of it. Replay it first.';
  }
  return undefined;
}

/** Picks the sessions to approve: the named ones, or every session that ran. */
function chooseSessions(
  report: ReplayReport,
  names: readonly string[],
  reportPath: string,
): {
  chosen: SessionResult[];
  skipped: string[];
} {
  if (names.length === 0) {
    const skipped = report.sessions.filter((session) => session.status === 'skipped');
    return {
      chosen: report.sessions.filter((session) => session.status !== 'skipped'),
      skipped: skipped.map((session) => session.name),
    };
  }
  const byName = new Map(report.sessions.map((session) => [session.name, session]));
  const unknown = names.filter((name) => !byName.has(name));
  if (unknown.length > 0) {
    throw new UsageError(
      `No session named ${unknown.map((name) => `"${name}"`).join(', ')} in ${reportPath}. Sessions of that run: ${[...byName.keys()].join(', ')}.`,
    );
  }
  return { chosen: [...new Set(names)].map((name) => byName.get(name)!), skipped: [] };
}

async function readEvidence(session: SessionResult): Promise<BaselineCheckpoint[]> {
  const checkpoints: BaselineCheckpoint[] = [];
  for (const checkpoint of session.checkpoints) {
    const png = join(session.outputDir, checkpoint.images.actual);
    const dom = join(session.outputDir, `${checkpoint.id}${ACTUAL_DOM_SUFFIX}`);
    for (const file of [png, dom]) {
      if (!existsSync(file)) {
        throw new UsageError(
          `Cannot approve "${session.name}": ${file} is missing. Approve from the output folder of the run that produced the report, and replay again if its files were removed.`,
        );
      }
    }
    checkpoints.push({
      id: checkpoint.id,
      url: checkpoint.url,
      png: await readFile(png),
      dom: JSON.parse(await readFile(dom, 'utf8')) as DomSnapshot,
    });
  }
  return checkpoints;
}

/**
 * Stores the latest run's actual screenshots and DOM snapshots as the baselines of the named
 * sessions, or of every session that ran when no name is given. Nothing is written unless
 * every chosen session can be approved.
 *
 * @throws UsageError naming each session that cannot be approved and why (errored, skipped,
 *   an unresolved step, missing files), or a name that is not in the report.
 */
export async function approveSessions(input: {
  report: ReplayReport;
  reportPath: string;
  names: readonly string[];
  baselineDir: string;
}): Promise<ApprovalResult> {
  const { chosen, skipped } = chooseSessions(input.report, input.names, input.reportPath);
  const blocked = chosen.flatMap((session) => {
    const reason = approvalBlocker(session);
    return reason === undefined ? [] : [`- "${session.name}": ${reason}`];
  });
  if (blocked.length > 0) {
    const others = chosen.filter((session) => approvalBlocker(session) === undefined);
    const hint =
      others.length > 0
        ? `\nApprove the others by name: replaygate approve ${others.map((session) => session.name).join(' ')}`
        : '';
    throw new UsageError(
      `Nothing was approved, because these sessions cannot be:\n${blocked.join('\n')}${hint}`,
    );
  }

  const ready: ApprovableSession[] = [];
  for (const session of chosen) {
    ready.push({ session, checkpoints: await readEvidence(session) });
  }
  for (const { session, checkpoints } of ready) {
    await writeBaselines(input.baselineDir, session.name, {
      checkpoints,
      pageErrors: session.pageErrors,
      consoleErrors: session.consoleErrors,
    });
  }
  return {
    approved: ready.map(({ session, checkpoints }) => ({
      name: session.name,
      checkpoints: checkpoints.length,
    })),
    skipped,
  };
}
