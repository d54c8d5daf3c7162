import type { SelectorStrategy } from '../compile/plan.js';

/** The `format` field of the JSON report. */
export const REPORT_FORMAT = 'replaygate.report';

/** Version of the JSON report layout; bumped on any incompatible change. */
export const REPORT_VERSION = 1;

/** The kinds of first cause a failed or errored session can have. */
export type FailureKind =
  | 'unresolved-step'
  | 'page-error'
  | 'blocked-request'
  | 'navigation'
  | 'pixel-diff'
  | 'dom-diff'
  | 'invalid-fixture'
  | 'harness-error';

/** The first reason a session did not pass. */
export interface FailureCause {
  kind: FailureKind;
  message: string;
  stepIndex?: number;
  checkpointId?: string;
}

/** How one step of the action plan went. */
export interface StepResult {
  index: number;
  kind: string;
  description: string;
  resolved: boolean;
  /** The selector strategy that found the target, when the step has one. */
  strategy?: SelectorStrategy;
  selector?: string;
  error?: string;
}

/** One change between the expected and the actual visible DOM. */
export interface DomChange {
  type: 'added' | 'removed' | 'text' | 'attribute';
  /** Readable path such as `section#main > ul.todo-list > li:nth-of-type(2)`. */
  path: string;
  attribute?: string;
  expected?: string;
  actual?: string;
}

/** Pixel comparison of one checkpoint. */
export interface PixelComparison {
  /** True when the PNG bytes were identical, so no decoding was needed. */
  identicalBytes: boolean;
  diffPixels: number;
  totalPixels: number;
  /** diffPixels / totalPixels, in [0, 1]. */
  diffRatio: number;
  /** Set when the images differed in size; the smaller one was padded before comparing. */
  sizeMismatch?: {
    expected: { width: number; height: number };
    actual: { width: number; height: number };
  };
}

/** DOM comparison of one checkpoint. */
export interface DomComparison {
  /** Share of visible nodes that match, in [0, 1]. */
  similarity: number;
  changes: DomChange[];
  /** Number of changes beyond those listed in `changes`. */
  omittedChanges: number;
}

/** Where the expected side of a comparison came from. */
export type BaselineSource = 'stored' | 'recording';

/**
 * For an expected side rendered from the recording while the render cache is on: `hit` when
 * the render was read from the cache, `miss` when it was rendered in this run.
 */
export type RenderCacheOutcome = 'hit' | 'miss';

/** The outcome of one checkpoint. */
export interface CheckpointResult {
  id: string;
  label: string;
  afterStep: number;
  url: string;
  expectedUrl?: string;
  baselineSource?: BaselineSource;
  renderCache?: RenderCacheOutcome;
  pixels?: PixelComparison;
  dom?: DomComparison;
  /** Combined pixel and DOM fidelity in [0, 1]; 1 is identical. */
  fidelity: number;
  passed: boolean;
  /** Paths relative to the session's output folder. */
  images: { actual: string; expected?: string; diff?: string };
}

/** A network request seen during replay and what the harness did with it. */
export interface NetworkLogEntry {
  method: string;
  url: string;
  outcome: 'recorded' | 'app' | 'blocked';
  status?: number;
  /** Recorded exchange id that answered the request. */
  exchangeId?: number;
  /** Reason the response may differ from the recording, for example a repeated or truncated body. */
  warning?: string;
}

/** Final status of a session, Playwright style: flaky passed only on a retry. */
export type SessionStatus = 'passed' | 'failed' | 'flaky' | 'errored' | 'skipped';

/** Everything known about one replayed session. */
export interface SessionResult {
  name: string;
  fixture: string;
  status: SessionStatus;
  /** Lowest checkpoint fidelity, or null when nothing was compared. */
  fidelity: number | null;
  firstCause?: FailureCause;
  baselineSource?: BaselineSource;
  /** Checkpoints whose recording render came from the render cache, and those rendered anew. */
  renderCache?: { hits: number; misses: number };
  steps: StepResult[];
  checkpoints: CheckpointResult[];
  network: { recorded: number; app: number; blocked: number; log: NetworkLogEntry[] };
  pageErrors: string[];
  consoleErrors: string[];
  /** Wall time of the final attempt, in milliseconds. */
  durationMs: number;
  /** Duration of the recorded session, in milliseconds. */
  recordedDurationMs: number;
  attempts: number;
  /** Absolute folder with the session's screenshots and diffs. */
  outputDir: string;
  tracePath?: string;
  /**
   * Outcome of the extra traced replay after the failed attempts (trace mode `on-failure`),
   * present when the trace comes from it. Its status shows whether it reproduced the failure,
   * and it never changes `status`.
   */
  tracedRerun?: { status: SessionStatus; firstCause?: FailureCause };
}

/** The JSON report of one replay run. */
export interface ReplayReport {
  format: typeof REPORT_FORMAT;
  version: typeof REPORT_VERSION;
  startedAt: string;
  durationMs: number;
  baseURL: string;
  shard?: { current: number; total: number };
  sessions: SessionResult[];
  totals: Record<SessionStatus, number>;
  /** 0 all gates passed, 1 a regression was found, 2 invalid usage or input. */
  exitCode: 0 | 1 | 2;
}
