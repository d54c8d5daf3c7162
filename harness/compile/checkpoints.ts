import type { CheckpointSpec, PlanStep } from './plan.js';
import type { BuiltSteps, DraftStep } from './draft-step.js';
import { describeAction } from './describe-action.js';
import type { PageLoad } from './intents.js';

/** Plan steps with their timing, and the checkpoints between them. */
export interface PlacedSteps {
  steps: PlanStep[];
  checkpoints: CheckpointSpec[];
}

type DraftCheckpoint = Omit<CheckpointSpec, 'id'>;

/**
 * Numbers the steps, computes their gaps, and places checkpoints. One follows the first page
 * load and one follows each action group. A page also gets a `page-end` checkpoint when no
 * group checkpoint shows its last state, as when typing ends with an Enter that navigates.
 * `endMs` is the recorded time of the session's end, which the final checkpoint shows.
 */
export function placeCheckpoints(built: BuiltSteps, pages: PageLoad[], endMs: number): PlacedSteps {
  const drafts = built.steps;
  const steps = drafts.map((draft, index) => toPlanStep(draft, index, drafts[index - 1], pages));
  const checkpoints: DraftCheckpoint[] = [
    {
      label: `after loading ${pages[built.startLandsOnPage]?.href ?? 'the start page'}`,
      recordedAt: recordedAfter(-1, steps, endMs),
      pageIndex: built.startLandsOnPage,
      afterStep: -1,
      reason: 'action',
    },
  ];
  for (const [first, last] of actionGroups(steps)) {
    const phrases = groupPhrases(steps.slice(first, last + 1));
    checkpoints.push({
      label: `after ${phrases.join(' and ')}`,
      recordedAt: recordedAfter(last, steps, endMs),
      pageIndex: drafts[last]?.resultPage ?? 0,
      afterStep: last,
      reason: 'action',
    });
  }
  checkpoints.push(...pageEndCheckpoints(drafts, steps, pages, checkpoints, endMs));
  checkpoints.sort((a, b) => a.afterStep - b.afterStep);
  return { steps, checkpoints: assignIds(checkpoints, pages.length) };
}

/** Hovers in a row that a checkpoint label names one by one. A longer run is counted. */
const MAX_NAMED_HOVERS = 2;

/**
 * Describes the steps of one group for its checkpoint's label. A pointer that swept across
 * a grid makes a hover step per cell, so a run of more than two hovers is counted instead.
 */
function groupPhrases(group: readonly PlanStep[]): string[] {
  const phrases: string[] = [];
  let hovers: PlanStep[] = [];
  const flushHovers = () => {
    if (hovers.length > MAX_NAMED_HOVERS) {
      phrases.push(`hovering over ${hovers.length} elements`);
    } else {
      phrases.push(...hovers.map((step) => describeAction(step.action)));
    }
    hovers = [];
  };
  group.forEach((step, offset) => {
    if (step.action.kind === 'hover') {
      hovers.push(step);
      return;
    }
    flushHovers();
    // In a typing group the Enter goes to the field just named.
    phrases.push(
      offset > 0 && step.action.kind === 'press'
        ? `pressing ${step.action.key}`
        : describeAction(step.action),
    );
  });
  flushHovers();
  return phrases;
}

function toPlanStep(
  draft: DraftStep,
  index: number,
  previous: DraftStep | undefined,
  pages: PageLoad[],
): PlanStep {
  const firstOnPage = !previous || previous.pageIndex !== draft.pageIndex;
  const since = firstOnPage ? (pages[draft.pageIndex]?.time ?? 0) : previous.at;
  const step: PlanStep = {
    index,
    action: draft.action,
    at: draft.at,
    gapMs: Math.max(0, draft.at - since),
    pageIndex: draft.pageIndex,
  };
  if (draft.expectNavigationTo !== undefined) {
    step.expectNavigationTo = draft.expectNavigationTo;
  }
  if (draft.hoveredAt !== undefined) {
    step.hoveredAt = draft.hoveredAt;
  }
  return step;
}

/**
 * Returns the recorded time the checkpoint after `stepIndex` shows: just before the next
 * step, or before the pointer's arrival that the next step's press began with, or the
 * session's end after the last step.
 */
function recordedAfter(stepIndex: number, steps: PlanStep[], endMs: number): number {
  const next = steps[stepIndex + 1];
  if (!next) {
    return endMs;
  }
  const done = steps[stepIndex]?.at ?? 0;
  return Math.max(done, Math.min(next.at, next.hoveredAt ?? next.at) - 1, 0);
}

/**
 * Maximum gap after an action within which a scroll counts as its consequence. A browser
 * scrolls a clicked or focused element into view before the click but fires the scroll event
 * when it next renders: 4 ms after the click in one Chromium recording, 240 ms in another on
 * a busy machine. A checkpoint between them would show the page before the scroll, which a
 * replay never shows. A person's own scroll this soon after a click only merges two
 * checkpoints into one.
 */
const FOLLOW_UP_SCROLL_MS = 250;

/**
 * Splits steps into action groups, as [first, last] index pairs. Typing and the Enter
 * pressed in the same field form one group, and so do consecutive scrolls, an action with
 * the scrolls that start right after it, and a hover with the step after it. Every other
 * step is a group of its own.
 */
function actionGroups(steps: PlanStep[]): Array<[number, number]> {
  const groups: Array<[number, number]> = [];
  let first = 0;
  steps.forEach((step, index) => {
    const next = steps[index + 1];
    if (!next || !continuesGroup(step, next)) {
      groups.push([first, index]);
      first = index + 1;
    }
  });
  return groups;
}

function continuesGroup(step: PlanStep, next: PlanStep): boolean {
  if (step.pageIndex !== next.pageIndex || step.expectNavigationTo !== undefined) {
    return false;
  }
  if (step.action.kind === 'scroll') {
    return next.action.kind === 'scroll';
  }
  // The replay parks the pointer outside the page before each checkpoint, which would undo a
  // hover that lasts while the pointer stays, so a hover is checked with the step after it.
  if (step.action.kind === 'hover') {
    return true;
  }
  if (next.action.kind === 'scroll' && next.at - step.at <= FOLLOW_UP_SCROLL_MS) {
    return true;
  }
  return (
    step.action.kind === 'type' &&
    next.action.kind === 'press' &&
    next.action.key === 'Enter' &&
    next.action.target?.nodeId === step.action.target.nodeId
  );
}

function pageEndCheckpoints(
  drafts: DraftStep[],
  steps: PlanStep[],
  pages: PageLoad[],
  existing: DraftCheckpoint[],
  endMs: number,
): DraftCheckpoint[] {
  const covered = new Set(existing.map((checkpoint) => checkpoint.afterStep));
  const added: DraftCheckpoint[] = [];
  for (const page of pages) {
    // The last step after which the browser still shows this page.
    const last = drafts.findLastIndex((draft) => draft.resultPage === page.index);
    if (last < 0 || covered.has(last)) {
      continue;
    }
    added.push({
      label: `end of page ${page.index} (${page.href})`,
      recordedAt: recordedAfter(last, steps, endMs),
      pageIndex: page.index,
      afterStep: last,
      reason: 'page-end',
    });
  }
  return added;
}

/** Ids like `p0-03`: page index, then the checkpoint's position on that page, zero-padded to sort. */
function assignIds(checkpoints: DraftCheckpoint[], pageCount: number): CheckpointSpec[] {
  const pageWidth = String(Math.max(0, pageCount - 1)).length;
  const perPage = new Map<number, number>();
  for (const checkpoint of checkpoints) {
    perPage.set(checkpoint.pageIndex, (perPage.get(checkpoint.pageIndex) ?? 0) + 1);
  }
  const sequenceWidth = Math.max(2, String(Math.max(...perPage.values(), 1) - 1).length);
  const next = new Map<number, number>();
  return checkpoints.map((checkpoint) => {
    const sequence = next.get(checkpoint.pageIndex) ?? 0;
    next.set(checkpoint.pageIndex, sequence + 1);
    const page = String(checkpoint.pageIndex).padStart(pageWidth, '0');
    const id = `p${page}-${String(sequence).padStart(sequenceWidth, '0')}`;
    return { id, ...checkpoint };
  });
}
