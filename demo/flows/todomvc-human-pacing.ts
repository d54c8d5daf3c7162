import { KLM_OPERATOR_MS, klmDurationMs } from './keystroke-level-model.js';
import type { PausePoint, TodoFlowPacing } from './todomvc.js';

/**
 * Keystroke-Level Model operators the user performs before the flow's next action at each pause
 * point, for a user whose hand starts on the mouse. Each pause ends with the key or button
 * press (K) that makes the next event fire, because Playwright acts at once. Mental
 * preparation (M) follows the model's heuristics. Rule 0 puts one before each pointing (P) and
 * each key that is not part of a typed string. Rule 1 removes it where the operator before
 * already anticipates it: the click after pointing, and pointing at the delete button after
 * pointing at its row. Rule 2 keeps one M for Control+A, a single unit. Rule 4 keeps the M
 * before the Enter that ends a typed todo, because that Enter ends a variable string.
 */
export const HUMAN_PAUSE_OPERATORS: Record<PausePoint, string> = {
  // The first click on the new-todo input carries the whole wait, with beforeAddClick.
  loaded: '',
  // Think, point at the new-todo input, click.
  beforeAddClick: 'MPK',
  // Hand from the mouse to the keyboard. The first character's K is part of the typing.
  beforeTyping: 'H',
  // Think, press Enter.
  beforeEnter: 'MK',
  // Hand back to the mouse.
  afterEnter: 'H',
  // Think, point at the label, double-click: two button presses.
  beforeRename: 'MPKK',
  // Hand to the keyboard, think, press Control and A.
  afterEditOpened: 'HMKK',
  beforeRenameTyping: '',
  beforeRenameEnter: 'MK',
  afterRename: 'H',
  beforeToggle: 'MPK',
  afterToggle: '',
  beforeFilter: 'MPK',
  afterFilter: '',
  // Think, point at the third row so its delete button shows.
  beforeHover: 'MP',
  // Point at the delete button on that row and click it.
  afterHover: 'PK',
  afterDestroy: '',
  beforeClear: 'MPK',
  // Look at the result before the recording stops.
  end: 'M',
};

/**
 * Pacing of the TodoMVC flow at the speed the Keystroke-Level Model predicts for an average
 * non-secretary typist: one K per typed character and {@link HUMAN_PAUSE_OPERATORS} at each
 * pause point.
 */
export const HUMAN_PACING: TodoFlowPacing = {
  keyDelayMs: KLM_OPERATOR_MS.K,
  pauses: Object.fromEntries(
    Object.entries(HUMAN_PAUSE_OPERATORS).map(([point, operators]) => [
      point,
      klmDurationMs(operators),
    ]),
  ),
};
