/**
 * An error caused by the user's input (a flag, a config value, a fixture file) rather than
 * by a regression. The CLI prints its message without a stack trace and exits with code 2.
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Formats a user-facing message with the tool prefix, so every line of output says where it came from. */
export function formatMessage(message: string): string {
  return `[replaygate] ${message}`;
}
