import type { Locator, Page } from '@playwright/test';
import { toLocator } from '../harness/compile/locator.js';
import type { PlanStep, SelectorCandidate } from '../harness/compile/plan.js';
import { isSameAppLocation } from '../harness/replay/map-url.js';
import { navigate, traverse } from '../harness/replay/perform-step.js';
import { revealByHover } from '../harness/replay/resolve-target.js';

/**
 * Performs one plan step with the Playwright call the harness uses for its kind, on the
 * candidate the harness resolved, without retries, settling or virtual time.
 *
 * @throws Error from Playwright when the action fails, or when no candidate was resolved.
 */
export async function performPlainStep(
  page: Page,
  step: PlanStep,
  candidate: SelectorCandidate | undefined,
  options: { mapUrl: (url: string) => string; timeoutMs: number },
): Promise<void> {
  const { action } = step;
  const timeout = options.timeoutMs;
  if (action.kind === 'navigate') {
    await navigate(page, options.mapUrl(action.url), action.via, timeout);
  } else if (action.kind === 'resize') {
    await page.setViewportSize({ width: action.width, height: action.height });
  } else if (action.kind === 'traverse') {
    await traverse(page, action.delta, timeout);
  } else if (action.kind === 'scroll' && action.target === 'window') {
    await page.evaluate(({ x, y }) => window.scrollTo(x, y), action);
  } else if (action.kind === 'press' && action.target === null) {
    await page.keyboard.press(action.key);
  } else if (!candidate) {
    throw new Error(`the harness resolved no candidate for this ${action.kind}`);
  } else if (candidate.strategy === 'coordinates') {
    if (action.kind === 'dblclick') {
      await page.mouse.dblclick(candidate.x, candidate.y);
    } else {
      await page.mouse.click(candidate.x, candidate.y);
    }
  } else {
    await actOnLocator(toLocator(page, candidate), step, timeout);
  }

  if (step.expectNavigationTo) {
    const expected = options.mapUrl(step.expectNavigationTo);
    await page.waitForURL((url) => isSameAppLocation(expected, url.href), { timeout });
  }
}

/** Performs the Playwright call that the harness makes for the action kind, without retries. */
async function actOnLocator(locator: Locator, step: PlanStep, timeout: number): Promise<void> {
  const { action } = step;
  switch (action.kind) {
    case 'click':
      // TodoMVC's destroy button shows only on hover; a script author would hover its row too.
      await revealByHover(locator, timeout);
      await locator.click({ button: action.button, modifiers: modifierKeys(action), timeout });
      return;
    case 'dblclick':
      await revealByHover(locator, timeout);
      await locator.dblclick({ timeout });
      return;
    case 'type':
      if (action.clearFirst) {
        await locator.fill('', { timeout });
      } else {
        // Appends, as the recorded values show the user did.
        await locator.focus({ timeout });
        await locator.evaluate((element) => {
          const field = element as HTMLInputElement;
          try {
            field.setSelectionRange(field.value.length, field.value.length);
          } catch {
            // Email and number inputs have no selection API; typing appends there.
          }
        });
      }
      await locator.pressSequentially(action.text, { timeout });
      return;
    case 'press':
      await locator.press(action.key, { timeout });
      return;
    case 'select':
      await locator.selectOption(action.values, { timeout });
      return;
    case 'scroll':
      await locator.evaluate((element, { x, y }) => element.scrollTo(x, y), action);
      return;
    case 'navigate':
      return;
  }
}

function modifierKeys(
  action: Extract<PlanStep['action'], { kind: 'click' }>,
): Array<'Alt' | 'Control' | 'Meta' | 'Shift'> {
  const { alt, control, meta, shift } = action.modifiers;
  const keys: Array<'Alt' | 'Control' | 'Meta' | 'Shift'> = [];
  if (alt) {
    keys.push('Alt');
  }
  if (control) {
    keys.push('Control');
  }
  if (meta) {
    keys.push('Meta');
  }
  if (shift) {
    keys.push('Shift');
  }
  return keys;
}
