import { rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { projectRoot } from '../../demo/project-paths.js';
import { writeFileAtomic } from '../../harness/shared/atomic-write.js';
import { positiveInteger, splitList } from './cli-args.js';
import { detectApps, selectApps, selectVariants } from './detect-apps.js';
import { describeMachine, formatMachine } from './machine.js';
import { measureVariant, type DetectRow } from './measure-variant.js';
import { renderDetectSummary, renderDetectTable, renderMisses } from './render.js';
import { summarize } from './summary.js';

const USAGE = `Usage: node dist/bench/detect/run.js [options]

Replays each demo app's recording against changed copies of the app and reports whether the
gate failed each visible change, passed the invisible ones, and named the right first cause.

  --out <folder>        where detect-results.json, detect-results.md and every run's report
                        go (default replaygate-results/bench-detect)
  --apps <names>        comma-separated apps, such as vanillajs,swagger-ui (default all)
  --variants <names>    comma-separated variant ids or numbers, such as colour,7 (default all)
  --concurrency <n>     replays running at the same time, each with one worker (default 2)
  --timeout <seconds>   real time allowed per replay before it is killed (default 900)
  --recordings <folder> folder with the demo recordings (default recordings)

Arguments after -- go to every \`replaygate replay\` run, for example
  node dist/bench/detect/run.js --apps react -- --settle-ms 1000

Exits with 1 when a target is missed: every visible variant fails, no false alarm, and at
least 95 % of failures name the expected first cause.`;

/** Format of `detect-results.json`; bump the version when a field changes meaning. */
const RESULTS_FORMAT = { format: 'replaygate.bench-detect', version: 1 } as const;

async function main(): Promise<void> {
  const { values, positionals: replayArgs } = parseArgs({
    allowPositionals: true,
    options: {
      out: { type: 'string', default: 'replaygate-results/bench-detect' },
      apps: { type: 'string', default: '' },
      variants: { type: 'string', default: '' },
      concurrency: { type: 'string', default: '2' },
      timeout: { type: 'string', default: '900' },
      recordings: { type: 'string', default: join(projectRoot(), 'recordings') },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const apps = selectApps(detectApps(), splitList(values.apps));
  const variants = selectVariants(splitList(values.variants));
  const concurrency = positiveInteger('--concurrency', values.concurrency);
  const timeoutMs = positiveInteger('--timeout', values.timeout) * 1000;
  const outDir = resolve(values.out);
  const recordingsDir = resolve(values.recordings);
  await rm(join(outDir, 'runs'), { recursive: true, force: true });

  const startedAt = new Date();
  const machine = await describeMachine(startedAt);
  log(formatMachine(machine));

  const tasks = apps.flatMap((app) => variants.map((variant) => ({ app, variant })));
  log(`${tasks.length} replays, ${concurrency} at a time`);
  if (replayArgs.length > 0) {
    log(`Extra replay arguments: ${replayArgs.join(' ')}`);
  }
  let finished = 0;
  const rows = await runAll(tasks, concurrency, async ({ app, variant }) => {
    const row = await measureVariant({
      app,
      variant,
      recordingsDir,
      outDir,
      timeoutMs,
      replayArgs,
    });
    finished += 1;
    log(`[${finished}/${tasks.length}] ${describeRow(row)}`);
    return row;
  });

  const summary = summarize(rows);
  const text = [
    renderDetectTable(rows, 'text'),
    '',
    renderDetectSummary(summary),
    '',
    renderMisses(summary),
  ].join('\n');
  process.stdout.write(`${text}\n`);

  const markdown = [
    `Machine: ${formatMachine(machine)}`,
    ...(replayArgs.length > 0 ? [`Extra replay arguments: ${replayArgs.join(' ')}`] : []),
    '',
    renderDetectTable(rows, 'markdown'),
    '',
    renderDetectSummary(summary),
  ].join('\n');
  await writeFileAtomic(join(outDir, 'detect-results.md'), `${markdown}\n`);
  const results = {
    ...RESULTS_FORMAT,
    machine,
    durationMs: Date.now() - startedAt.getTime(),
    replayArgs,
    apps: apps.map((app) => app.app),
    variants,
    rows,
    summary: { ...summary, misses: summary.misses.map((row) => `${row.app} ${row.variant}`) },
  };
  await writeFileAtomic(
    join(outDir, 'detect-results.json'),
    `${JSON.stringify(results, null, 2)}\n`,
  );
  log(`Wrote ${join(outDir, 'detect-results.json')}`);
  if (!Object.values(summary.targetsMet).every(Boolean)) {
    process.exitCode = 1;
  }
}

/** Runs `work` over `items` with at most `limit` in flight; results keep the input order. */
async function runAll<T, R>(
  items: T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

function describeRow(row: DetectRow): string {
  const cause = row.firstCause ? ` on ${row.firstCause}` : '';
  const problem = row.problem ? ` (${row.problem.split('\n')[0]})` : '';
  return `${row.app} ${row.number} ${row.variant}: ${row.status}${cause}${problem}`;
}

function log(line: string): void {
  process.stderr.write(`[bench:detect] ${line}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
});
