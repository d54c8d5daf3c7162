import { performance } from 'node:perf_hooks';

/** Summary of repeated measurements of one figure, in the unit of the samples. */
export interface Summary {
  median: number;
  min: number;
  max: number;
  /** Every sample, in measurement order. */
  samples: number[];
}

/**
 * Summarizes samples by median, minimum and maximum. The median is the figure to read on a
 * shared machine, because one slow sample from a neighbour's load does not move it.
 *
 * @throws RangeError when `samples` is empty.
 */
export function summarize(samples: number[]): Summary {
  if (samples.length === 0) {
    throw new RangeError('summarize() needs at least one sample.');
  }
  const sorted = [...samples].sort((left, right) => left - right);
  const middle = Math.floor(sorted.length / 2);
  const median =
    sorted.length % 2 === 1
      ? (sorted[middle] as number)
      : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
  return {
    median,
    min: sorted[0] as number,
    max: sorted[sorted.length - 1] as number,
    samples: [...samples],
  };
}

/** Runs `work` and returns its result with the wall time it took, in milliseconds. */
export async function timed<T>(work: () => Promise<T> | T): Promise<{ value: T; ms: number }> {
  const start = performance.now();
  const value = await work();
  return { value, ms: performance.now() - start };
}

/** Returns the wall time of `iterations` calls of `run` divided by `iterations`, in milliseconds. */
export function msPerCall(iterations: number, run: () => void): number {
  const start = performance.now();
  for (let index = 0; index < iterations; index += 1) {
    run();
  }
  return (performance.now() - start) / iterations;
}
