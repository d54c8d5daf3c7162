import { join } from 'node:path';
import type { CheckpointResult, FailureCause, SessionResult } from '../harness/result/types.js';
import { colorStatus, formatPercent, formatScore, type Palette } from './console-format.js';

/** DOM changes listed per checkpoint in verbose mode before the rest are counted. */
const MAX_DOM_CHANGES = 10;

function findCheckpoint(
  session: SessionResult,
  id: string | undefined,
): CheckpointResult | undefined {
  return id === undefined
    ? undefined
    : session.checkpoints.find((checkpoint) => checkpoint.id === id);
}

function describeStep(session: SessionResult, index: number): string {
  const step = session.steps.find((candidate) => candidate.index === index);
  return step === undefined ? `step ${index}` : `step ${index} (${step.description})`;
}

function describeCheckpoint(checkpoint: CheckpointResult): string {
  return `checkpoint ${checkpoint.id} "${checkpoint.label}" (after step ${checkpoint.afterStep})`;
}

/** Names where the cause happened: its checkpoint, else its step, else nothing. */
function describeCauseLocation(session: SessionResult, cause: FailureCause): string {
  const checkpoint = findCheckpoint(session, cause.checkpointId);
  if (checkpoint !== undefined) {
    return ` at ${describeCheckpoint(checkpoint)}`;
  }
  if (cause.checkpointId !== undefined) {
    return ` at checkpoint ${cause.checkpointId}`;
  }
  if (cause.stepIndex !== undefined) {
    return ` at ${describeStep(session, cause.stepIndex)}`;
  }
  return '';
}

function describeComparison(checkpoint: CheckpointResult): string[] {
  const parts: string[] = [];
  if (checkpoint.pixels) {
    parts.push(`${formatPercent(checkpoint.pixels.diffRatio)} of pixels differ`);
  }
  if (checkpoint.dom) {
    parts.push(`DOM similarity ${formatScore(checkpoint.dom.similarity)}`);
  }
  return parts.length === 0 ? [] : [parts.join(', ')];
}

/** Lists the absolute paths of a checkpoint's images, which the report stores relative to the session folder. */
function imageLines(
  session: SessionResult,
  checkpoint: CheckpointResult,
  palette: Palette,
): string[] {
  const images: Array<[string, string | undefined]> = [
    ['expected', checkpoint.images.expected],
    ['actual', checkpoint.images.actual],
    ['diff', checkpoint.images.diff],
  ];
  return images.flatMap(([name, path]) =>
    path === undefined
      ? []
      : [`${`${name}:`.padEnd(10)}${palette.cyan(join(session.outputDir, path))}`],
  );
}

/** Returns the checkpoint whose images explain the failure: the cause's, else the first that failed. */
function checkpointToShow(session: SessionResult): CheckpointResult | undefined {
  return (
    findCheckpoint(session, session.firstCause?.checkpointId) ??
    session.checkpoints.find((checkpoint) => !checkpoint.passed)
  );
}

function causeLines(session: SessionResult, palette: Palette): string[] {
  const cause = session.firstCause;
  if (cause === undefined) {
    return [palette.dim('no cause was recorded')];
  }
  const prefix = session.status === 'flaky' ? 'an earlier attempt failed: ' : '';
  const lines = [
    `${prefix}${palette.bold(cause.kind)}${describeCauseLocation(session, cause)}: ${cause.message}`,
  ];
  if (cause.stepIndex !== undefined) {
    const step = session.steps.find((candidate) => candidate.index === cause.stepIndex);
    if (step?.error !== undefined && step.error !== cause.message) {
      lines.push(`step error: ${step.error}`);
    }
  }
  // A flaky session's checkpoints come from the attempt that passed, so they would contradict the cause.
  const checkpoint = session.status === 'flaky' ? undefined : checkpointToShow(session);
  if (checkpoint !== undefined) {
    if (cause.checkpointId !== checkpoint.id) {
      lines.push(`first failing ${describeCheckpoint(checkpoint)}`);
    }
    lines.push(...describeComparison(checkpoint), ...imageLines(session, checkpoint, palette));
  }
  return lines;
}

function verboseCheckpointLines(session: SessionResult, palette: Palette): string[] {
  const shown = checkpointToShow(session);
  return session.checkpoints
    .filter((checkpoint) => !checkpoint.passed && checkpoint !== shown)
    .flatMap((checkpoint) => [
      `also failed: ${describeCheckpoint(checkpoint)}`,
      ...describeComparison(checkpoint).map((line) => `  ${line}`),
      ...imageLines(session, checkpoint, palette).map((line) => `  ${line}`),
    ]);
}

function domChangeLines(session: SessionResult): string[] {
  return session.checkpoints.flatMap((checkpoint) => {
    const dom = checkpoint.dom;
    if (dom === undefined || dom.changes.length === 0) {
      return [];
    }
    const listed = dom.changes.slice(0, MAX_DOM_CHANGES).map((change) => {
      const attribute = change.attribute === undefined ? '' : ` [${change.attribute}]`;
      const values =
        change.expected !== undefined || change.actual !== undefined
          ? `: ${JSON.stringify(change.expected ?? '')} -> ${JSON.stringify(change.actual ?? '')}`
          : '';
      return `  ${change.type} ${change.path}${attribute}${values}`;
    });
    const more = dom.changes.length - listed.length + dom.omittedChanges;
    const tail = more > 0 ? [`  … ${more} more`] : [];
    return [`DOM changes at ${checkpoint.id}:`, ...listed, ...tail];
  });
}

function verboseLines(session: SessionResult, palette: Palette): string[] {
  const blocked = session.network.log.filter((entry) => entry.outcome === 'blocked');
  const unresolved = session.steps.filter((step) => !step.resolved);
  return [
    ...verboseCheckpointLines(session, palette),
    ...domChangeLines(session),
    ...unresolved.map(
      (step) =>
        `unresolved ${describeStep(session, step.index)}${step.error ? `: ${step.error}` : ''}`,
    ),
    ...session.pageErrors.map((message) => `page error: ${message}`),
    ...session.consoleErrors.map((message) => `console error: ${message}`),
    ...blocked.map((entry) => `blocked request: ${entry.method} ${entry.url}`),
  ];
}

/**
 * Describes why one session did not pass: its first cause with the step or checkpoint, and
 * the expected, actual and diff image paths. `verbose` adds every other failing checkpoint,
 * the DOM changes, unresolved steps, page and console errors and blocked requests.
 */
export function renderSessionDetails(
  session: SessionResult,
  verbose: boolean,
  palette: Palette,
): string[] {
  const heading = `${palette.bold(session.name)} ${colorStatus(session.status, session.status, palette)}`;
  const lines = [
    `fixture:  ${session.fixture}`,
    ...causeLines(session, palette),
    ...(verbose ? verboseLines(session, palette) : []),
  ];
  if (session.tracePath !== undefined) {
    lines.push(`${'trace:'.padEnd(10)}${palette.cyan(session.tracePath)}`);
  }
  if (session.tracedRerun !== undefined && session.tracedRerun.status !== 'failed') {
    lines.push(
      `${''.padEnd(10)}from a traced rerun that ${session.tracedRerun.status}: the failure did not reproduce`,
    );
  }
  return [`  ${heading}`, ...lines.map((line) => `    ${line}`)];
}
