import type { ChosenFile } from '../fixture/recording.js';
import type { ActionTarget } from './plan.js';
import type { FieldKind } from './mirror-text.js';

/** One page load: a Meta event and the full snapshot after it. */
export interface PageLoad {
  index: number;
  href: string;
  /** Milliseconds since the session start. */
  time: number;
}

/** Starter of a page load; see the `page` intent. */
export type PageLoadInitiator = 'browser' | 'page-user' | 'page-script';

/** A scroll position in CSS pixels. */
export interface ScrollPosition {
  x: number;
  y: number;
}

interface IntentBase {
  /** Milliseconds since the session start. */
  time: number;
  pageIndex: number;
}

/**
 * A user-level event read from the rrweb stream, with its target already resolved against
 * the DOM of that moment. The step builder turns runs of intents into plan steps.
 */
export type Intent =
  | (IntentBase & {
      kind: 'page';
      href: string;
      /** Set when the browser reloaded the page or went back or forward to it. */
      navigationType?: 'reload' | 'back_forward';
      /**
       * Starter of the load, where the previous page reported the loads it started:
       * `browser` for its own controls (a typed URL, a bookmark, reload and history
       * buttons), `page-user` for a link or form the user activated, `page-script` for a
       * script. Undefined for the first page and for recordings without these reports.
       */
      initiator?: PageLoadInitiator;
    })
  | (IntentBase & {
      kind: 'click';
      nodeId: number;
      target: ActionTarget;
      button: 'left' | 'middle' | 'right';
      /** The browser's own click on a control after a click on its label. */
      fromLabel: boolean;
      /** When the pointer's arrival on the way to the press changed the page; see `PlanStep`. */
      hoveredAt?: number;
    })
  | (IntentBase & { kind: 'dblclick'; nodeId: number; target: ActionTarget; hoveredAt?: number })
  | (IntentBase & {
      kind: 'hover';
      nodeId: number;
      target: ActionTarget;
      /** Nodes near the hovered element that changed right after the pointer arrived. */
      changedIds: number[];
      /** Nodes that the mutations right after the arrival added. */
      addedIds: number[];
    })
  | (IntentBase & {
      kind: 'input';
      nodeId: number;
      field: FieldKind;
      value: string;
      checked: boolean;
      previousValue: string;
      /** rrweb's `userTriggered`: undefined when the recorder did not set it. */
      userTriggered: boolean | undefined;
      /** Resolved for user input (shared by a run of keystrokes), null for programmatic changes. */
      target: ActionTarget | null;
      /** True when a click on this control, its label or an ancestor just happened. */
      followsClick: boolean;
      /**
       * True for an edit of a `contenteditable` element whose text the app changed since the
       * user's previous edit of it, as a chat box that sends and empties itself on Enter.
       */
      afterAppChange?: boolean;
    })
  | (IntentBase & {
      kind: 'key';
      nodeId: number;
      /** Playwright key name with modifiers, for example `Enter` or `Control+Enter`. */
      key: string;
      target: ActionTarget | null;
      field: FieldKind;
    })
  | (IntentBase & {
      /** A `replaygate.select` event: options chosen in a select, by the user or a test driver. */
      kind: 'select';
      nodeId: number;
      values: string[];
      target: ActionTarget;
    })
  | (IntentBase & {
      /** A `replaygate.files` event: files chosen in a file input. */
      kind: 'files';
      nodeId: number;
      files: ChosenFile[];
      target: ActionTarget;
    })
  | (IntentBase & { kind: 'submit'; nodeId: number })
  | (IntentBase & { kind: 'url'; href: string })
  | (IntentBase & {
      kind: 'scroll';
      /** `window`, or the node id of the scrolled element. */
      scrollKey: string;
      nodeId: number;
      target: ActionTarget | 'window';
      from: ScrollPosition;
      to: ScrollPosition;
    })
  | (IntentBase & {
      /** The window got a new size, in CSS pixels. */
      kind: 'resize';
      width: number;
      height: number;
    })
  | (IntentBase & {
      /** The browser's back or forward button, within one document. */
      kind: 'traverse';
      /** History entries moved: negative for back. */
      delta: number;
      href: string;
    })
  | (IntentBase & {
      /** The field of the latest user input left the DOM. */
      kind: 'removed';
      nodeId: number;
    });
