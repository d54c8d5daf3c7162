import type { DialogEventPayload } from '../fixture/recording.js';

/** Control over the wrappers that {@link installDialogAnswers} adds. */
export interface DialogAnswerControl {
  /**
   * Starts reporting. Answers given before, such as one to a dialog of an inline script that
   * ran before rrweb's first full snapshot, are reported in a microtask, after the caller's
   * current rrweb event has gone out.
   */
  start(): void;
}

/**
 * Wraps `confirm()` and `prompt()` in `realm` so that each of the user's answers
 * goes to `report`. Playwright dismisses every dialog that has no handler, so the replay
 * needs the recorded answers. An alert has a single button and is left alone.
 *
 * The scripted recorder sends this function's source text to the page, so it must stay
 * self-contained: no imports used at run time and no references to anything outside its body.
 *
 * @param promptText returns the text typed into a prompt as it is recorded, for example masked
 * @param realm the window whose dialogs are noted, such as a same-origin frame's
 */
export function installDialogAnswers(
  report: (payload: DialogEventPayload) => void,
  promptText: (text: string) => string,
  realm: Window = window,
): DialogAnswerControl {
  let started = false;
  const unreported: DialogEventPayload[] = [];

  function note(payload: DialogEventPayload): void {
    if (!started) {
      unreported.push(payload);
      return;
    }
    try {
      report(payload);
    } catch {
      // A failed report must not change what the app's call returns.
    }
  }

  for (const kind of ['confirm', 'prompt'] as const) {
    const original = realm[kind] as (...args: unknown[]) => unknown;
    if (typeof original !== 'function') {
      continue;
    }
    (realm as unknown as Record<string, unknown>)[kind] = function (...args: unknown[]) {
      const answer = original.apply(realm, args);
      const accepted = kind === 'confirm' ? answer === true : answer !== null;
      const value = kind === 'prompt' && accepted ? promptText(String(answer)) : undefined;
      note(value === undefined ? { type: kind, accepted } : { type: kind, accepted, value });
      return answer;
    };
  }

  return {
    start() {
      if (started) {
        return;
      }
      started = true;
      if (unreported.length > 0) {
        queueMicrotask(() => unreported.splice(0).forEach(note));
      }
    },
  };
}
