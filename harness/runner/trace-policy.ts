import type { TraceMode } from '../config/define-config.js';
import type { SessionResult } from '../result/types.js';

/** Trace handling of one attempt: none, kept only when the attempt fails, or always kept. */
export type AttemptTrace = 'off' | 'keep-on-failure' | 'keep';

/**
 * Decides whether an attempt records a trace. `retry` is Playwright's zero-based retry count,
 * so 0 is the first attempt.
 */
export function traceForAttempt(mode: TraceMode, retry: number): AttemptTrace {
  switch (mode) {
    case 'on':
      return 'keep';
    case 'off':
      return 'off';
    case 'retain-on-failure':
      return 'keep-on-failure';
    case 'on-first-retry':
      return retry === 1 ? 'keep' : 'off';
    case 'on-failure':
      // A retry may hit the failure again, and tracing it saves the extra replay.
      return retry > 0 ? 'keep-on-failure' : 'off';
  }
}

/**
 * Returns true when a finished attempt needs an extra traced replay: in `on-failure` mode,
 * after the last attempt failed without a trace. A broken fixture never replayed, so a trace
 * of it would show nothing.
 */
export function needsTracedRerun(
  mode: TraceMode,
  result: SessionResult,
  isLastAttempt: boolean,
): boolean {
  return (
    mode === 'on-failure' &&
    isLastAttempt &&
    result.status === 'failed' &&
    result.tracePath === undefined
  );
}
