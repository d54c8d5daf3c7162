import { describe, expect, it } from 'vitest';
import { copyCostRatio, marginalThroughput, type SanitizeBenchmark } from './sanitize.bench.js';

function size(megabytes: number, cpuSeconds: number): SanitizeBenchmark {
  return {
    megabytes,
    wallMegabytesPerSecond: 0,
    cpuMegabytesPerSecond: megabytes / cpuSeconds,
    warmWallMegabytesPerSecond: 0,
    warmCpuMegabytesPerSecond: 0,
    copyCpuMegabytesPerSecond: 0,
    peakRssMegabytes: 0,
    inputFileMegabytes: 0,
    outputFileMegabytes: 0,
  };
}

describe('marginalThroughput', () => {
  it('divides the extra megabytes by the extra CPU time', () => {
    // 1.5 s of fixed cost, then 0.05 s per megabyte: 20 MB per extra CPU second.
    const files = [size(200, 11.5), size(1, 1.55), size(50, 4)];
    expect(marginalThroughput(files)).toEqual({
      fromMegabytes: 50,
      toMegabytes: 200,
      cpuMegabytesPerSecond: 20,
    });
  });

  it('needs two sizes and a larger CPU time', () => {
    expect(marginalThroughput([size(50, 4)])).toBeUndefined();
    expect(marginalThroughput([size(50, 4), size(200, 3.9)])).toBeUndefined();
  });
});

describe('copyCostRatio', () => {
  it('compares the warm sanitize run with the plain copy', () => {
    // 10 s to sanitize 200 MB warm, 4 s to copy it: sanitizing costs 2.5 copies.
    const file = { ...size(200, 12), warmCpuMegabytesPerSecond: 20, copyCpuMegabytesPerSecond: 50 };
    expect(copyCostRatio(file)).toBe(2.5);
  });
});
