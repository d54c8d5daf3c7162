import { cpus, totalmem } from 'node:os';
import { rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  benchmarkSanitize,
  copyCostRatio,
  DEFAULT_SANITIZE_SIZES,
  marginalThroughput,
  SANITIZE_TARGET_MEGABYTES_PER_SECOND,
  type MarginalThroughput,
  type SanitizeBenchmark,
} from '../harness/sanitize/sanitize.bench.js';
import {
  benchmarkTextSanitizer,
  type TextSanitizerBenchmark,
} from '../harness/sanitize/text-sanitizer.bench.js';
import { writeFileAtomic } from '../harness/shared/atomic-write.js';
import { UsageError } from '../harness/shared/errors.js';
import { openBenchEnvironment } from './bench-environment.js';
import { measureCompareCost } from './compare-cost.js';
import { startMemorySampler } from './memory.js';
import {
  checkTargets,
  formatTable,
  renderCompareTable,
  renderMemory,
  renderPhaseTable,
  renderPlainPhaseTable,
  renderReplayTable,
  renderTargets,
  TARGETS,
} from './report.js';
import { measureReplays } from './replay-timing.js';

const USAGE = `Usage: node dist/bench/run.js [--out <folder>] [--repeat <n>] [--grep <regex>] [--no-profile] [--trace-experiment]
                            [--only replay|sanitize] [--sanitize-sizes <list>] [--no-sanitize]

  --out <folder>   folder for bench-results.json, the demo apps, baselines and screenshots
                   (default replaygate-results/bench)
  --repeat <n>     rounds per session; each round times every kind of run once (default 3)
  --grep <regex>   only the sessions whose name matches: the demo recordings and the
                   fixtures in bench/fixtures
  --no-profile     skip the phase breakdown and the real-checkpoint comparison figures
  --trace-experiment
                   add a profiled replay per round with stored baselines and a Playwright
                   trace, and print its overhead over the plain script
  --only <part>    run one part: "replay" (the browser figures) or "sanitize" (no browser;
                   writes <out>/sanitize-results.json)
  --sanitize-sizes <list>
                   comma-separated sizes in megabytes of uncompressed JSON of the recordings
                   the sanitize benchmark generates (default ${DEFAULT_SANITIZE_SIZES.join(',')})
  --no-sanitize    skip the sanitize benchmark`;

/**
 * Format of `bench-results.json`. Bump the version when a field changes meaning. Version 2
 * applies the speedup target by median step gap (`targets.minMedianGapMs`) instead of summed
 * think time, and adds `sessions[].medianGapMs` and `targetsMet.speedupSessions`.
 */
const RESULTS_FORMAT = { format: 'replaygate.bench', version: 2 } as const;

const OPTIONS = {
  out: { type: 'string', default: 'replaygate-results/bench' },
  repeat: { type: 'string', default: '3' },
  grep: { type: 'string' },
  'no-profile': { type: 'boolean', default: false },
  'trace-experiment': { type: 'boolean', default: false },
  only: { type: 'string' },
  'sanitize-sizes': { type: 'string', default: DEFAULT_SANITIZE_SIZES.join(',') },
  'no-sanitize': { type: 'boolean', default: false },
  help: { type: 'boolean', default: false },
} as const;

async function main(): Promise<void> {
  const values = parseFlags();
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const repeat = positiveInteger('--repeat', values.repeat);
  const outDir = resolve(values.out);
  const runsDir = join(outDir, 'runs');
  const log = (line: string): void => {
    process.stderr.write(`[bench] ${line}\n`);
  };
  const only = parseOnly(values.only);
  const sanitizeSizes = parseSizes(values['sanitize-sizes']);
  if (only === 'sanitize' && values['no-sanitize']) {
    throw new UsageError('--only sanitize and --no-sanitize exclude each other: drop one.');
  }

  // Before the browser starts, so the sanitizing processes do not share the cores with it.
  const sanitizeFigures =
    only === 'replay' || values['no-sanitize']
      ? undefined
      : await measureSanitize(sanitizeSizes, log);
  if (only === 'sanitize' && sanitizeFigures !== undefined) {
    await writeSanitizeOnly(sanitizeFigures, outDir);
    return;
  }

  await rm(runsDir, { recursive: true, force: true });
  const memory = startMemorySampler();
  const environment = await openBenchEnvironment({
    outDir,
    ...(values.grep ? { grep: parseGrep(values.grep) } : {}),
  });
  try {
    log(`Chromium ${environment.browserVersion}, Node ${process.version}, ${cpus().length} cores`);
    const profile = !values['no-profile'];
    const traceExperiment = values['trace-experiment'];
    const replays = await measureReplays({
      environment,
      memory,
      repeat,
      runsDir,
      profile,
      traceExperiment,
      log,
    });
    const { sessions, phases } = replays;

    log('comparison cost');
    const compare = measureCompareCost(replays.samples, {
      repeat,
      ignoreAttributes: environment.recordingBaselineSettings.ignoreAttributes,
    });
    const memoryFigures = memory.stop();
    const targets = checkTargets(sessions, compare);

    const machine = {
      cores: cpus().length,
      cpuModel: cpus()[0]?.model ?? 'unknown',
      totalMemoryMiB: Math.round(totalmem() / 1024 / 1024),
      platform: `${process.platform} ${process.arch}`,
      node: process.version,
      chromium: environment.browserVersion,
    };
    const results = {
      ...RESULTS_FORMAT,
      date: new Date().toISOString(),
      machine,
      repeat,
      profiled: profile,
      traceExperiment,
      targets: TARGETS,
      targetsMet: targets,
      sessions,
      phases,
      compare,
      memory: memoryFigures,
      ...(sanitizeFigures === undefined ? {} : { sanitize: sanitizeFigures }),
    };
    const resultsPath = join(outDir, 'bench-results.json');
    await writeFileAtomic(resultsPath, `${JSON.stringify(results, null, 2)}\n`);

    const sections = [
      `replaygate bench, ${results.date}: ${machine.cores} cores (${machine.cpuModel}), Node ${machine.node}, Chromium ${machine.chromium}`,
      `Median (min-max) of ${repeat} interleaved rounds per session. Overhead compares each runSession with the plain script run next to it.`,
      renderReplayTable(sessions),
      ...(profile
        ? [
            'Phases of runSession (profiled replays in the same rounds), and of the plain script:',
            renderPhaseTable(phases, 'recording', sessions),
            renderPhaseTable(phases, 'stored', sessions),
            ...(traceExperiment ? [renderPhaseTable(phases, 'stored-traced', sessions)] : []),
          ]
        : []),
      renderPlainPhaseTable(sessions),
      renderCompareTable(compare),
      renderMemory(memoryFigures, sessions),
      ...(sanitizeFigures === undefined ? [] : [renderSanitize(sanitizeFigures)]),
      renderTargets(targets),
      `Figures written to ${resultsPath}`,
    ];
    process.stdout.write(`${sections.join('\n\n')}\n`);
  } finally {
    await environment.close();
  }
}

/** Figures of the sanitize benchmark: the text engine alone, then whole files per size. */
interface SanitizeFigures {
  text: TextSanitizerBenchmark;
  files: SanitizeBenchmark[];
  /** Throughput between the two largest sizes; missing with fewer than two. */
  marginal?: MarginalThroughput;
}

async function measureSanitize(
  sizes: number[],
  log: (line: string) => void,
): Promise<SanitizeFigures> {
  log(`sanitize: ${sizes.join(', ')} MB recordings, one process each`);
  const text = benchmarkTextSanitizer(10, 5, log);
  const files = await benchmarkSanitize(sizes, log);
  const marginal = marginalThroughput(files);
  return { text, files, ...(marginal === undefined ? {} : { marginal }) };
}

function renderSanitize(figures: SanitizeFigures): string {
  const rows = figures.files.map((file) => [
    file.megabytes.toFixed(0),
    file.wallMegabytesPerSecond.toFixed(1),
    file.cpuMegabytesPerSecond.toFixed(1),
    file.warmCpuMegabytesPerSecond.toFixed(1),
    file.copyCpuMegabytesPerSecond.toFixed(1),
    `${copyCostRatio(file).toFixed(2)}x`,
    file.peakRssMegabytes.toFixed(0),
    `${file.inputFileMegabytes.toFixed(1)} / ${file.outputFileMegabytes.toFixed(1)}`,
  ]);
  const headers = [
    'sanitize MB',
    'MB/s',
    'CPU MB/s',
    'warm CPU MB/s',
    'copy CPU MB/s',
    'warm / copy',
    'peak RSS MB',
    'gzip in / out MB',
  ];
  const text = figures.text;
  const { marginal } = figures;
  return [
    formatTable(headers, rows),
    ...(marginal === undefined
      ? []
      : [
          `From ${marginal.fromMegabytes.toFixed(0)} to ${marginal.toMegabytes.toFixed(0)} MB: ` +
            `${marginal.cpuMegabytesPerSecond.toFixed(1)} MB per extra CPU second ` +
            `(start-up and JIT compilation left out; target ${SANITIZE_TARGET_MEGABYTES_PER_SECOND}).`,
        ]),
    `Text sanitizer alone: ${text.megabytesPerSecond.toFixed(1)} MB per CPU second on ` +
      `${(text.bytes / 1e6).toFixed(0)} MB of generated recording text.`,
  ].join('\n');
}

/** Prints the sanitize figures and writes them to `<out>/sanitize-results.json`. */
async function writeSanitizeOnly(figures: SanitizeFigures, outDir: string): Promise<void> {
  const path = join(outDir, 'sanitize-results.json');
  const results = {
    format: 'replaygate.bench-sanitize',
    version: 1,
    date: new Date().toISOString(),
    machine: {
      cores: cpus().length,
      cpuModel: cpus()[0]?.model ?? 'unknown',
      node: process.version,
    },
    ...figures,
  };
  await writeFileAtomic(path, `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(`${renderSanitize(figures)}\n\nFigures written to ${path}\n`);
}

function parseOnly(value: string | undefined): 'replay' | 'sanitize' | undefined {
  if (value === undefined || value === 'replay' || value === 'sanitize') {
    return value;
  }
  throw new UsageError(`--only must be "replay" or "sanitize", got "${value}".`);
}

function parseSizes(list: string): number[] {
  const sizes = list.split(',').map((part) => Number(part.trim()));
  if (sizes.some((size) => !Number.isFinite(size) || size <= 0)) {
    throw new UsageError(
      `--sanitize-sizes must be positive sizes in megabytes separated by commas, such as 1,10,50,200; got "${list}".`,
    );
  }
  return sizes;
}

function parseFlags() {
  try {
    return parseArgs({ options: OPTIONS }).values;
  } catch (error) {
    // parseArgs throws TypeErrors with ERR_PARSE_ARGS_* codes for unknown or malformed flags.
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

function parseGrep(source: string): RegExp {
  try {
    return new RegExp(source);
  } catch (error) {
    throw new UsageError(`--grep "${source}" is not a valid regular expression: ${String(error)}`);
  }
}

function positiveInteger(flag: string, value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) {
    throw new UsageError(`${flag} must be a whole number of at least 1, got "${value}".`);
  }
  return parsed;
}

try {
  await main();
} catch (error) {
  if (error instanceof UsageError) {
    process.stderr.write(`[bench] ${error.message}\n\n${USAGE}\n`);
    process.exitCode = 2;
  } else {
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    process.stderr.write(`[bench] ${detail}\n`);
    process.exitCode = 1;
  }
}
