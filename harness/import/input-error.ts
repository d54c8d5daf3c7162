import { UsageError } from '../shared/errors.js';

/**
 * Builds the usage error for one import input. The message names the file, then what is wrong
 * with it, then how to fix it, so every import failure reads the same way.
 */
export function inputError(file: string, problem: string, fix: string): UsageError {
  return new UsageError(`${file}: ${problem}. ${fix}`);
}
