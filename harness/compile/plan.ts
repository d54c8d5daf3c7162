import type { ChosenFile } from '../fixture/recording.js';

/** How a selector candidate was derived; candidates are tried in this order of preference. */
export type SelectorStrategy =
  | 'test-id'
  | 'id'
  | 'keyed-path'
  | 'loose-keyed-path'
  | 'text'
  | 'label'
  | 'nth-of-type'
  | 'coordinates';

/**
 * One hop of a locator chain: a CSS selector evaluated inside the previous hop's match,
 * optionally narrowed to elements whose whitespace-normalized text equals `text`.
 */
export interface SelectorHop {
  css: string;
  text?: string;
  /**
   * The hop matches an `<iframe>`, and the next hop is evaluated in the frame's document,
   * because a locator of the page does not reach into frames.
   */
  enterFrame?: true;
}

/** A way to find the recorded target in the live page. */
export type SelectorCandidate =
  | { strategy: Exclude<SelectorStrategy, 'coordinates'>; hops: SelectorHop[]; display: string }
  | { strategy: 'coordinates'; x: number; y: number; display: string };

/** The element an action applies to, as recorded. */
export interface ActionTarget {
  /** rrweb node id in the recording; ids restart at every full snapshot. */
  nodeId: number;
  /** Short human description, for example `input#new-todo` or `button "Clear completed"`. */
  description: string;
  /** Ranked candidates; at replay the first one matching exactly one element wins. */
  candidates: SelectorCandidate[];
}

export interface KeyModifiers {
  alt: boolean;
  control: boolean;
  meta: boolean;
  shift: boolean;
}

/** One user action to perform during replay. */
export type Action =
  | {
      kind: 'navigate';
      url: string;
      /** Browser control that loaded the page: reload, or back and forward. Missing for links. */
      via?: 'reload' | 'back_forward';
    }
  | {
      kind: 'click';
      target: ActionTarget;
      button: 'left' | 'middle' | 'right';
      modifiers: KeyModifiers;
    }
  | { kind: 'dblclick'; target: ActionTarget }
  | {
      /**
       * The pointer arrived on the target, and the target's handlers changed it. Hidden or
       * empty targets are hovered at the recorded point, the target's last candidate.
       */
      kind: 'hover';
      target: ActionTarget;
    }
  | {
      kind: 'type';
      target: ActionTarget;
      /** Text to type: `\n` is Enter, and U+2028 is Shift+Enter in a `contenteditable` element. */
      text: string;
      clearFirst: boolean;
      /** Recorded milliseconds from the first to the last keystroke of the text. */
      durationMs?: number;
    }
  | { kind: 'press'; target: ActionTarget | null; key: string; inferred: boolean }
  | { kind: 'select'; target: ActionTarget; values: string[] }
  | {
      /** Files chosen in a file input; the recording has their names, types and sizes only. */
      kind: 'upload';
      target: ActionTarget;
      files: ChosenFile[];
    }
  | { kind: 'scroll'; target: ActionTarget | 'window'; x: number; y: number }
  | { kind: 'resize'; width: number; height: number }
  | {
      /** The browser's back (negative) or forward button, within one document. */
      kind: 'traverse';
      /** History entries to move: -1 for one step back. */
      delta: number;
      /** Recorded URL of the history entry reached. */
      url: string;
    };

/** A point where the replay captures a screenshot and a DOM snapshot. */
export interface CheckpointSpec {
  /** Stable id within the session, for example `p1-03`, used for baseline file names. */
  id: string;
  label: string;
  /** Milliseconds since the session start: the recorded state to compare against. */
  recordedAt: number;
  /** Zero-based page load index within the session. */
  pageIndex: number;
  /** Index of the step after which to capture, or -1 for the settled first page load. */
  afterStep: number;
  /** Why the checkpoint exists: after an action group, or at the end of a page. */
  reason: 'action' | 'page-end';
}

/** One action with its timing. */
export interface PlanStep {
  index: number;
  action: Action;
  /** Milliseconds since the session start when the user performed the action. */
  at: number;
  /** Recorded milliseconds between the previous step and this one; replayed in virtual time. */
  gapMs: number;
  /** Zero-based page load index the action happens on. */
  pageIndex: number;
  /** URL the page should be at after this step, when the recording shows a navigation. */
  expectNavigationTo?: string;
  /**
   * Recorded time when the pointer, on its way to this step's press, arrived on an element
   * whose handlers changed the page, such as a menu that opens around the item clicked. The
   * checkpoint before the step shows the page before that time, because the replay moves
   * the pointer with the press.
   */
  hoveredAt?: number;
}

/** The compiled form of a recording: what to do, in order, and where to compare. */
export interface ActionPlan {
  sessionName: string;
  startUrl: string;
  /**
   * Recorded duration in milliseconds, from the first event to the recorded stop time
   * (`meta.endedAt`) or the last event, whichever is later.
   */
  durationMs: number;
  /** URL of each page load, by page index. */
  pages: string[];
  steps: PlanStep[];
  /** Checkpoints in capture order. */
  checkpoints: CheckpointSpec[];
  /** Things the compiler skipped or guessed, for the report. */
  warnings: string[];
}
