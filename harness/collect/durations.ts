import { UsageError } from '../shared/errors.js';

const UNIT_MILLISECONDS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

const DURATION_PATTERN = /^(\d+(?:\.\d+)?)(ms|s|m|h|d|w)$/;

/**
 * Parses a duration such as `500ms`, `30s`, `5m`, `2h`, `30d` or `1w` into milliseconds.
 *
 * @throws UsageError naming `flag` for any other value.
 */
export function parseDuration(flag: string, value: string): number {
  const match = DURATION_PATTERN.exec(value.trim());
  const unit = match?.[2];
  if (match?.[1] === undefined || unit === undefined) {
    throw new UsageError(
      `${flag} ${value} is not a duration. Pass a number with a unit: ms, s, m, h, d or w, such as 30s or 30d.`,
    );
  }
  return Number(match[1]) * (UNIT_MILLISECONDS[unit] ?? 1);
}

/**
 * Parses a point in time: an ISO 8601 date or date-time (`2024-05-01`, `2024-05-01T12:00Z`),
 * or a duration before `now` (`2h` is two hours ago). Returns epoch milliseconds.
 *
 * @throws UsageError naming `flag` for any other value.
 */
export function parseTime(flag: string, value: string, now: number): number {
  if (DURATION_PATTERN.test(value.trim())) {
    return now - parseDuration(flag, value);
  }
  const time = /^\d{4}-\d{2}-\d{2}/.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(time)) {
    throw new UsageError(
      `${flag} ${value} is not a time. Pass an ISO date or date-time such as 2024-05-01 or 2024-05-01T12:00:00Z, or a duration ago such as 2h.`,
    );
  }
  return time;
}

/** Formats milliseconds for a table: `850ms`, `42s`, `3m 05s`, `2h 10m`. */
export function formatDuration(milliseconds: number): string {
  if (milliseconds < 1000) {
    return `${Math.round(milliseconds)}ms`;
  }
  const seconds = Math.floor(milliseconds / 1000);
  if (seconds < 60) {
    return `${seconds}s`;
  }
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) {
    return `${minutes}m ${String(seconds % 60).padStart(2, '0')}s`;
  }
  return `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, '0')}m`;
}
