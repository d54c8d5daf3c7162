import type { DetectRow } from './measure-variant.js';

/** The targets the detection bench checks. */
export const DETECT_TARGETS = {
  /** Share of visible variants whose session fails. */
  minRecall: 1,
  /** Sessions that fail against the delayed-render and unchanged variants. */
  maxFalseAlarms: 0,
  /** Share of failures, over visible variants, whose first cause is the expected one. */
  minRightCauseShare: 0.95,
} as const;

/** The result of one row measured against its variant's expectation. */
export type RowOutcome =
  /** Visible change, session failed with an expected first cause. */
  | 'caught'
  /** Visible change, session failed but the first cause is not an expected one. */
  | 'caught-wrong-cause'
  /** Visible change, but the session passed or the run went wrong. */
  | 'missed'
  /** No visible change and the session passed. */
  | 'passed'
  /** No visible change, yet the session did not pass. */
  | 'false-alarm';

/** Classifies one row against the expectation of its variant. */
export function rowOutcome(row: DetectRow): RowOutcome {
  if (!row.visible) {
    return row.status === 'passed' && row.problem === undefined ? 'passed' : 'false-alarm';
  }
  if (row.status !== 'failed') {
    return 'missed';
  }
  return row.firstCause !== undefined && row.expectedCauses.includes(row.firstCause)
    ? 'caught'
    : 'caught-wrong-cause';
}

/** The headline figures of a detection run. */
export interface DetectSummary {
  /** Runs of visible variants, and how many of them failed. */
  visible: { runs: number; failed: number; recall: number | null };
  /** Runs of the delayed-render and unchanged variants, and how many did not pass. */
  invisible: { runs: number; falseAlarms: number };
  /** Failed runs of visible variants, and how many named the expected first cause. */
  causes: { failures: number; right: number; share: number | null };
  /** Rows that miss their expectation, for the report. */
  misses: DetectRow[];
  targetsMet: { recall: boolean; falseAlarms: boolean; causes: boolean };
}

/** Computes recall, false alarms and the share of right first causes. */
export function summarize(rows: DetectRow[]): DetectSummary {
  const outcomes = rows.map((row) => ({ row, outcome: rowOutcome(row) }));
  const count = (...kinds: RowOutcome[]): number =>
    outcomes.filter(({ outcome }) => kinds.includes(outcome)).length;

  const visibleRuns = rows.filter((row) => row.visible).length;
  const failed = count('caught', 'caught-wrong-cause');
  const right = count('caught');
  const falseAlarms = count('false-alarm');
  const recall = visibleRuns === 0 ? null : failed / visibleRuns;
  const share = failed === 0 ? null : right / failed;

  return {
    visible: { runs: visibleRuns, failed, recall },
    invisible: { runs: rows.length - visibleRuns, falseAlarms },
    causes: { failures: failed, right, share },
    misses: outcomes
      .filter(({ outcome }) => outcome !== 'caught' && outcome !== 'passed')
      .map(({ row }) => row),
    targetsMet: {
      recall: recall === null || recall >= DETECT_TARGETS.minRecall,
      falseAlarms: falseAlarms <= DETECT_TARGETS.maxFalseAlarms,
      causes: share === null || share >= DETECT_TARGETS.minRightCauseShare,
    },
  };
}
