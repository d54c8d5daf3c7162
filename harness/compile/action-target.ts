import type { Action, ActionTarget } from './plan.js';

/**
 * Returns the element an action is performed on, or undefined for actions on the page or the
 * window: navigations, history moves, resizes, window scrolls and key presses without a
 * focused element.
 */
export function elementTarget(action: Action): ActionTarget | undefined {
  switch (action.kind) {
    case 'navigate':
    case 'resize':
    case 'traverse':
      return undefined;
    case 'scroll':
      return action.target === 'window' ? undefined : action.target;
    case 'press':
      return action.target ?? undefined;
    default:
      return action.target;
  }
}
