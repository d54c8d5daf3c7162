import { execFile } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { sanitizeRecordingFile } from './sanitize-file.js';
import { readRecordingItemBatches } from './stream/read-recording-stream.js';
import { RecordingWriter } from './stream/recording-writer.js';
import { writeSyntheticRecording } from './testing/generate-recording.js';
import { createTextSanitizer } from './text-sanitizer.js';
import { tuneV8ForSanitizing } from './tune-v8.js';

/** One measured size of {@link benchmarkSanitize}. */
export interface SanitizeBenchmark {
  /** Uncompressed JSON size of the generated recording in megabytes (10^6 bytes). */
  megabytes: number;
  /** Megabytes of recording JSON per second of wall time. */
  wallMegabytesPerSecond: number;
  /** Megabytes of recording JSON per second of process CPU time (all threads). */
  cpuMegabytesPerSecond: number;
  /**
   * The same two figures for a second run of the same file in the same process, as for the
   * second file of a folder. V8 has compiled the hot code by then, so the run leaves out the
   * fixed cost of a fresh process. Each run has its own sanitizer and caches.
   */
  warmWallMegabytesPerSecond: number;
  warmCpuMegabytesPerSecond: number;
  /**
   * Megabytes per CPU second of a plain copy of the same file in the same process, after the
   * two sanitize runs: the same reader (gunzip, split, parse, check) and writer (stringify,
   * gzip), with nothing sanitized or audited. Number-only events pass through as read, as
   * they do when sanitizing. It is the floor that sanitizing adds to, and it
   * shows how fast the machine is, so figures of two machines can be compared.
   */
  copyCpuMegabytesPerSecond: number;
  /** Peak resident set size of the sanitizing process over both runs, in megabytes. */
  peakRssMegabytes: number;
  /** Size of the gzip-compressed input and output files in megabytes. */
  inputFileMegabytes: number;
  outputFileMegabytes: number;
}

const BENCH_KEY = Buffer.alloc(32, 0x5a);
/** Old-space limit of each measured process, in megabytes. */
const HEAP_CAP_MEGABYTES = 128;

/** Sanitizes one file and returns its wall and CPU time in seconds. */
async function timeOne(input: string, output: string): Promise<{ wall: number; cpu: number }> {
  const cpuStart = process.cpuUsage();
  const wallStart = performance.now();
  const result = await sanitizeRecordingFile({
    input,
    output,
    tempDir: resolve(output, '..'),
    createTextSanitizer: () => createTextSanitizer({ key: BENCH_KEY }),
  });
  const wall = (performance.now() - wallStart) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  if (!result.written) {
    throw new Error(
      `The sanitized benchmark recording failed its audit: ${JSON.stringify(result.audit.findings[0])}`,
    );
  }
  return { wall, cpu: (cpu.user + cpu.system) / 1e6 };
}

/**
 * Copies one file through the reader and writer that sanitizing uses, without sanitizing or
 * auditing, and returns its CPU time in seconds.
 */
async function timeCopy(input: string, output: string): Promise<number> {
  const cpuStart = process.cpuUsage();
  const writer = new RecordingWriter(output);
  for await (const items of readRecordingItemBatches(input)) {
    for (const item of items) {
      let full = false;
      if (item.kind === 'field') {
        full = writer.appendField(item.key, item.value);
      } else if (item.kind === 'array-start') {
        writer.startArray(item.key);
      } else if (item.kind === 'array-end') {
        writer.endArray();
      } else if (item.kind === 'plain-event') {
        full = writer.appendRaw(item.raw);
      } else {
        full = writer.appendElement(item.kind === 'event' ? item.event : item.exchange);
      }
      if (full) {
        await writer.flush();
      }
    }
  }
  await writer.close();
  const cpu = process.cpuUsage(cpuStart);
  return (cpu.user + cpu.system) / 1e6;
}

/**
 * Sanitizes one file twice and returns the figures; runs in a child process of its own. The
 * first run pays for start-up and JIT compilation, as a fresh `replaygate sanitize` does.
 */
async function measureOne(
  input: string,
  output: string,
  megabytes: number,
): Promise<SanitizeBenchmark> {
  const fresh = await timeOne(input, output);
  const warm = await timeOne(input, output);
  // After the sanitize runs, so its reader and writer are as warm as in the second run.
  const copySeconds = await timeCopy(input, `${output}.copy`);
  await rm(`${output}.copy`, { force: true });
  return {
    megabytes,
    wallMegabytesPerSecond: megabytes / fresh.wall,
    cpuMegabytesPerSecond: megabytes / fresh.cpu,
    warmWallMegabytesPerSecond: megabytes / warm.wall,
    warmCpuMegabytesPerSecond: megabytes / warm.cpu,
    copyCpuMegabytesPerSecond: megabytes / copySeconds,
    // maxRSS is in kilobytes.
    peakRssMegabytes: process.resourceUsage().maxRSS / 1024,
    inputFileMegabytes: (await stat(input)).size / 1e6,
    outputFileMegabytes: (await stat(output)).size / 1e6,
  };
}

/**
 * CPU time of the warm sanitize run over that of the plain copy of the same file: what
 * sanitizing and auditing cost on top of reading and writing, whatever the machine's speed.
 */
export function copyCostRatio(file: SanitizeBenchmark): number {
  return file.copyCpuMegabytesPerSecond / file.warmCpuMegabytesPerSecond;
}

/** Target throughput of sanitize, in megabytes of recording JSON per CPU second. */
export const SANITIZE_TARGET_MEGABYTES_PER_SECOND = 20;

/** Throughput of the megabytes that a larger recording adds, from two measured sizes. */
export interface MarginalThroughput {
  fromMegabytes: number;
  toMegabytes: number;
  /** Extra megabytes per extra CPU second between the two sizes. */
  cpuMegabytesPerSecond: number;
}

/**
 * Returns the throughput between the two largest sizes: their difference in megabytes over
 * their difference in CPU seconds. Start-up and JIT compilation cost about the same at every
 * size, so this leaves them out, which the figure of one size cannot. Returns undefined with
 * fewer than two sizes, or when the larger one took no more CPU time (noise on a busy machine).
 */
export function marginalThroughput(
  files: readonly SanitizeBenchmark[],
): MarginalThroughput | undefined {
  const [smaller, larger] = [...files].sort((a, b) => a.megabytes - b.megabytes).slice(-2);
  if (smaller === undefined || larger === undefined || larger.megabytes <= smaller.megabytes) {
    return undefined;
  }
  const cpuSeconds = (file: SanitizeBenchmark) => file.megabytes / file.cpuMegabytesPerSecond;
  const extraSeconds = cpuSeconds(larger) - cpuSeconds(smaller);
  if (extraSeconds <= 0) {
    return undefined;
  }
  return {
    fromMegabytes: smaller.megabytes,
    toMegabytes: larger.megabytes,
    cpuMegabytesPerSecond: (larger.megabytes - smaller.megabytes) / extraSeconds,
  };
}

/** Recording sizes of {@link benchmarkSanitize}, in megabytes of uncompressed JSON. */
export const DEFAULT_SANITIZE_SIZES: readonly number[] = [1, 10, 50, 200];

/**
 * Generates recordings of the given sizes (uncompressed JSON, in megabytes) in a temporary
 * folder and logs the throughput and peak RSS of sanitizing each. Every size runs in a
 * fresh Node process with the V8 old space capped at 128 MB, so peak memory is per size, and
 * is sanitized there twice: fresh, then warm (see {@link SanitizeBenchmark}). The
 * recordings come from `writeSyntheticRecording`: snapshots, mutations, mouse moves, typed
 * values and JSON and PNG exchanges, with about one text in twenty-five and every exchange
 * carrying invented personal data.
 */
export async function benchmarkSanitize(
  sizes: readonly number[] = DEFAULT_SANITIZE_SIZES,
  log: (line: string) => void = console.log,
): Promise<SanitizeBenchmark[]> {
  const folder = await mkdtemp(join(tmpdir(), 'replaygate-sanitize-bench-'));
  const results: SanitizeBenchmark[] = [];
  try {
    for (const megabytes of sizes) {
      const input = join(folder, `raw-${megabytes}.replay.json.gz`);
      const output = join(folder, 'out', `raw-${megabytes}.replay.json.gz`);
      const written = await writeSyntheticRecording(input, megabytes * 1_000_000);
      // The heap cap makes a live set that grows with the recording fail the run, instead of
      // hiding in V8's lazy collection, which lets a heap grow far beyond what is live.
      const { stdout } = await promisify(execFile)(
        process.execPath,
        [
          `--max-old-space-size=${HEAP_CAP_MEGABYTES}`,
          fileURLToPath(import.meta.url),
          input,
          output,
          String(written.bytes / 1e6),
        ],
        { maxBuffer: 1 << 20 },
      );
      const result = JSON.parse(stdout) as SanitizeBenchmark;
      results.push(result);
      log(
        `sanitize ${result.megabytes.toFixed(0).padStart(4)} MB: ` +
          `${result.wallMegabytesPerSecond.toFixed(1)} MB/s wall, ` +
          `${result.cpuMegabytesPerSecond.toFixed(1)} MB per CPU second ` +
          `(${result.warmCpuMegabytesPerSecond.toFixed(1)} in a warm process, ` +
          `${copyCostRatio(result).toFixed(2)}x the CPU time of a plain copy), ` +
          `peak RSS ${result.peakRssMegabytes.toFixed(0)} MB, ` +
          `gzip ${result.inputFileMegabytes.toFixed(1)} MB in, ${result.outputFileMegabytes.toFixed(1)} MB out`,
      );
    }
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
  return results;
}

// `node sanitize.bench.js <input> <output> <megabytes>` measures one file for benchmarkSanitize.
if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv.length === 5) {
  // As `replaygate sanitize` does before its first file.
  tuneV8ForSanitizing();
  const [input, output, megabytes] = process.argv.slice(2) as [string, string, string];
  const result = await measureOne(input, output, Number(megabytes));
  process.stdout.write(JSON.stringify(result));
}
