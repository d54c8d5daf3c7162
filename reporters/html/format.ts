import type { FailureCause, SessionResult } from '../../harness/result/types.js';
import { formatPercent, formatScore } from '../console-format.js';
import { html, type SafeHtml } from './escape.js';

/** Renders a status pill. `kind` picks the colour class and is one of the report's fixed words. */
export function badge(kind: string, label: string = kind): SafeHtml {
  return html`<span class="badge badge-${kind}">${label}</span>`;
}

/** Formats a score in [0, 1], or a dash when nothing was compared. */
export function scoreText(score: number | null | undefined): string {
  return score === null || score === undefined ? '–' : formatScore(score);
}

/** Formats a ratio in [0, 1] as a percentage, or a dash when nothing was compared. */
export function percentText(ratio: number | null | undefined): string {
  return ratio === null || ratio === undefined ? '–' : formatPercent(ratio);
}

/** Counts the resolved steps as `n/m`. */
export function stepsText(session: SessionResult): string {
  const resolved = session.steps.filter((step) => step.resolved).length;
  return `${resolved}/${session.steps.length}`;
}

/** Renders a failure cause as its kind followed by its message. */
export function causeHtml(cause: FailureCause | undefined): SafeHtml {
  if (cause === undefined) {
    return html`<span class="dim">–</span>`;
  }
  return html`<span class="cause-kind">${cause.kind}</span>${cause.message}`;
}

/** Renders a failure cause for a table cell: the kind, then the message cut to three lines. */
export function causeCellHtml(cause: FailureCause | undefined): SafeHtml {
  if (cause === undefined) {
    return html`<span class="dim">–</span>`;
  }
  return html`<span class="cause-kind">${cause.kind}</span
    ><span class="cause-text" title="${cause.message}">${cause.message}</span>`;
}

/**
 * Formats an ISO time as `2026-01-31 14:05:09 UTC`, or returns the text unchanged when it is not
 * a valid time.
 */
export function formatTimestamp(iso: string): string {
  const time = new Date(iso);
  if (Number.isNaN(time.getTime())) {
    return iso;
  }
  return `${time.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}
