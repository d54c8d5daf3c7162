/** Parses a flag value that must be a whole number of at least 1. */
export function positiveInteger(flag: string, value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) {
    throw new Error(`${flag} must be a whole number of at least 1, got "${value}".`);
  }
  return parsed;
}

/** Splits a comma-separated flag value, dropping empty items. */
export function splitList(value: string): string[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}
