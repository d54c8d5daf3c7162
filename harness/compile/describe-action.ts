import type { Action } from './plan.js';

/**
 * Describes an action as a verb phrase for checkpoint labels and the inspect output, for
 * example `typing into input#new-todo` or `pressing Enter in input#new-todo`.
 */
export function describeAction(action: Action): string {
  switch (action.kind) {
    case 'navigate':
      if (action.via === 'reload') {
        return `reloading ${action.url}`;
      }
      return action.via === 'back_forward'
        ? `going back or forward to ${action.url}`
        : `navigating to ${action.url}`;
    case 'click': {
      const button = action.button === 'left' ? '' : ` with the ${action.button} button`;
      return `clicking ${action.target.description}${button}`;
    }
    case 'dblclick':
      return `double-clicking ${action.target.description}`;
    case 'hover':
      return `hovering over ${action.target.description}`;
    case 'type':
      return action.clearFirst
        ? `replacing the text of ${action.target.description}`
        : `typing into ${action.target.description}`;
    case 'press': {
      const where = action.target ? ` in ${action.target.description}` : '';
      return `pressing ${action.key}${where}${action.inferred ? ' (inferred)' : ''}`;
    }
    case 'select':
      return `selecting ${action.values.map((value) => JSON.stringify(value)).join(', ')} in ${action.target.description}`;
    case 'upload': {
      const names = action.files.map((file) => JSON.stringify(file.name)).join(', ');
      return action.files.length === 0
        ? `clearing the files of ${action.target.description}`
        : `choosing ${names} in ${action.target.description}`;
    }
    case 'scroll':
      return `scrolling ${action.target === 'window' ? 'the window' : action.target.description} to (${action.x}, ${action.y})`;
    case 'resize':
      return `resizing the window to ${action.width}x${action.height}`;
    case 'traverse': {
      const direction = action.delta < 0 ? 'back' : 'forward';
      const steps = Math.abs(action.delta) === 1 ? '' : ` ${Math.abs(action.delta)} entries`;
      return `going ${direction}${steps} to ${action.url}`;
    }
  }
}
