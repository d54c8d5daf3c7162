import type { ReplayReport, SessionResult, SessionStatus } from '../harness/result/types.js';
import { renderSessionDetails } from './console-details.js';
import {
  colorStatus,
  createPalette,
  formatDuration,
  formatPercent,
  formatScore,
  renderTable,
  statusLabel,
  worstDomSimilarity,
  worstPixelRatio,
  type Column,
} from './console-format.js';

/** Options of {@link renderSummary}. */
export interface SummaryOptions {
  /** Emit ANSI colours; decide with {@link shouldUseColor}. */
  color: boolean;
  /** List every failing checkpoint, DOM change and error, not only the first cause. */
  verbose: boolean;
}

/** Rank of each status in the table, worst first. */
const STATUS_ORDER: Record<SessionStatus, number> = {
  errored: 0,
  failed: 1,
  flaky: 2,
  passed: 3,
  skipped: 4,
};

const EXIT_CODE_MEANINGS: Record<ReplayReport['exitCode'], string> = {
  0: 'all gates passed',
  1: 'a regression was found',
  2: 'invalid usage or input',
};

const COLUMNS: readonly Column[] = [
  { header: 'Session', align: 'left', cell: (session) => session.name },
  { header: 'Status', align: 'left', cell: statusLabel },
  {
    header: 'Fidelity',
    align: 'right',
    cell: (session) => formatNullable(session.fidelity, formatScore),
  },
  {
    header: 'Pixel diff',
    align: 'right',
    cell: (session) => formatNullable(worstPixelRatio(session), formatPercent),
  },
  {
    header: 'DOM',
    align: 'right',
    cell: (session) => formatNullable(worstDomSimilarity(session), formatScore),
  },
  {
    header: 'Steps',
    align: 'right',
    cell: (session) =>
      `${session.steps.filter((step) => step.resolved).length}/${session.steps.length}`,
  },
  { header: 'Duration', align: 'right', cell: (session) => formatDuration(session.durationMs) },
];
const STATUS_COLUMN = 1;

function formatNullable(value: number | null, format: (value: number) => string): string {
  return value === null ? '-' : format(value);
}

/** Orders sessions worst first: by status, then lowest fidelity (none counts as lowest), then name. */
export function sortWorstFirst(sessions: readonly SessionResult[]): SessionResult[] {
  return [...sessions].sort(
    (left, right) =>
      STATUS_ORDER[left.status] - STATUS_ORDER[right.status] ||
      (left.fidelity ?? -1) - (right.fidelity ?? -1) ||
      left.name.localeCompare(right.name),
  );
}

/** Formats the totals, such as `3 passed, 1 failed, 0 flaky, 1 errored`; skipped appears only when non-zero. */
export function formatTotals(totals: ReplayReport['totals']): string {
  const parts = [
    `${totals.passed} passed`,
    `${totals.failed} failed`,
    `${totals.flaky} flaky`,
    `${totals.errored} errored`,
  ];
  if (totals.skipped > 0) {
    parts.push(`${totals.skipped} skipped`);
  }
  return parts.join(', ');
}

function renderHeading(report: ReplayReport): string {
  const count = report.sessions.length;
  const shard = report.shard ? ` (shard ${report.shard.current}/${report.shard.total})` : '';
  const noun = count === 1 ? 'session' : 'sessions';
  return `Replayed ${count} ${noun} against ${report.baseURL} in ${formatDuration(report.durationMs)}${shard}`;
}

/**
 * Renders the end-of-run summary: a table of sessions sorted worst first, the first cause
 * and image paths of every failed, errored or flaky session, the totals and the meaning of
 * the exit code. Returns the text without a trailing newline.
 */
export function renderSummary(report: ReplayReport, options: SummaryOptions): string {
  const palette = createPalette(options.color);
  const sessions = sortWorstFirst(report.sessions);
  const lines = [palette.bold(renderHeading(report)), ''];

  if (sessions.length === 0) {
    lines.push('  No sessions ran.');
  } else {
    const colorCell = (column: number, session: SessionResult, text: string) =>
      column === STATUS_COLUMN ? colorStatus(session.status, text, palette) : text;
    lines.push(...renderTable(COLUMNS, sessions, colorCell, palette));
  }

  const notPassing = sessions.filter((session) =>
    ['failed', 'errored', 'flaky'].includes(session.status),
  );
  if (notPassing.length > 0) {
    lines.push('', palette.bold('Details'));
    for (const session of notPassing) {
      lines.push('', ...renderSessionDetails(session, options.verbose, palette));
    }
  }

  const exitLine = `Exit code ${report.exitCode}: ${EXIT_CODE_MEANINGS[report.exitCode]}.`;
  const exitColor = report.exitCode === 0 ? palette.green : palette.red;
  lines.push('', formatTotals(report.totals), exitColor(exitLine));
  return lines.join('\n');
}

/** The part of an output stream that {@link shouldUseColor} reads. */
export interface ColorStream {
  isTTY?: boolean;
}

/**
 * Decides whether to print ANSI colours. A non-empty `NO_COLOR` turns colour off
 * (no-color.org). Otherwise `FORCE_COLOR` turns it on, except for the values `0` and `false`,
 * which turn it off. Without either, colour is on for a TTY unless `TERM` is `dumb`.
 */
export function shouldUseColor(stream: ColorStream, env: NodeJS.ProcessEnv): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') {
    return false;
  }
  if (env.FORCE_COLOR !== undefined) {
    const value = env.FORCE_COLOR.trim().toLowerCase();
    return value !== '0' && value !== 'false';
  }
  if (env.TERM === 'dumb') {
    return false;
  }
  return stream.isTTY === true;
}
