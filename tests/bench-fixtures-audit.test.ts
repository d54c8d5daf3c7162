import { expect, it } from 'vitest';
import { runCli } from './support/run-cli.js';
import { repoRoot } from './support/paths.js';

it('bench fixtures pass the audit', async () => {
  const result = await runCli(['audit', 'bench/fixtures'], { cwd: repoRoot });
  expect(result.stderr).toBe('');
  expect(result.exitCode).toBe(0);
  expect(result.stdout).toContain('no personal data or secrets found');
});
