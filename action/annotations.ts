import { isAbsolute, relative } from 'node:path';
import type { ReplayReport, SessionResult } from '../harness/result/types.js';
import { sortWorstFirst } from '../reporters/console.js';
import { formatScore } from '../reporters/console-format.js';
import { stripAnsi, truncate } from '../reporters/text-safety.js';

/** GitHub shows at most 10 error and 10 warning annotations per step and drops the rest. */
export const MAX_ANNOTATIONS_PER_LEVEL = 10;

/** Maximum annotation message length, in characters. The job summary has the full text. */
const MAX_MESSAGE_LENGTH = 1000;

/** One annotation, ready for `core.error` or `core.warning`. */
export interface Annotation {
  level: 'error' | 'warning';
  title: string;
  message: string;
  /** Fixture path relative to the workspace, when the fixture is inside it. */
  file?: string;
}

function describeSession(session: SessionResult): string {
  const parts: string[] = [];
  const cause = session.firstCause;
  if (cause) {
    const where =
      cause.checkpointId ?? (cause.stepIndex === undefined ? undefined : `step ${cause.stepIndex}`);
    parts.push(
      `${cause.kind}${where === undefined ? '' : ` at ${where}`}: ${stripAnsi(cause.message)}`,
    );
  }
  if (session.status === 'flaky') {
    parts.push(`Failed at first, then passed on attempt ${session.attempts}.`);
  }
  if (session.fidelity !== null) {
    parts.push(`Fidelity ${formatScore(session.fidelity)}.`);
  }
  return truncate(parts.join(' '), MAX_MESSAGE_LENGTH);
}

function fileInWorkspace(fixture: string, workspace: string | undefined): string | undefined {
  if (workspace === undefined || workspace === '' || fixture === '') {
    return undefined;
  }
  const path = relative(workspace, fixture);
  return path.startsWith('..') || isAbsolute(path) ? undefined : path;
}

function annotate(
  session: SessionResult,
  level: Annotation['level'],
  workspace: string | undefined,
): Annotation {
  const file = fileInWorkspace(session.fixture, workspace);
  return {
    level,
    title: `replaygate: ${session.name} ${session.status}`,
    message: describeSession(session),
    ...(file === undefined ? {} : { file }),
  };
}

/** Keeps the first annotations that fit, and turns the last slot into a count of the rest. */
function cap(annotations: Annotation[], level: Annotation['level']): Annotation[] {
  if (annotations.length <= MAX_ANNOTATIONS_PER_LEVEL) {
    return annotations;
  }
  const kept = annotations.slice(0, MAX_ANNOTATIONS_PER_LEVEL - 1);
  const rest = annotations.length - kept.length;
  const noun = level === 'error' ? 'failed or errored' : 'flaky';
  return [
    ...kept,
    {
      level,
      title: `replaygate: ${rest} more ${noun} sessions`,
      message: `${rest} more sessions are ${noun}; the job summary lists them all.`,
    },
  ];
}

/**
 * Builds the annotations of a run, worst sessions first: an error for each failed or errored
 * session and a warning for each flaky one, at most {@link MAX_ANNOTATIONS_PER_LEVEL} per level
 * with the last one counting the sessions left out.
 */
export function buildAnnotations(
  report: ReplayReport,
  workspace: string | undefined,
): Annotation[] {
  const sessions = sortWorstFirst(report.sessions);
  const errors = sessions
    .filter((session) => session.status === 'failed' || session.status === 'errored')
    .map((session) => annotate(session, 'error', workspace));
  const warnings = sessions
    .filter((session) => session.status === 'flaky')
    .map((session) => annotate(session, 'warning', workspace));
  return [...cap(errors, 'error'), ...cap(warnings, 'warning')];
}
