import type { Locator, Page } from '@playwright/test';
import type { Action, ActionTarget, KeyModifiers, PlanStep } from '../compile/plan.js';
import { elementTarget } from '../compile/action-target.js';
import { describeAction } from '../compile/describe-action.js';
import type { StepResult } from '../result/types.js';
import { isSameAppLocation } from './map-url.js';
import { resolveTarget, revealByHover, type ResolvedTarget } from './resolve-target.js';
import type { UploadFiles } from './upload-files.js';

export interface StepContext {
  page: Page;
  /** Maps a recorded URL onto the app under test (same path, query and hash). */
  mapUrl: (recordedUrl: string) => string;
  timeoutMs: number;
  /** Lets virtual time and mocked responses progress while a target is awaited. */
  waitBetweenAttempts: () => Promise<void>;
  /** The files that upload steps choose. */
  uploads: UploadFiles;
  /** Advances virtual time, so the app's timers run between keystrokes as they did. */
  advanceTime: (ms: number) => Promise<void>;
}

/**
 * Performs one plan step on the live page. Never throws for an app-side problem: an element
 * that cannot be found or acted on makes the step unresolved, which the verdict reports.
 */
export async function performStep(step: PlanStep, context: StepContext): Promise<StepResult> {
  const { action } = step;
  const result: StepResult = {
    index: step.index,
    kind: action.kind,
    description: describeAction(action),
    resolved: false,
  };

  try {
    if (action.kind === 'navigate') {
      await navigate(context.page, context.mapUrl(action.url), action.via, context.timeoutMs);
      return { ...result, resolved: true };
    }
    if (action.kind === 'resize') {
      await context.page.setViewportSize({ width: action.width, height: action.height });
      return { ...result, resolved: true };
    }
    if (action.kind === 'traverse') {
      await traverse(context.page, action.delta, context.timeoutMs);
      return { ...result, resolved: true };
    }
    if (action.kind === 'scroll' && action.target === 'window') {
      await context.page.evaluate(({ x, y }) => window.scrollTo(x, y), action);
      return { ...result, resolved: true };
    }
    if (action.kind === 'press' && action.target === null) {
      await context.page.keyboard.press(action.key);
      return { ...result, resolved: true };
    }

    const target = elementTarget(action);
    const resolved = target
      ? await resolveTarget(context.page, target, {
          timeoutMs: context.timeoutMs,
          waitBetweenAttempts: context.waitBetweenAttempts,
        })
      : undefined;
    if (!resolved) {
      return {
        ...result,
        error: `No selector candidate matched exactly one element for ${target?.description ?? 'the target'}; tried ${
          target?.candidates.map((candidate) => candidate.display).join(' | ') ?? 'none'
        }.`,
      };
    }

    const note = await actOn(resolved, action, context);
    return {
      ...result,
      ...(note === undefined ? {} : { description: `${result.description} (${note})` }),
      resolved: true,
      strategy: resolved.candidate.strategy,
      selector: resolved.candidate.display,
    };
  } catch (error) {
    return { ...result, error: error instanceof Error ? firstLine(error.message) : String(error) };
  }
}

/**
 * Loads `url` as the recording did. A reload of the same page reloads it, because going to a
 * URL with a fragment that the page already shows would not load the page again. A history
 * navigation moves through the tab's history to the nearest entry with that URL, so later
 * back and forward steps find the history of the recording. Only when no such entry exists
 * does it go to the URL, which adds an entry instead.
 */
export async function navigate(
  page: Page,
  url: string,
  via: Extract<Action, { kind: 'navigate' }>['via'],
  timeoutMs = 30_000,
): Promise<void> {
  if (via === 'reload' && page.url() === url) {
    await page.reload({ waitUntil: 'load', timeout: timeoutMs });
    return;
  }
  if (via === 'back_forward') {
    const delta = await historyDeltaTo(page, url);
    if (delta !== undefined) {
      await traverse(page, delta, timeoutMs);
      if (isSameAppLocation(url, page.url())) {
        return;
      }
    }
  }
  await page.goto(url, { waitUntil: 'load', timeout: timeoutMs });
}

/**
 * Returns the distance in entries from the current history entry to the nearest one with
 * `url`, read with the Navigation API, or undefined when the API or such an entry is missing.
 */
async function historyDeltaTo(page: Page, url: string): Promise<number | undefined> {
  return page
    .evaluate((target) => {
      const history = (
        window as unknown as {
          navigation?: {
            currentEntry: { index: number } | null;
            entries(): Array<{ url: string | null; index: number }>;
          };
        }
      ).navigation;
      const current = history?.currentEntry?.index;
      if (history === undefined || current === undefined) {
        return undefined;
      }
      let nearest: number | undefined;
      for (const entry of history.entries()) {
        const distance = Math.abs(entry.index - current);
        if (entry.url === target && distance > 0) {
          if (nearest === undefined || distance < Math.abs(nearest - current)) {
            nearest = entry.index;
          }
        }
      }
      return nearest === undefined ? undefined : nearest - current;
    }, url)
    .catch(() => undefined);
}

/**
 * Goes back (negative `delta`) or forward through the tab's history one entry at a time, as
 * the browser's buttons do. The step's expected URL then shows whether it reached the
 * recorded entry, because Playwright returns null both for a move within the document and
 * for no move at all.
 */
export async function traverse(page: Page, delta: number, timeoutMs: number): Promise<void> {
  for (let moved = 0; moved < Math.abs(delta); moved++) {
    if (delta < 0) {
      await page.goBack({ timeout: timeoutMs });
    } else {
      await page.goForward({ timeout: timeoutMs });
    }
  }
}

/** Performs the action on its target; returns a note for the report when it had to improvise. */
async function actOn(
  resolved: ResolvedTarget,
  action: Action,
  context: StepContext,
): Promise<string | undefined> {
  const timeout = context.timeoutMs;

  if (resolved.kind === 'point') {
    const mouse = context.page.mouse;
    if (action.kind === 'hover') {
      await mouse.move(resolved.x, resolved.y);
    } else if (action.kind === 'dblclick') {
      await mouse.dblclick(resolved.x, resolved.y);
    } else {
      await mouse.click(resolved.x, resolved.y);
    }
    return;
  }

  const { locator } = resolved;
  switch (action.kind) {
    case 'click':
      await revealByHover(locator, timeout);
      await locator.click({
        button: action.button,
        modifiers: modifierKeys(action.modifiers),
        timeout,
      });
      return;
    case 'dblclick':
      await revealByHover(locator, timeout);
      await locator.dblclick({ timeout });
      return;
    case 'hover':
      return hover(locator, action.target, context);
    case 'type':
      if (action.clearFirst) {
        await locator.fill('', { timeout });
      } else {
        await placeCaretAtEnd(locator, timeout);
      }
      if (await locator.evaluate(isEditable)) {
        await typeIntoEditable(action, context);
        return;
      }
      // Real key events, so keydown/keypress/input/keyup handlers run as they did for the user.
      await locator.pressSequentially(action.text, { timeout });
      return;
    case 'press':
      await locator.press(action.key, { timeout });
      return;
    case 'select':
      await locator.selectOption(action.values, { timeout });
      return;
    case 'upload': {
      const chosen = await context.uploads.choose(action.files);
      await locator.setInputFiles(chosen.payloads, { timeout });
      return chosen.note;
    }
    case 'scroll':
      await locator.evaluate((element, { x, y }) => element.scrollTo(x, y), {
        x: action.x,
        y: action.y,
      });
      return;
    case 'navigate':
      return;
  }
  return undefined;
}

/**
 * Moves the pointer onto the target: to the recorded point while that point lies on the
 * element, because its centre may be covered or outside the part that reacts, and otherwise
 * to its centre. A target that shows nothing, such as an empty element that the hover fills,
 * is hovered at the recorded point, and one hidden without a point by its nearest visible
 * ancestor. Returns a note when it hovered the point off the element.
 */
async function hover(
  locator: Locator,
  target: ActionTarget,
  context: StepContext,
): Promise<string | undefined> {
  const candidate = target.candidates.find((option) => option.strategy === 'coordinates');
  const point = candidate?.strategy === 'coordinates' ? candidate : undefined;
  const box = point ? await locator.boundingBox() : null;
  if (point && box && isInside(point, box)) {
    await context.page.mouse.move(point.x, point.y);
    return undefined;
  }
  if (await locator.isVisible()) {
    await locator.hover({ timeout: context.timeoutMs });
    return undefined;
  }
  if (point) {
    await context.page.mouse.move(point.x, point.y);
    return `at the recorded point ${point.display}, because the element shows nothing`;
  }
  await revealByHover(locator, context.timeoutMs);
  return undefined;
}

function isInside(
  point: { x: number; y: number },
  box: { x: number; y: number; width: number; height: number },
): boolean {
  return (
    point.x >= box.x &&
    point.x < box.x + box.width &&
    point.y >= box.y &&
    point.y < box.y + box.height
  );
}

function isEditable(element: Element): boolean {
  return element instanceof HTMLElement && element.isContentEditable;
}

/**
 * Types into the focused `contenteditable` element key by key, with Enter for `\n` and
 * Shift+Enter for U+2028. Editors such as Trix handle input in timers, which run only as
 * virtual time moves, so the recorded time of the typing is spread over the keys.
 */
async function typeIntoEditable(
  action: Extract<Action, { kind: 'type' }>,
  context: StepContext,
): Promise<void> {
  const keys = Array.from(action.text);
  const gapMs = keys.length > 1 ? (action.durationMs ?? 0) / (keys.length - 1) : 0;
  const keyboard = context.page.keyboard;
  for (const [index, key] of keys.entries()) {
    if (index > 0 && gapMs > 0) {
      await context.advanceTime(gapMs);
    }
    if (key === '\n') {
      await keyboard.press('Enter');
    } else if (key === '\u2028') {
      await keyboard.press('Shift+Enter');
    } else {
      await keyboard.type(key);
    }
  }
}

/**
 * Moves the caret to the end of a text field or `contenteditable` element before appending.
 * The recording contains the typed suffix but not the caret. Where focus() leaves the caret
 * depends on how the app focused the field (in a `contenteditable` element, at its start),
 * and appending is what the recorded values show the user did.
 */
async function placeCaretAtEnd(locator: Locator, timeout: number): Promise<void> {
  await locator.focus({ timeout });
  await locator.evaluate((element) => {
    if (element instanceof HTMLElement && element.isContentEditable) {
      const document = element.ownerDocument;
      // Typing goes on after the last typed text, not after the scripts, styles and parts
      // that are not editable at the element's end, such as a `<body contenteditable>`'s scripts.
      const end = document.createRange();
      end.selectNodeContents(element);
      end.collapse(false);
      for (let node = element.lastChild; node !== null; node = node.previousSibling) {
        const isUntyped =
          node.nodeType === Node.ELEMENT_NODE
            ? ['script', 'style', 'template', 'noscript'].includes((node as Element).localName) ||
              (node as HTMLElement).contentEditable === 'false'
            : node.nodeType !== Node.TEXT_NODE || /^\s*\n\s*$/.test((node as Text).data);
        if (isUntyped) {
          continue;
        }
        // Inside the last typed block, so the keys go on in its line rather than after it.
        if (node !== element.lastChild) {
          if (node.nodeType === Node.TEXT_NODE || node.hasChildNodes()) {
            end.selectNodeContents(node);
          } else {
            end.setEndAfter(node);
          }
          end.collapse(false);
        }
        break;
      }
      const selection = document.getSelection();
      // A caret already at the end stays, because moving it would drop a format that a
      // toolbar button set for the next keys, such as bold.
      const focus = selection?.focusNode;
      if (selection?.isCollapsed && focus && element.contains(focus)) {
        const rest = document.createRange();
        rest.setStart(focus, selection.focusOffset);
        rest.setEnd(end.endContainer, end.endOffset);
        if (rest.toString() === '') {
          return;
        }
      }
      selection?.removeAllRanges();
      selection?.addRange(end);
      return;
    }
    const field = element as HTMLInputElement;
    if (typeof field.value === 'string' && typeof field.setSelectionRange === 'function') {
      try {
        field.setSelectionRange(field.value.length, field.value.length);
      } catch {
        // Input types such as email and number have no selection API; typing appends there.
      }
    }
  });
}

const MODIFIER_KEYS = [
  ['alt', 'Alt'],
  ['control', 'Control'],
  ['meta', 'Meta'],
  ['shift', 'Shift'],
] as const;

function modifierKeys(modifiers: KeyModifiers): Array<'Alt' | 'Control' | 'Meta' | 'Shift'> {
  return MODIFIER_KEYS.filter(([flag]) => modifiers[flag]).map(([, key]) => key);
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}
