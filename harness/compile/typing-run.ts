import type { ActionTarget } from './plan.js';
import type { DraftStep } from './draft-step.js';
import type { Intent } from './intents.js';
import type { FieldKind } from './mirror-text.js';

/** Keys that move the caret or delete text; Input events already record their effect. */
const EDITING_KEYS = new Set([
  'Backspace',
  'Delete',
  'ArrowLeft',
  'ArrowRight',
  'ArrowUp',
  'ArrowDown',
  'Home',
  'End',
]);

/**
 * Keys that edit the text of a `contenteditable` element: Enter starts a new line there, and
 * the recorded text contains that line.
 */
const LINE_BREAK_KEYS = new Set(['Enter', 'Shift+Enter']);

function isEditingKey(field: FieldKind, key: string): boolean {
  if (field === 'editable') {
    return EDITING_KEYS.has(key) || LINE_BREAK_KEYS.has(key);
  }
  return field === 'text' && EDITING_KEYS.has(key);
}

/** Consecutive user Input events on one text field, not yet turned into steps. */
export interface TypingRun {
  nodeId: number;
  pageIndex: number;
  /** The field as resolved when the user started typing. */
  target: ActionTarget;
  /** Value of the field before the first keystroke. */
  startValue: string;
  finalValue: string;
  /** Milliseconds since the session start of the first and the latest Input event. */
  at: number;
  lastAt: number;
}

/**
 * Turns a typing run into a `type` step, plus an inferred Enter press when `enterAt` is
 * given. Text appended to the start value is typed as the suffix. Any other change types
 * the final value, clearing the field first when it was not empty. A run that ends where it
 * started yields no type step.
 */
export function closeTyping(run: TypingRun, enterAt?: number): DraftStep[] {
  const steps: DraftStep[] = [];
  const page = { pageIndex: run.pageIndex, resultPage: run.pageIndex };
  if (run.finalValue !== run.startValue) {
    const appends = run.startValue !== '' && run.finalValue.startsWith(run.startValue);
    const text = appends ? run.finalValue.slice(run.startValue.length) : run.finalValue;
    const clearFirst = run.startValue !== '' && !appends;
    steps.push({
      action: {
        kind: 'type',
        target: run.target,
        text,
        clearFirst,
        durationMs: run.lastAt - run.at,
      },
      at: run.at,
      ...page,
    });
  }
  if (enterAt !== undefined) {
    steps.push({
      action: { kind: 'press', target: run.target, key: 'Enter', inferred: true },
      at: Math.max(enterAt, run.lastAt),
      ...page,
    });
  }
  return steps;
}

/**
 * Returns true when the key intent at `position` only edits the text of a field that the
 * user goes on typing into: the typed value already contains its effect. Arrow keys that
 * lead elsewhere (picking a suggestion) stay presses.
 */
export function isAbsorbedEditingKey(intents: Intent[], position: number): boolean {
  const key = intents[position];
  if (key?.kind !== 'key' || !isEditingKey(key.field, key.key)) {
    return false;
  }
  for (const next of intents.slice(position + 1)) {
    if (next.kind === 'url' || next.kind === 'scroll' || next.kind === 'removed') {
      continue;
    }
    if (next.kind === 'input' && next.userTriggered === false) {
      continue;
    }
    // Editors such as Quill handle Enter themselves, so two Enters for an empty line come
    // before the next edit without an edit between them.
    if (next.kind === 'key' && next.nodeId === key.nodeId && isEditingKey(next.field, next.key)) {
      continue;
    }
    // An edit after the app changed the text starts anew, so the key acted on the old text.
    return next.kind === 'input' && next.nodeId === key.nodeId && next.afterAppChange !== true;
  }
  return false;
}
