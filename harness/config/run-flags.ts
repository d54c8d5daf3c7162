import { UsageError } from '../shared/errors.js';
import { formatValue } from './config-errors.js';

/**
 * Parses `--shard i/n` into a one-based shard, as Playwright numbers them.
 *
 * @throws UsageError unless both numbers are whole, n is at least 1 and i is between 1 and n.
 */
export function parseShard(raw: unknown): { current: number; total: number } | undefined {
  if (raw === undefined) {
    return undefined;
  }
  const match = typeof raw === 'string' ? /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(raw) : null;
  const current = Number(match?.[1]);
  const total = Number(match?.[2]);
  if (!match || total < 1 || current < 1 || current > total) {
    throw new UsageError(
      `Invalid value for --shard: ${formatValue(raw)}. Expected i/n with whole numbers and 1 ≤ i ≤ n, for example --shard 1/3 for the first of three shards.`,
    );
  }
  return { current, total };
}

/**
 * Checks that `--grep` is a valid regular expression and returns its source.
 *
 * @throws UsageError for an empty or invalid pattern.
 */
export function parseGrep(raw: unknown): string | undefined {
  if (raw === undefined) {
    return undefined;
  }
  if (typeof raw !== 'string' || raw === '') {
    throw new UsageError(
      `Invalid value for --grep: ${formatValue(raw)}. Expected a regular expression matched against session names, for example --grep checkout.`,
    );
  }
  try {
    new RegExp(raw);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new UsageError(
      `Invalid value for --grep: ${formatValue(raw)} is not a valid regular expression (${reason}). Escape special characters such as ( [ * with a backslash.`,
    );
  }
  return raw;
}

/**
 * Reads `--json`, `--quiet` and `--verbose`.
 *
 * @throws UsageError when both `--quiet` and `--verbose` are set.
 */
export function parseOutputFlags(argv: Record<string, unknown>): {
  json: boolean;
  quiet: boolean;
  verbose: boolean;
} {
  const flags = {
    json: argv.json === true,
    quiet: argv.quiet === true,
    verbose: argv.verbose === true,
  };
  if (flags.quiet && flags.verbose) {
    throw new UsageError('--quiet and --verbose cannot be used together. Pass only one of them.');
  }
  return flags;
}
