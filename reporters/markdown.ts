import type { ReplayReport, SessionResult, SessionStatus } from '../harness/result/types.js';
import { writeFileAtomic } from '../harness/shared/atomic-write.js';
import { formatTotals, sortWorstFirst } from './console.js';
import {
  formatDuration,
  formatPercent,
  formatScore,
  worstDomSimilarity,
  worstPixelRatio,
} from './console-format.js';
import { escapeMarkdownInline, truncate } from './text-safety.js';

/** Hidden marker that identifies replaygate's sticky pull-request comment. */
export const MARKDOWN_REPORT_MARKER = '<!-- replaygate-report -->';

/** GitHub's maximum length of an issue or pull-request comment body, in characters. */
export const GITHUB_COMMENT_MAX_LENGTH = 65_536;

/** Maximum length of the first cause in a table cell, in characters, before it is cut with `…`. */
const MAX_CAUSE_LENGTH = 200;

/** Maximum length of a session name in a table cell, in characters. */
const MAX_NAME_LENGTH = 120;

/** Options of {@link renderMarkdownReport}. */
export interface MarkdownReportOptions {
  /** Address of the published HTML report. */
  reportUrl?: string;
  /** Address of the CI run whose artifacts hold the screenshots, diffs and traces. */
  artifactUrl?: string;
  /** Maximum length of the whole text; rows are dropped to fit. Default {@link GITHUB_COMMENT_MAX_LENGTH}. */
  maxLength?: number;
}

const STATUS_CELLS: Record<SessionStatus, string> = {
  errored: '💥 errored',
  failed: '❌ failed',
  flaky: '⚠️ flaky',
  passed: '✅ passed',
  skipped: '⏭️ skipped',
};

const TABLE_HEADER = [
  '| Status | Session | Fidelity | Pixel diff | DOM | First cause |',
  '| --- | --- | ---: | ---: | ---: | --- |',
];

function headline(report: ReplayReport): string {
  const { totals } = report;
  const count = report.sessions.length;
  const sessions = count === 1 ? '1 session' : `${count} sessions`;
  if (report.exitCode === 1) {
    const regressions = totals.failed === 1 ? '1 regression' : `${totals.failed} regressions`;
    return `❌ replaygate: ${regressions} in ${sessions}`;
  }
  if (report.exitCode === 2) {
    return totals.errored > 0
      ? `💥 replaygate: ${totals.errored} of ${sessions} could not be replayed`
      : `💥 replaygate: the run stopped before every session finished`;
  }
  const flaky = totals.flaky > 0 ? ` (${totals.flaky} flaky)` : '';
  return `✅ replaygate: ${sessions} passed${flaky}`;
}

function summaryLine(report: ReplayReport): string {
  const shard = report.shard ? `, shard ${report.shard.current}/${report.shard.total}` : '';
  const target = escapeMarkdownInline(truncate(report.baseURL, 200));
  return `${formatTotals(report.totals)}. Replayed against ${target} in ${formatDuration(report.durationMs)}${shard}; exit code ${report.exitCode}.`;
}

function formatOptional(value: number | null, format: (value: number) => string): string {
  return value === null ? '–' : format(value);
}

function causeCell(session: SessionResult): string {
  const cause = session.firstCause;
  if (cause === undefined) {
    return session.status === 'flaky' ? `passed on attempt ${session.attempts}` : '';
  }
  const where =
    cause.checkpointId ?? (cause.stepIndex === undefined ? undefined : `step ${cause.stepIndex}`);
  const text = `${cause.kind}${where === undefined ? '' : ` at ${where}`}: ${cause.message}`;
  return escapeMarkdownInline(truncate(text, MAX_CAUSE_LENGTH));
}

/** Renders one table row; every recorded string in it is escaped. */
export function renderSessionRow(session: SessionResult): string {
  const cells = [
    STATUS_CELLS[session.status],
    escapeMarkdownInline(truncate(session.name, MAX_NAME_LENGTH)),
    formatOptional(session.fidelity, formatScore),
    formatOptional(worstPixelRatio(session), formatPercent),
    formatOptional(worstDomSimilarity(session), formatScore),
    causeCell(session),
  ];
  return `| ${cells.join(' | ')} |`;
}

/** Makes a URL safe inside `[text](url)`: only http and https, with spaces and brackets encoded. */
function linkTarget(url: string): string | undefined {
  if (!/^https?:\/\//i.test(url) || !URL.canParse(url)) {
    return undefined;
  }
  return new URL(url).href.replace(
    /[()\s<>]/g,
    (character) => `%${character.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`,
  );
}

function linksLine(options: MarkdownReportOptions): string | undefined {
  const links: string[] = [];
  const report = options.reportUrl === undefined ? undefined : linkTarget(options.reportUrl);
  if (report !== undefined) {
    links.push(`[Full report](${report})`);
  }
  const artifacts = options.artifactUrl === undefined ? undefined : linkTarget(options.artifactUrl);
  if (artifacts !== undefined) {
    links.push(`[Screenshots, diffs and traces](${artifacts})`);
  }
  return links.length === 0 ? undefined : links.join(' · ');
}

function moreLine(hidden: number): string {
  const noun = hidden === 1 ? 'session' : 'sessions';
  return `_…and ${hidden} more ${noun}, left out to keep this text under GitHub's ${GITHUB_COMMENT_MAX_LENGTH.toLocaleString('en-US')}-character limit._`;
}

/**
 * Renders the report as GitHub Markdown for a job summary or a sticky pull-request comment:
 * the hidden marker, a headline, the totals, a table of sessions worst first and links.
 * When the text would exceed `maxLength`, the last rows (the best sessions) are replaced by
 * one "…and N more sessions" line.
 */
export function renderMarkdownReport(
  report: ReplayReport,
  options: MarkdownReportOptions = {},
): string {
  const maxLength = options.maxLength ?? GITHUB_COMMENT_MAX_LENGTH;
  const head = [MARKDOWN_REPORT_MARKER, `### ${headline(report)}`, '', summaryLine(report), ''];
  const links = linksLine(options);
  const tail = links === undefined ? [] : ['', links];

  if (report.sessions.length === 0) {
    return [...head, 'No sessions ran.', ...tail].join('\n') + '\n';
  }

  const rows = sortWorstFirst(report.sessions).map(renderSessionRow);
  const fixedLength = [...head, ...TABLE_HEADER, ...tail].join('\n').length + 1;
  const kept: string[] = [];
  let length = fixedLength;
  for (const [index, row] of rows.entries()) {
    const hiddenAfter = rows.length - index - 1;
    // Room for this row, plus the "…and N more" line if later rows will not fit.
    const reserve = hiddenAfter > 0 ? moreLine(hiddenAfter).length + 2 : 0;
    if (length + row.length + 1 + reserve > maxLength) {
      break;
    }
    kept.push(row);
    length += row.length + 1;
  }

  const hidden = rows.length - kept.length;
  const more = hidden > 0 ? ['', moreLine(hidden)] : [];
  return [...head, ...TABLE_HEADER, ...kept, ...more, ...tail].join('\n') + '\n';
}

/** Writes {@link renderMarkdownReport}'s text to `path` through a temporary file and a rename. */
export async function writeMarkdownReport(
  path: string,
  report: ReplayReport,
  options: MarkdownReportOptions = {},
): Promise<void> {
  await writeFileAtomic(path, renderMarkdownReport(report, options));
}
