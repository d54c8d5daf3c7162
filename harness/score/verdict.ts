import type {
  CheckpointResult,
  DomComparison,
  FailureCause,
  NetworkLogEntry,
  PixelComparison,
  StepResult,
} from '../result/types.js';
import { describeDomChange } from './compare-dom.js';
import { DEFAULT_PIXEL_THRESHOLD } from './compare-pixels.js';
import { checkpointFidelity } from './fidelity.js';

/** Limits a checkpoint must stay within to pass. */
export interface Thresholds {
  /** Maximum share of differing pixels, in [0, 1]. A checkpoint fails above it. */
  maxDiffPixelRatio: number;
  /** pixelmatch colour threshold, in [0, 1], where smaller is more sensitive. */
  pixelThreshold: number;
  /** Minimum DOM similarity, in [0, 1]. A checkpoint fails below it. */
  minDomSimilarity: number;
}

/**
 * Default limits: no differing pixel and no DOM change.
 *
 * The replay is deterministic (seeded randomness, a virtual clock, recorded responses and
 * fixed font rendering flags), so replaying the same build produces 0 differing pixels and
 * an equal DOM. Any tolerance would only hide real changes, and small ones are small: on
 * the TodoMVC vanillajs example at 1280x720 in headless Chromium, a 2 px shift of the
 * footer changed 940 pixels (0.10 %), and recolouring the item counter changed 209 (0.023 %).
 * Raise `maxDiffPixelRatio` for an app whose rendering replay cannot pin down, such as video.
 */
export const DEFAULT_THRESHOLDS: Thresholds = {
  maxDiffPixelRatio: 0,
  pixelThreshold: DEFAULT_PIXEL_THRESHOLD,
  minDomSimilarity: 1,
};

/** The checkpoint fields {@link judgeCheckpoint} reads. */
export interface CheckpointEvidence {
  id: string;
  label: string;
  pixels?: PixelComparison;
  dom?: DomComparison;
}

/** The outcome of {@link judgeCheckpoint}. */
export interface CheckpointVerdict {
  passed: boolean;
  /** See {@link checkpointFidelity}. */
  fidelity: number;
  /** The reason the checkpoint failed; absent when it passed. */
  cause?: FailureCause;
}

/**
 * Judges one checkpoint against the thresholds.
 *
 * When the DOM fails its threshold the cause is `dom-diff`, even if pixels changed too,
 * because a changed label or a removed element explains the pixels and names the element to
 * look at. When only the pixels fail, the cause is `pixel-diff`: with an equal DOM this is a
 * pure CSS or rendering change, and any DOM change within tolerance is quoted as a hint.
 */
export function judgeCheckpoint(
  checkpoint: CheckpointEvidence,
  thresholds: Thresholds,
): CheckpointVerdict {
  const { pixels, dom } = checkpoint;
  const fidelity = checkpointFidelity(pixels, dom);
  const pixelsFail = pixels !== undefined && pixels.diffRatio > thresholds.maxDiffPixelRatio;
  const domFails = dom !== undefined && dom.similarity < thresholds.minDomSimilarity;
  if (!pixelsFail && !domFails) {
    return { passed: true, fidelity };
  }

  const subject = `Checkpoint "${checkpoint.label}"`;
  const pixelSummary = pixels ? describePixels(pixels, thresholds) : undefined;
  let message: string;
  if (domFails) {
    const parts = [`${subject}: the visible DOM differs (${describeDom(dom, thresholds)}).`];
    if (pixelSummary && pixels && pixels.diffPixels > 0) {
      parts.push(`Pixels: ${pixelSummary}.`);
    }
    message = parts.join(' ');
  } else {
    const domNote =
      dom === undefined
        ? ''
        : dom.changes.length === 0
          ? ' The visible DOM is equal.'
          : ` The visible DOM is within tolerance (${describeDom(dom, thresholds)}).`;
    message = `${subject}: ${pixelSummary}.${domNote}`;
  }
  const kind = domFails ? 'dom-diff' : 'pixel-diff';
  return { passed: false, fidelity, cause: { kind, message, checkpointId: checkpoint.id } };
}

/** Everything about a replayed session that can explain a failure. */
export interface SessionEvidence {
  steps: StepResult[];
  pageErrors: string[];
  /** Page errors stored with the baseline; the same messages during replay are not new. */
  baselinePageErrors?: string[];
  network: { log: NetworkLogEntry[] };
  /** `expectedUrl` must already be mapped to the replay origin. */
  checkpoints: CheckpointResult[];
  thresholds: Thresholds;
}

/**
 * Picks the first reason a session failed, or undefined when nothing failed.
 *
 * Causes are ordered by where in the session they happened, because an earlier difference
 * usually produces the later ones. For example, a dead Enter handler shows at the checkpoint
 * after the Enter, long before a later step misses the todo that was never created. A step
 * that could not be performed happens during that step, and a checkpoint happens after the
 * step it follows. At the same point, an unexpected URL comes before a DOM or pixel difference.
 *
 * Page errors and blocked requests carry no position. They come after a step that could not
 * be performed when no checkpoint before that step differs, and before every checkpoint
 * cause otherwise. Page errors come before blocked requests.
 */
export function firstCause(evidence: SessionEvidence): FailureCause | undefined {
  const placed = [
    unresolvedStepCause(evidence.steps),
    earliestCheckpointCause(evidence.checkpoints, evidence.thresholds),
  ].filter((candidate) => candidate !== undefined);
  const earliest = placed.sort((a, b) => a.moment - b.moment)[0];
  if (earliest?.cause.kind === 'unresolved-step') {
    return earliest.cause;
  }
  return (
    newPageErrorCause(evidence.pageErrors, evidence.baselinePageErrors ?? []) ??
    blockedRequestCause(evidence.network.log) ??
    earliest?.cause
  );
}

/** A cause and where in the session it happened. */
interface PlacedCause {
  cause: FailureCause;
  /**
   * Position in the session: `2 * s + 1` while step `s` runs, `2 * k + 2` at a checkpoint
   * after step `k`, so a checkpoint after step `s - 1` comes before step `s`.
   */
  moment: number;
}

function unresolvedStepCause(steps: StepResult[]): PlacedCause | undefined {
  const step = steps.find((candidate) => !candidate.resolved);
  if (step === undefined) {
    return undefined;
  }
  const reason = step.error ? `: ${step.error}` : '';
  const cause: FailureCause = {
    kind: 'unresolved-step',
    message: `Step ${step.index} (${step.description}) could not be performed${reason}`,
    stepIndex: step.index,
  };
  return { cause, moment: 2 * step.index + 1 };
}

/**
 * Returns the cause of the earliest checkpoint that has one, in session order, with ties kept
 * in capture order: an unexpected URL, else its DOM or pixel difference.
 */
function earliestCheckpointCause(
  checkpoints: CheckpointResult[],
  thresholds: Thresholds,
): PlacedCause | undefined {
  const ordered = [...checkpoints].sort((a, b) => a.afterStep - b.afterStep);
  for (const checkpoint of ordered) {
    const cause = navigationCause(checkpoint) ?? differenceCause(checkpoint, thresholds);
    if (cause) {
      return { cause, moment: 2 * checkpoint.afterStep + 2 };
    }
  }
  return undefined;
}

function newPageErrorCause(
  pageErrors: string[],
  baselineErrors: string[],
): FailureCause | undefined {
  const known = new Set(baselineErrors.map((error) => error.trim()));
  const error = pageErrors.find((candidate) => !known.has(candidate.trim()));
  if (error === undefined) {
    return undefined;
  }
  return {
    kind: 'page-error',
    message: `The page threw an error not seen in the baseline: ${error}`,
  };
}

function blockedRequestCause(log: NetworkLogEntry[]): FailureCause | undefined {
  const entry = log.find((candidate) => candidate.outcome === 'blocked');
  if (entry === undefined) {
    return undefined;
  }
  return {
    kind: 'blocked-request',
    message: `Request ${entry.method} ${entry.url} was blocked: the recording has no response for it and the app does not serve it.`,
  };
}

function navigationCause(checkpoint: CheckpointResult): FailureCause | undefined {
  if (checkpoint.expectedUrl === undefined || sameUrl(checkpoint.url, checkpoint.expectedUrl)) {
    return undefined;
  }
  const cause: FailureCause = {
    kind: 'navigation',
    message: `Checkpoint "${checkpoint.label}" is at ${checkpoint.url}, but the recording was at ${checkpoint.expectedUrl}.`,
    checkpointId: checkpoint.id,
  };
  if (checkpoint.afterStep >= 0) {
    cause.stepIndex = checkpoint.afterStep;
  }
  return cause;
}

function differenceCause(
  checkpoint: CheckpointResult,
  thresholds: Thresholds,
): FailureCause | undefined {
  if (checkpoint.passed) {
    return undefined;
  }
  const { cause } = judgeCheckpoint(checkpoint, thresholds);
  if (cause === undefined) {
    return undefined;
  }
  return checkpoint.afterStep >= 0 ? { ...cause, stepIndex: checkpoint.afterStep } : cause;
}

/** Compares URLs after parsing, so `http://host` and `http://host/` are the same. */
function sameUrl(actual: string, expected: string): boolean {
  try {
    return new URL(actual).href === new URL(expected).href;
  } catch {
    return actual === expected;
  }
}

function describePixels(pixels: PixelComparison, thresholds: Thresholds): string {
  const counts = `${pixels.diffPixels.toLocaleString('en-US')} of ${pixels.totalPixels.toLocaleString('en-US')}`;
  let text = `${formatPercent(pixels.diffRatio)} of pixels differ (${counts}; maximum ${formatPercent(thresholds.maxDiffPixelRatio)})`;
  if (pixels.sizeMismatch) {
    const { expected, actual } = pixels.sizeMismatch;
    text += `, and the screenshot size changed from ${expected.width}x${expected.height} to ${actual.width}x${actual.height}`;
  }
  return text;
}

function describeDom(dom: DomComparison, thresholds: Thresholds): string {
  const total = dom.changes.length + dom.omittedChanges;
  const first = dom.changes[0];
  const changeCount = `${total} ${total === 1 ? 'change' : 'changes'}`;
  const firstText = first ? `; first: ${describeDomChange(first)}` : '';
  return `similarity ${formatSimilarity(dom.similarity)}, minimum ${thresholds.minDomSimilarity}, ${changeCount}${firstText}`;
}

/** Rounds down to four decimals, so a similarity just below 1 never prints as 1. */
function formatSimilarity(similarity: number): string {
  return String(Math.floor(similarity * 10_000) / 10_000);
}

/** Formats a ratio as a percentage with two significant digits, such as `0.25 %`. */
function formatPercent(ratio: number): string {
  return `${Number((ratio * 100).toPrecision(2))} %`;
}
