import pc from 'picocolors';
import type { SessionResult, SessionStatus } from '../harness/result/types.js';

/** The picocolors functions, all of them identity functions when colour is off. */
export type Palette = ReturnType<typeof pc.createColors>;

/** Returns a palette that colours only when `enabled` is true, regardless of the environment. */
export function createPalette(enabled: boolean): Palette {
  return pc.createColors(enabled);
}

/** Formats milliseconds as `850ms`, `12.3s` or `2m 05s`. */
export function formatDuration(milliseconds: number): string {
  const rounded = Math.max(0, Math.round(milliseconds));
  if (rounded < 1000) {
    return `${rounded}ms`;
  }
  if (rounded < 60_000) {
    return `${(rounded / 1000).toFixed(1)}s`;
  }
  const minutes = Math.floor(rounded / 60_000);
  const seconds = Math.floor((rounded % 60_000) / 1000);
  return `${minutes}m ${String(seconds).padStart(2, '0')}s`;
}

/**
 * Formats a score in [0, 1] with three decimals, rounded down so that only a perfect score
 * reads as 1.000.
 */
export function formatScore(score: number): string {
  // The small epsilon keeps values such as 0.95, stored as 0.9499999…, from dropping to 0.949.
  return (Math.floor(score * 1000 + 1e-9) / 1000).toFixed(3);
}

/**
 * Formats a ratio in [0, 1] as a percentage with two decimals. A ratio above 0 that would
 * round to 0.00% prints as `<0.01%`, so a single differing pixel never reads as identical.
 */
export function formatPercent(ratio: number): string {
  if (ratio > 0 && ratio < 0.0001) {
    return '<0.01%';
  }
  return `${(ratio * 100).toFixed(2)}%`;
}

/** Largest pixel diff ratio over the session's checkpoints, or null when no pixels were compared. */
export function worstPixelRatio(session: SessionResult): number | null {
  const ratios = session.checkpoints.flatMap((checkpoint) =>
    checkpoint.pixels ? [checkpoint.pixels.diffRatio] : [],
  );
  return ratios.length === 0 ? null : Math.max(...ratios);
}

/** Lowest DOM similarity over the session's checkpoints, or null when no DOM was compared. */
export function worstDomSimilarity(session: SessionResult): number | null {
  const similarities = session.checkpoints.flatMap((checkpoint) =>
    checkpoint.dom ? [checkpoint.dom.similarity] : [],
  );
  return similarities.length === 0 ? null : Math.min(...similarities);
}

/** Colours a status word: red for failures and errors, yellow for flaky, grey for skipped. */
export function colorStatus(status: SessionStatus, text: string, palette: Palette): string {
  switch (status) {
    case 'passed':
      return palette.green(text);
    case 'failed':
      return palette.red(text);
    case 'errored':
      return palette.bold(palette.red(text));
    case 'flaky':
      return palette.yellow(text);
    case 'skipped':
      return palette.gray(text);
  }
}

/** Returns the status cell of the summary table. A flaky session also shows the attempt that passed. */
export function statusLabel(session: SessionResult): string {
  if (session.status === 'flaky') {
    return `flaky (passed on attempt ${session.attempts})`;
  }
  return session.status;
}

/** A table column: its header, how it aligns and how to read a cell from a session. */
export interface Column {
  header: string;
  align: 'left' | 'right';
  cell(session: SessionResult): string;
}

/**
 * Renders rows as an aligned plain-text table. Widths are measured on the plain text and
 * colour is applied after padding, so escape codes never shift the columns.
 */
export function renderTable(
  columns: readonly Column[],
  sessions: readonly SessionResult[],
  colorCell: (columnIndex: number, session: SessionResult, padded: string) => string,
  palette: Palette,
): string[] {
  const cells = sessions.map((session) => columns.map((column) => column.cell(session)));
  const widths = columns.map((column, index) =>
    Math.max(column.header.length, ...cells.map((row) => row[index]!.length)),
  );
  const pad = (text: string, index: number) =>
    columns[index]!.align === 'left' ? text.padEnd(widths[index]!) : text.padStart(widths[index]!);

  const header = columns.map((column, index) => pad(column.header, index)).join('  ');
  const lines = [`  ${palette.dim(header.trimEnd())}`];
  cells.forEach((row, rowIndex) => {
    const session = sessions[rowIndex]!;
    const rendered = row.map((text, index) => colorCell(index, session, pad(text, index)));
    lines.push(`  ${rendered.join('  ').trimEnd()}`);
  });
  return lines;
}
