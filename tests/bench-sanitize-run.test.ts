import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import type { SanitizeBenchmark } from '../harness/sanitize/sanitize.bench.js';
import { repoRoot } from './support/paths.js';

const work = await mkdtemp(join(tmpdir(), 'replaygate-bench-sanitize-'));
afterAll(() => rm(work, { recursive: true, force: true }));

// The built benchmark, as `npm run bench` runs it; `npm test` builds it through `pretest`.
const BENCH = join(repoRoot, 'dist', 'bench', 'run.js');

describe('npm run bench -- --only sanitize', () => {
  it('writes fresh, warm and copy figures', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [BENCH, '--only', 'sanitize', '--sanitize-sizes', '1,2', '--out', work],
      { cwd: repoRoot, maxBuffer: 1 << 22 },
    );
    const results = JSON.parse(await readFile(join(work, 'sanitize-results.json'), 'utf8')) as {
      format: string;
      files: SanitizeBenchmark[];
      marginal?: { fromMegabytes: number; toMegabytes: number };
    };

    expect(results.format).toBe('replaygate.bench-sanitize');
    expect(results.files.map((file) => Math.round(file.megabytes))).toEqual([1, 2]);
    for (const file of results.files) {
      for (const figure of [
        file.wallMegabytesPerSecond,
        file.cpuMegabytesPerSecond,
        file.warmWallMegabytesPerSecond,
        file.warmCpuMegabytesPerSecond,
        file.copyCpuMegabytesPerSecond,
        file.peakRssMegabytes,
        file.outputFileMegabytes,
      ]) {
        expect(Number.isFinite(figure)).toBe(true);
        expect(figure).toBeGreaterThan(0);
      }
    }
    expect(stdout).toMatch(
      /sanitize MB +MB\/s +CPU MB\/s +warm CPU MB\/s +copy CPU MB\/s +warm \/ copy +peak RSS MB/,
    );
    expect(stdout).toContain('sanitize-results.json');
  });
});
