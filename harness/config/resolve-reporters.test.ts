import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UsageError } from '../shared/errors.js';
import { resolveConfig, type ResolveConfigInput } from './resolve-config.js';
import { reporterOutputEnv } from './resolve-reporters.js';

let cwd: string;

beforeEach(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'replaygate-resolve-reporters-'));
});

afterEach(async () => {
  await rm(cwd, { recursive: true, force: true });
});

function resolveWith(input: Partial<ResolveConfigInput>) {
  return resolveConfig({ argv: {}, env: {}, cwd, ...input });
}

async function writeConfig(source: string): Promise<void> {
  await writeFile(join(cwd, 'replaygate.config.ts'), source);
}

describe('reporters setting', () => {
  it('splits a comma-separated --reporter', async () => {
    const config = await resolveWith({ argv: { reporter: ['console, junit', 'markdown'] } });
    expect(config.reporters).toEqual([
      { name: 'console', source: '--reporter' },
      { name: 'junit', source: '--reporter' },
      { name: 'markdown', source: '--reporter' },
    ]);
  });

  it('reads REPLAYGATE_REPORTER', async () => {
    const config = await resolveWith({ env: { REPLAYGATE_REPORTER: 'junit,json' } });
    expect(config.reporters.map((reporter) => reporter.name)).toEqual(['junit', 'json']);
    expect(config.reporters[0]?.source).toBe('REPLAYGATE_REPORTER');
  });

  it('resolves tuple paths against the config folder', async () => {
    await writeConfig(
      "export default { reporters: ['console', ['junit', { outputFile: 'out/replay.xml' }], ['html', { outputFolder: 'site' }]] };",
    );
    const config = await resolveWith({ cwd: join(cwd) });
    expect(config.reporters).toEqual([
      { name: 'console', source: expect.stringContaining('replaygate.config.ts') },
      { name: 'junit', outputFile: join(cwd, 'out', 'replay.xml'), source: expect.any(String) },
      { name: 'html', outputFolder: join(cwd, 'site'), source: expect.any(String) },
    ]);
  });

  it('lets an output variable override the file', async () => {
    await writeConfig(
      "export default { reporters: [['junit', { outputFile: 'out/replay.xml' }]] };",
    );
    const config = await resolveWith({
      env: { REPLAYGATE_JUNIT_OUTPUT_FILE: 'ci/junit.xml', REPLAYGATE_HTML_OUTPUT_DIR: 'unused' },
    });
    expect(config.reporters).toEqual([
      { name: 'junit', outputFile: join(cwd, 'ci', 'junit.xml'), source: expect.any(String) },
    ]);
  });

  it('rejects an empty --reporter', async () => {
    await expect(resolveWith({ argv: { reporter: [','] } })).rejects.toThrow(UsageError);
  });

  it('rejects an unknown tuple option with the key', async () => {
    await writeConfig("export default { reporters: [['junit', { outputFlie: 'x.xml' }]] };");
    await expect(resolveWith({})).rejects.toThrow(/reporters/);
  });

  it('reads --report-url', async () => {
    const config = await resolveWith({ argv: { 'report-url': 'https://example.com/r/' } });
    expect(config.reportUrl).toBe('https://example.com/r/');
  });

  it('names the output variables Playwright style', () => {
    expect(reporterOutputEnv('junit')).toEqual({
      outputFile: 'REPLAYGATE_JUNIT_OUTPUT_FILE',
      outputFolder: 'REPLAYGATE_JUNIT_OUTPUT_DIR',
    });
  });
});
