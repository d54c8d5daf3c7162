import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { buildDemoApps } from '../../demo/build-apps.js';
import type { FailureKind, SessionResult, SessionStatus } from '../../harness/result/types.js';
import type { DetectApp } from './app-change.js';
import { replayWithCli } from './replay-cli.js';
import { variantKind, type VariantId } from './variant-kinds.js';

/** One replay of an app's session against one variant of the app. */
export interface DetectRow {
  app: string;
  session: string;
  variant: VariantId;
  /** Variant number, from 1, as in the docs. */
  number: number;
  /** Description of the change applied to this app. */
  change: string;
  /** True when the gate must fail the session. */
  visible: boolean;
  expectedCauses: FailureKind[];
  /** Session status, or `no-result` when the run wrote no result for the session. */
  status: SessionStatus | 'no-result';
  exitCode: number | null;
  firstCause?: FailureKind;
  firstCauseMessage?: string;
  /** Largest share of differing pixels over the compared checkpoints, in [0, 1]. */
  maxPixelDiffRatio: number | null;
  /** Lowest DOM similarity over the compared checkpoints, in [0, 1]. */
  minDomSimilarity: number | null;
  /** Page errors the replay saw. */
  pageErrors: string[];
  /** Output folder of the run, relative to the bench's output folder. */
  outputDir: string;
  durationMs: number;
  /** Set when the run itself went wrong: a timeout or no report. */
  problem?: string;
}

/** Inputs of {@link measureVariant}. */
export interface MeasureVariantOptions {
  app: DetectApp;
  variant: VariantId;
  recordingsDir: string;
  /** The bench's output folder; the run writes to `runs/<app>/<variant>/` inside it. */
  outDir: string;
  timeoutMs: number;
  /** More `replay` arguments, such as `--settle-ms 1000`. */
  replayArgs?: string[];
}

/**
 * Builds the demo apps into a temporary folder, applies one change to one app, replays that
 * app's session against it and returns the verdict with its figures. The temporary folder is
 * removed afterwards; the run's report and screenshots stay under `outDir`.
 */
export async function measureVariant(options: MeasureVariantOptions): Promise<DetectRow> {
  const { app, variant } = options;
  const kind = variantKind(variant);
  const change = app.changes[variant];
  const runDir = join(options.outDir, 'runs', app.app.replaceAll('/', '-'), variant);
  const workDir = await mkdtemp(join(tmpdir(), 'replaygate-detect-'));
  try {
    const appsDir = join(workDir, 'apps');
    await buildDemoApps(appsDir);
    await change.apply(join(appsDir, app.app));
    const baselineDir = join(workDir, 'no-baselines');
    await mkdir(baselineDir);

    const run = await replayWithCli({
      appsDir,
      recordingsDir: options.recordingsDir,
      grep: `^${escapeRegExp(app.session)}$`,
      outputDir: runDir,
      baselineDir,
      timeoutMs: options.timeoutMs,
      ...(options.replayArgs ? { extraArgs: options.replayArgs } : {}),
    });
    const session = run.report?.sessions.find((candidate) => candidate.name === app.session);
    const row: DetectRow = {
      app: app.app,
      session: app.session,
      variant,
      number: kind.number,
      change: change.description,
      visible: kind.visible,
      expectedCauses: [...(change.expectedCauses ?? kind.expectedCauses)],
      status: session?.status ?? 'no-result',
      exitCode: run.exitCode,
      ...figuresOf(session),
      outputDir: relative(options.outDir, runDir),
      durationMs: run.durationMs,
    };
    if (run.timedOut) {
      row.problem = `timed out after ${options.timeoutMs} ms`;
    } else if (session === undefined) {
      row.problem = `no result for ${app.session} (exit code ${String(run.exitCode)}): ${run.stderrTail.trim()}`;
    }
    return row;
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

function figuresOf(
  session: SessionResult | undefined,
): Pick<
  DetectRow,
  'firstCause' | 'firstCauseMessage' | 'maxPixelDiffRatio' | 'minDomSimilarity' | 'pageErrors'
> {
  if (session === undefined) {
    return { maxPixelDiffRatio: null, minDomSimilarity: null, pageErrors: [] };
  }
  const pixelRatios = session.checkpoints.flatMap((checkpoint) =>
    checkpoint.pixels ? [checkpoint.pixels.diffRatio] : [],
  );
  const similarities = session.checkpoints.flatMap((checkpoint) =>
    checkpoint.dom ? [checkpoint.dom.similarity] : [],
  );
  return {
    ...(session.firstCause
      ? { firstCause: session.firstCause.kind, firstCauseMessage: session.firstCause.message }
      : {}),
    maxPixelDiffRatio: pixelRatios.length > 0 ? Math.max(...pixelRatios) : null,
    minDomSimilarity: similarities.length > 0 ? Math.min(...similarities) : null,
    pageErrors: session.pageErrors,
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
