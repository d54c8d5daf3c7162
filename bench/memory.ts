import { readdirSync, readFileSync } from 'node:fs';

/** Peak memory figures of a bench run, in mebibytes. */
export interface MemoryFigures {
  /** Peak resident set of the Node process, from `process.resourceUsage().maxRSS`. */
  nodeMaxRssMiB: number;
  /**
   * Highest sampled sum over every process started by Node (Chromium's browser, GPU, network
   * and renderer processes). Absent where /proc is not readable.
   */
  chromiumPeakMiB?: number;
  /** `pss` shares pages between processes fairly; `rss` counts shared pages in each process. */
  chromiumMeasure?: 'pss' | 'rss';
  /** Reason the Chromium figure is missing. */
  chromiumUnavailable?: string;
  /** Milliseconds between samples of the Chromium figure. */
  sampleIntervalMs: number;
}

/** Samples the memory of the processes started by Node while a bench runs. */
export interface MemorySampler {
  /** Starts a new window for {@link peakSinceMarkMiB}. */
  mark(): void;
  /** Highest Chromium sample since the last {@link mark}, or undefined without samples. */
  peakSinceMarkMiB(): number | undefined;
  stop(): MemoryFigures;
}

/**
 * Starts sampling Chromium's memory every `intervalMs` by walking Linux's
 * `/proc/<pid>/task/<tid>/children` from the Node process down, summing each process's
 * `Pss` from `smaps_rollup` (Linux 4.14 or later), or `VmRSS` from `status` where that file is
 * missing. On other systems only the Node figure is reported. A process that exits between
 * listing and reading is skipped. Samples shorter than `intervalMs` can miss a peak, so the
 * figure is a lower bound.
 */
export function startMemorySampler(intervalMs = 250): MemorySampler {
  let measure: 'pss' | 'rss' | undefined;
  let unavailable: string | undefined;
  let peakKiB = 0;
  let windowPeakKiB: number | undefined;

  const sample = (): void => {
    const reading = readTreeMemory(process.pid);
    if ('error' in reading) {
      unavailable = reading.error;
      return;
    }
    measure ??= reading.measure;
    peakKiB = Math.max(peakKiB, reading.kib);
    windowPeakKiB = Math.max(windowPeakKiB ?? 0, reading.kib);
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  timer.unref();

  return {
    mark() {
      windowPeakKiB = undefined;
    },
    peakSinceMarkMiB() {
      return windowPeakKiB === undefined ? undefined : windowPeakKiB / 1024;
    },
    stop() {
      clearInterval(timer);
      sample();
      const figures: MemoryFigures = {
        nodeMaxRssMiB: process.resourceUsage().maxRSS / 1024,
        sampleIntervalMs: intervalMs,
      };
      if (unavailable !== undefined || measure === undefined) {
        figures.chromiumUnavailable = unavailable ?? 'no sample taken';
      } else {
        figures.chromiumPeakMiB = peakKiB / 1024;
        figures.chromiumMeasure = measure;
      }
      return figures;
    },
  };
}

function readTreeMemory(
  rootPid: number,
): { kib: number; measure: 'pss' | 'rss' } | { error: string } {
  if (process.platform !== 'linux') {
    return { error: `/proc is Linux only; this is ${process.platform}` };
  }
  let descendants: number[];
  try {
    descendants = childrenOf(rootPid, true);
  } catch (error) {
    return { error: `cannot list child processes in /proc: ${(error as Error).message}` };
  }
  const queue = [...descendants];
  let kib = 0;
  let measure: 'pss' | 'rss' = 'pss';
  while (queue.length > 0) {
    const pid = queue.pop() as number;
    const memory = processMemory(pid);
    if (memory) {
      kib += memory.kib;
      if (memory.measure === 'rss') {
        measure = 'rss';
      }
      queue.push(...childrenOf(pid, false));
    }
  }
  return { kib, measure };
}

/** Lists a process's children; with `strict` false, a process that has exited has none. */
function childrenOf(pid: number, strict: boolean): number[] {
  try {
    const children: number[] = [];
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      const listed = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
      if (listed !== '') {
        children.push(...listed.split(/\s+/).map(Number));
      }
    }
    return children;
  } catch (error) {
    if (strict) {
      throw error;
    }
    return [];
  }
}

function processMemory(pid: number): { kib: number; measure: 'pss' | 'rss' } | undefined {
  try {
    const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
    const pss = /^Pss:\s+(\d+) kB/m.exec(rollup);
    if (pss?.[1]) {
      return { kib: Number(pss[1]), measure: 'pss' };
    }
  } catch {
    // Older kernels have no smaps_rollup; VmRSS below still works.
  }
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const rss = /^VmRSS:\s+(\d+) kB/m.exec(status);
    return rss?.[1] ? { kib: Number(rss[1]), measure: 'rss' } : undefined;
  } catch {
    return undefined;
  }
}
