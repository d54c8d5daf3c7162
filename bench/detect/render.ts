import type { DetectRow } from './measure-variant.js';
import { DETECT_TARGETS, rowOutcome, type DetectSummary } from './summary.js';

/** Layout of a rendered table: padded plain text for a terminal, or Markdown for the docs. */
export type TableStyle = 'text' | 'markdown';

/** Renders rows of cells under a header row. */
export function renderTable(header: string[], rows: string[][], style: TableStyle): string {
  if (style === 'markdown') {
    const line = (cells: string[]): string => `| ${cells.join(' | ')} |`;
    return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
  }
  const widths = header.map((cell, column) =>
    Math.max(cell.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: string[]): string =>
    cells
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

/** Formats a ratio in [0, 1] as a percentage with two significant digits, `0` when exact. */
export function formatPercent(ratio: number | null): string {
  if (ratio === null) {
    return '-';
  }
  return ratio === 0 ? '0 %' : `${Number((ratio * 100).toPrecision(2))} %`;
}

/** Rounds a similarity down to four decimals, so one just below 1 never prints as 1. */
export function formatSimilarity(similarity: number | null): string {
  return similarity === null ? '-' : (Math.floor(similarity * 10_000) / 10_000).toFixed(4);
}

const OUTCOME_LABELS = {
  caught: 'yes',
  'caught-wrong-cause': 'NO: wrong cause',
  missed: 'NO: missed',
  passed: 'yes',
  'false-alarm': 'NO: false alarm',
} as const;

/** Renders one line per app and variant: verdict, first cause and figures. */
export function renderDetectTable(rows: DetectRow[], style: TableStyle): string {
  const header = [
    'App',
    'Variant',
    'Verdict',
    'First cause',
    'Expected',
    'Max pixel diff',
    'Min DOM similarity',
    'As expected',
  ];
  const cells = rows.map((row) => [
    row.app,
    `${row.number} ${row.variant}`,
    row.status,
    row.firstCause ?? '-',
    row.visible ? row.expectedCauses.join(' or ') : 'pass',
    formatPercent(row.maxPixelDiffRatio),
    formatSimilarity(row.minDomSimilarity),
    OUTCOME_LABELS[rowOutcome(row)],
  ]);
  return renderTable(header, cells, style);
}

/** Renders the recall, false alarm and first cause figures against their targets. */
export function renderDetectSummary(summary: DetectSummary): string {
  const mark = (met: boolean): string => (met ? 'met' : 'MISSED');
  const { visible, invisible, causes } = summary;
  return [
    `Recall over visible variants (1-6, 8): ${visible.failed}/${visible.runs} = ${formatPercent(visible.recall)} ` +
      `(target ${formatPercent(DETECT_TARGETS.minRecall)}, ${mark(summary.targetsMet.recall)})`,
    `False alarms over delayed and unchanged builds (7, 9): ${invisible.falseAlarms}/${invisible.runs} ` +
      `(target ${DETECT_TARGETS.maxFalseAlarms}, ${mark(summary.targetsMet.falseAlarms)})`,
    `Failures with the right first cause: ${causes.right}/${causes.failures} = ${formatPercent(causes.share)} ` +
      `(target at least ${formatPercent(DETECT_TARGETS.minRightCauseShare)}, ${mark(summary.targetsMet.causes)})`,
  ].join('\n');
}

/** Renders what went wrong in each row that missed its expectation. */
export function renderMisses(summary: DetectSummary): string {
  if (summary.misses.length === 0) {
    return 'Every run met its expectation.';
  }
  const lines = ['Runs that missed their expectation:'];
  for (const row of summary.misses) {
    const expected = row.visible ? `fail on ${row.expectedCauses.join(' or ')}` : 'pass';
    const actual = row.problem ?? `${row.status}${row.firstCause ? ` on ${row.firstCause}` : ''}`;
    lines.push(
      `- ${row.app} ${row.number} ${row.variant} (${row.change}): expected ${expected}, got ${actual}.`,
    );
    if (row.firstCauseMessage) {
      lines.push(`  ${row.firstCauseMessage}`);
    }
    lines.push(`  Output: ${row.outputDir}`);
  }
  return lines.join('\n');
}
