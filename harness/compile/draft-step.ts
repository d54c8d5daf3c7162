import type { Action } from './plan.js';

/** A plan step before indexes, gaps and checkpoints are assigned. */
export interface DraftStep {
  action: Action;
  at: number;
  pageIndex: number;
  /** Page the browser shows after this step: later than `pageIndex` when it navigates. */
  resultPage: number;
  expectNavigationTo?: string;
  /** See `PlanStep.hoveredAt`. */
  hoveredAt?: number;
}

/** Steps in order, plus the page a plain load of the start URL ends on (after redirects). */
export interface BuiltSteps {
  steps: DraftStep[];
  startLandsOnPage: number;
}
