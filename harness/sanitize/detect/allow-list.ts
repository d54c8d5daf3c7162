import { UsageError } from '../../shared/errors.js';

/** Tells whether a found value is allowed and must stay as it is. */
export type AllowTest = (value: string) => boolean;

const REGEX_ENTRY = /^\/(.+)\/([a-z]*)$/s;

/**
 * Compiles `SanitizeRules.allow`. An entry written `/source/flags` is a regular expression
 * tested against the found value, unanchored, so write `^…$` to match the value whole. Any
 * other entry must equal the value exactly.
 *
 * @throws UsageError when a `/source/flags` entry does not compile.
 */
export function compileAllowList(entries: readonly string[] = []): AllowTest {
  const exact = new Set<string>();
  const patterns: RegExp[] = [];
  for (const entry of entries) {
    const parts = REGEX_ENTRY.exec(entry);
    if (parts === null) {
      exact.add(entry);
      continue;
    }
    try {
      patterns.push(new RegExp(parts[1] ?? '', (parts[2] ?? '').replace(/[gy]/g, '')));
    } catch (error) {
      throw new UsageError(
        `Invalid sanitize allow entry ${entry}: ${(error as Error).message}. ` +
          "Write a valid /regex/flags or an exact value in the config's sanitize.allow.",
      );
    }
  }
  return (value) => exact.has(value) || patterns.some((pattern) => pattern.test(value));
}
