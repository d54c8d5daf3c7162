import type { DialogEventPayload } from '../fixture/recording.js';

/**
 * Wraps `confirm()` and `prompt()` in the current window so that each answer of the user goes
 * to `report`. Playwright dismisses every dialog that no handler answers, so the replay needs
 * the answers to give them again. An alert has only one answer and is left alone.
 *
 * The scripted recorder sends this function's source text to the page, so it must stay
 * self-contained: no imports used at run time and no references to anything outside its body.
 *
 * @param promptText returns the text typed into a prompt as it is recorded, for example masked
 */
export function installDialogAnswers(
  report: (payload: DialogEventPayload) => void,
  promptText: (text: string) => string,
): void {
  for (const kind of ['confirm', 'prompt'] as const) {
    const original = window[kind] as (...args: unknown[]) => unknown;
    if (typeof original !== 'function') {
      continue;
    }
    (window as unknown as Record<string, unknown>)[kind] = function (...args: unknown[]) {
      const answer = original.apply(window, args);
      const accepted = kind === 'confirm' ? answer === true : answer !== null;
      try {
        report({
          type: kind,
          accepted,
          ...(kind === 'prompt' && accepted ? { value: promptText(String(answer)) } : {}),
        });
      } catch {
        // A failed report must not change what the app's call returns.
      }
      return answer;
    };
  }
}
