import { expect } from 'vitest';
import type { CliResult } from './run-cli.js';

/**
 * Asserts that a CLI replay run passed its first session at fidelity 1 with more than one
 * checkpoint. The first cause is checked first, so a failure message names what differed.
 */
export function expectPerfectReplay(result: CliResult): void {
  expect(result.stderr).not.toContain('internal error');
  const session = result.report?.sessions[0];
  expect(session?.firstCause, JSON.stringify(session?.firstCause)).toBeUndefined();
  expect(result.exitCode).toBe(0);
  expect(session?.status).toBe('passed');
  expect(session?.fidelity).toBe(1);
  expect(session?.checkpoints.length).toBeGreaterThan(1);
}
