import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { buildDemoApps } from '../../demo/build-apps.js';
import { projectRoot } from '../../demo/project-paths.js';
import type { ReplayReport } from '../../harness/result/types.js';
import { writeFileAtomic } from '../../harness/shared/atomic-write.js';
import { positiveInteger } from '../detect/cli-args.js';
import { describeMachine, formatMachine } from '../detect/machine.js';
import { replayWithCli } from '../detect/replay-cli.js';
import { compareRuns, type DifferingArtifact, type SoakComparison } from './compare-runs.js';

const USAGE = `Usage: node dist/bench/soak/run.js [options]

Replays every demo recording against unchanged builds of the demo apps several times and
counts what differed between runs: actual and expected screenshots, DOM snapshots and
session statuses.

  --runs <n>            runs of the whole corpus (default 20)
  --out <folder>        where soak-results.json and every run's report go
                        (default replaygate-results/bench-soak)
  --concurrency <n>     runs at the same time, each with one worker (default 1)
  --timeout <seconds>   real time allowed per run before it is killed (default 1800)
  --recordings <folder> folder with the demo recordings (default recordings)

Exits with 1 when a screenshot or DOM snapshot differed or a session did not always pass.`;

/** Format of `soak-results.json`; bump the version when a field changes meaning. */
const RESULTS_FORMAT = { format: 'replaygate.bench-soak', version: 1 } as const;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string', default: '20' },
      out: { type: 'string', default: 'replaygate-results/bench-soak' },
      concurrency: { type: 'string', default: '1' },
      timeout: { type: 'string', default: '1800' },
      recordings: { type: 'string', default: join(projectRoot(), 'recordings') },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const runs = positiveInteger('--runs', values.runs);
  const concurrency = positiveInteger('--concurrency', values.concurrency);
  const timeoutMs = positiveInteger('--timeout', values.timeout) * 1000;
  const outDir = resolve(values.out);
  const recordingsDir = resolve(values.recordings);
  await rm(join(outDir, 'runs'), { recursive: true, force: true });

  const startedAt = new Date();
  const machine = await describeMachine(startedAt);
  log(formatMachine(machine));

  const workDir = await mkdtemp(join(tmpdir(), 'replaygate-soak-'));
  let reports: Array<ReplayReport | undefined>;
  try {
    const appsDir = join(workDir, 'apps');
    const baselineDir = join(workDir, 'no-baselines');
    await buildDemoApps(appsDir);
    await mkdir(baselineDir);
    reports = await runSoak({
      runs,
      concurrency,
      appsDir,
      baselineDir,
      recordingsDir,
      outDir,
      timeoutMs,
    });
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }

  const comparison = await compareRuns(reports);
  process.stdout.write(`${renderSoak(comparison)}\n`);
  const results = {
    ...RESULTS_FORMAT,
    machine,
    durationMs: Date.now() - startedAt.getTime(),
    ...comparison,
  };
  await writeFileAtomic(join(outDir, 'soak-results.json'), `${JSON.stringify(results, null, 2)}\n`);
  log(`Wrote ${join(outDir, 'soak-results.json')}`);
  const stable =
    comparison.differingScreenshots.length === 0 &&
    comparison.differingExpectedScreenshots.length === 0 &&
    comparison.differingDomSnapshots.length === 0 &&
    comparison.sessionsNotAlwaysPassing.length === 0;
  if (!stable) {
    process.exitCode = 1;
  }
}

async function runSoak(options: {
  runs: number;
  concurrency: number;
  appsDir: string;
  baselineDir: string;
  recordingsDir: string;
  outDir: string;
  timeoutMs: number;
}): Promise<Array<ReplayReport | undefined>> {
  const reports = new Array<ReplayReport | undefined>(options.runs);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < options.runs) {
      const index = next;
      next += 1;
      const name = `run-${String(index + 1).padStart(2, '0')}`;
      const run = await replayWithCli({
        appsDir: options.appsDir,
        recordingsDir: options.recordingsDir,
        outputDir: join(options.outDir, 'runs', name),
        baselineDir: options.baselineDir,
        timeoutMs: options.timeoutMs,
      });
      reports[index] = run.report;
      const totals = run.report
        ? Object.entries(run.report.totals)
            .filter(([, count]) => count > 0)
            .map(([status, count]) => `${count} ${status}`)
            .join(', ')
        : `no report (exit code ${String(run.exitCode)}${run.timedOut ? ', timed out' : ''})`;
      log(`${name}: ${totals} in ${(run.durationMs / 1000).toFixed(0)} s`);
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency, options.runs) }, worker));
  return reports;
}

/** Renders the soak counts and every artifact or session that was not stable. */
function renderSoak(comparison: SoakComparison): string {
  const lines = [
    `Runs: ${comparison.runs}`,
    `Differing screenshots: ${comparison.differingScreenshots.length} of ${comparison.checkpoints} checkpoints`,
    `Differing expected screenshots (baseline renders): ${comparison.differingExpectedScreenshots.length} of ${comparison.expectedScreenshots} checkpoints`,
    comparison.domSnapshots === 0
      ? 'Differing DOM snapshots: not measured (the replay wrote no *-actual.dom.json files)'
      : `Differing DOM snapshots: ${comparison.differingDomSnapshots.length} of ${comparison.domSnapshots} checkpoints`,
    `Sessions a retry would report flaky (status differs between runs): ${comparison.flakySessions.length}`,
    `Sessions that did not pass in every run: ${comparison.sessionsNotAlwaysPassing.length}`,
  ];
  const describe = (kind: string, artifact: DifferingArtifact): string => {
    const missing =
      artifact.missingInRuns.length > 0
        ? `, missing in runs ${artifact.missingInRuns.join(', ')}`
        : '';
    return `- ${kind} ${artifact.session} ${artifact.checkpoint}: ${artifact.versions} versions${missing}`;
  };
  lines.push(
    ...comparison.differingScreenshots.map((artifact) => describe('screenshot', artifact)),
  );
  lines.push(...comparison.differingDomSnapshots.map((artifact) => describe('DOM', artifact)));
  for (const session of comparison.sessionsNotAlwaysPassing) {
    const perRun = session.statuses.map((status, index) => {
      const cause = session.firstCauses[index];
      return cause ? `${status} (${cause})` : status;
    });
    lines.push(`- session ${session.session}: ${perRun.join(', ')}`);
  }
  return lines.join('\n');
}

function log(line: string): void {
  process.stderr.write(`[bench:soak] ${line}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
});
