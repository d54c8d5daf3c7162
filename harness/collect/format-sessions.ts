import { formatDuration } from './durations.js';
import { activeRange } from './query-sessions.js';
import { errorCount, sessionDuration, type SessionSummary } from './session-summary.js';

/** Maximum characters of the URL column; longer URLs end with an ellipsis. */
const MAX_URL_COLUMN = 60;

/** One session as `sessions list --json` prints it. */
export interface ListedSession extends Omit<SessionSummary, 'seqs'> {
  /** Recorder clock; null for a session without events or exchanges. */
  durationMs: number | null;
  /** Stored batches. */
  batches: number;
  /** Sequence numbers between 0 and the highest stored one that were never stored. */
  missingBatches: number;
}

/** Converts a summary for `--json` output. */
export function toListedSession(summary: SessionSummary): ListedSession {
  const { seqs, ...rest } = summary;
  const highest = seqs.length === 0 ? -1 : (seqs[seqs.length - 1] ?? -1);
  return {
    ...rest,
    durationMs: sessionDuration(summary),
    batches: seqs.length,
    missingBatches: highest + 1 - seqs.length,
  };
}

/** Renders sessions as an aligned text table with a header row. */
export function formatSessionTable(summaries: readonly SessionSummary[]): string {
  const header = [
    'SESSION',
    'STARTED (UTC)',
    'DURATION',
    'BATCHES',
    'EVENTS',
    'ERRORS',
    'TAGS',
    'URL',
  ];
  const rows = summaries.map((summary) => {
    const duration = sessionDuration(summary);
    return [
      summary.sessionId,
      new Date(activeRange(summary).start).toISOString().slice(0, 19).replace('T', ' '),
      duration === null ? '-' : formatDuration(duration),
      String(summary.seqs.length),
      String(summary.events),
      String(errorCount(summary)),
      summary.tags.join(',') || '-',
      shorten(summary.urls[0] ?? '-'),
    ];
  });
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  return [header, ...rows]
    .map((row) =>
      row
        .map((cell, column) =>
          column === row.length - 1 ? cell : cell.padEnd(widths[column] ?? 0),
        )
        .join('  '),
    )
    .join('\n');
}

function shorten(url: string): string {
  return url.length > MAX_URL_COLUMN ? `${url.slice(0, MAX_URL_COLUMN - 1)}…` : url;
}
