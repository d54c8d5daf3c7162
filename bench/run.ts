import { cpus, totalmem } from 'node:os';
import { rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { writeFileAtomic } from '../harness/shared/atomic-write.js';
import { UsageError } from '../harness/shared/errors.js';
import { openBenchEnvironment } from './bench-environment.js';
import { measureCompareCost } from './compare-cost.js';
import { startMemorySampler } from './memory.js';
import {
  checkTargets,
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

  --out <folder>   folder for bench-results.json, the demo apps, baselines and screenshots
                   (default replaygate-results/bench)
  --repeat <n>     rounds per session; each round times every kind of run once (default 3)
  --grep <regex>   only the demo sessions whose name matches
  --no-profile     skip the phase breakdown and the real-checkpoint comparison figures
  --trace-experiment
                   add a profiled replay per round with stored baselines and a Playwright
                   trace, and print its overhead over the plain script`;

/** Format of `bench-results.json`. Bump the version when a field changes meaning. */
const RESULTS_FORMAT = { format: 'replaygate.bench', version: 1 } as const;

const OPTIONS = {
  out: { type: 'string', default: 'replaygate-results/bench' },
  repeat: { type: 'string', default: '3' },
  grep: { type: 'string' },
  'no-profile': { type: 'boolean', default: false },
  'trace-experiment': { type: 'boolean', default: false },
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
  await rm(runsDir, { recursive: true, force: true });
  const log = (line: string): void => {
    process.stderr.write(`[bench] ${line}\n`);
  };

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
      renderTargets(targets),
      `Figures written to ${resultsPath}`,
    ];
    process.stdout.write(`${sections.join('\n\n')}\n`);
  } finally {
    await environment.close();
  }
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
