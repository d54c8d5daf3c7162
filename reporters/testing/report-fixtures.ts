import {
  REPORT_FORMAT,
  REPORT_VERSION,
  type CheckpointResult,
  type ReplayReport,
  type SessionResult,
  type SessionStatus,
} from '../../harness/result/types.js';

/** Builds a checkpoint with the given scores. It passes when both scores are perfect. */
export function checkpointResult(
  id: string,
  scores: { diffRatio?: number; similarity?: number; fidelity?: number } = {},
): CheckpointResult {
  const diffRatio = scores.diffRatio ?? 0;
  const similarity = scores.similarity ?? 1;
  const fidelity = scores.fidelity ?? Math.min(1 - diffRatio, similarity);
  return {
    id,
    label: `after step ${id}`,
    afterStep: 0,
    url: 'http://127.0.0.1:4173/#/',
    baselineSource: 'stored',
    pixels: {
      identicalBytes: diffRatio === 0,
      diffPixels: Math.round(diffRatio * 10_000),
      totalPixels: 10_000,
      diffRatio,
    },
    dom: { similarity, changes: [], omittedChanges: 0 },
    fidelity,
    passed: fidelity === 1,
    images: {
      actual: `${id}-actual.png`,
      expected: `${id}-expected.png`,
      ...(diffRatio > 0 ? { diff: `${id}-diff.png` } : {}),
    },
  };
}

/** Builds a session result with one resolved step and one checkpoint; `overrides` replaces any field. */
export function sessionResult(
  name: string,
  status: SessionStatus,
  overrides: Partial<SessionResult> = {},
): SessionResult {
  const checkpoints = overrides.checkpoints ?? [checkpointResult('p0-00')];
  return {
    name,
    fixture: `/work/project/recordings/${name}.replay.json.gz`,
    status,
    fidelity: checkpoints.length === 0 ? null : Math.min(...checkpoints.map((c) => c.fidelity)),
    steps: [{ index: 0, kind: 'click', description: 'button "Save"', resolved: true }],
    checkpoints,
    network: { recorded: 2, app: 1, blocked: 0, log: [] },
    pageErrors: [],
    consoleErrors: [],
    durationMs: 1234,
    recordedDurationMs: 5000,
    attempts: status === 'flaky' ? 2 : 1,
    outputDir: `/work/project/replaygate-results/sessions/replay-${name}`,
    ...overrides,
  };
}

/** Builds a report of the given sessions, with totals and exit code computed as a run computes them. */
export function replayReport(
  sessions: SessionResult[],
  overrides: Partial<ReplayReport> = {},
): ReplayReport {
  const totals: ReplayReport['totals'] = { passed: 0, failed: 0, flaky: 0, errored: 0, skipped: 0 };
  for (const session of sessions) {
    totals[session.status] += 1;
  }
  let exitCode: ReplayReport['exitCode'] = 0;
  if (totals.failed > 0) {
    exitCode = 1;
  } else if (totals.errored > 0) {
    exitCode = 2;
  }
  return {
    format: REPORT_FORMAT,
    version: REPORT_VERSION,
    startedAt: '2025-03-01T12:00:00.000Z',
    durationMs: 65_000,
    baseURL: 'http://127.0.0.1:4173/',
    sessions,
    totals,
    exitCode,
    ...overrides,
  };
}
