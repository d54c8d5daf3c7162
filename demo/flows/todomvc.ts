import type { Locator, Page } from '@playwright/test';

// TodoMVC implementations of different ages use ids (`#new-todo`) or classes (`.new-todo`)
// for the same elements, so every selector accepts both.
const NEW_TODO = '#new-todo, .new-todo';
const TODO_ITEMS = '#todo-list > li, .todo-list > li';
const CLEAR_COMPLETED = '#clear-completed, .clear-completed';

const TODOS = [
  'Repot the fiddle-leaf fig',
  'Return library books',
  'Book a bike service',
  'Buy oat milk',
];

/** Named points of the flow where it can pause, in the order the flow reaches them. */
export const PAUSE_POINTS = [
  'loaded',
  'beforeAddClick',
  'beforeTyping',
  'beforeEnter',
  'afterEnter',
  'beforeRename',
  'afterEditOpened',
  'beforeRenameTyping',
  'beforeRenameEnter',
  'afterRename',
  'beforeToggle',
  'afterToggle',
  'beforeFilter',
  'afterFilter',
  'beforeHover',
  'afterHover',
  'afterDestroy',
  'beforeClear',
  'end',
] as const;

/** One of {@link PAUSE_POINTS}. */
export type PausePoint = (typeof PAUSE_POINTS)[number];

/** Think time of the flow: what it waits at each pause point, and how fast it types. */
export interface TodoFlowPacing {
  /**
   * Milliseconds each typed key is held, passed to `pressSequentially` as `delay`. Playwright
   * waits that long between key down and key up and starts the next key right after, so it is
   * also the time per character.
   */
  keyDelayMs: number;
  /** Milliseconds to wait at each pause point. A missing point does not wait at all. */
  pauses: Partial<Record<PausePoint, number>>;
}

/**
 * The pacing of the committed demo recordings: short pauses after each action and 25 ms per
 * key, far faster than a person. Changing it changes those recordings when they are recorded
 * again.
 */
export const SCRIPTED_PACING: TodoFlowPacing = {
  keyDelayMs: 25,
  pauses: {
    loaded: 600,
    beforeEnter: 200,
    afterEnter: 350,
    afterEditOpened: 300,
    afterRename: 350,
    afterToggle: 350,
    afterFilter: 500,
    afterHover: 300,
    afterDestroy: 350,
    end: 500,
  },
};

async function pause(page: Page, pacing: TodoFlowPacing, point: PausePoint): Promise<void> {
  const milliseconds = pacing.pauses[point] ?? 0;
  // A zero pause makes no call, so the scripted pacing runs exactly the Playwright calls it ran
  // before the pause points existed.
  if (milliseconds > 0) {
    await page.waitForTimeout(milliseconds);
  }
}

async function addTodo(
  page: Page,
  pacing: TodoFlowPacing,
  input: Locator,
  text: string,
): Promise<void> {
  await pause(page, pacing, 'beforeAddClick');
  await input.click();
  await pause(page, pacing, 'beforeTyping');
  await input.pressSequentially(text, { delay: pacing.keyDelayMs });
  await pause(page, pacing, 'beforeEnter');
  await input.press('Enter');
  await pause(page, pacing, 'afterEnter');
}

async function showFilter(page: Page, pacing: TodoFlowPacing, hash: string): Promise<void> {
  await pause(page, pacing, 'beforeFilter');
  await page.locator(`a[href="${hash}"]`).click();
  await pause(page, pacing, 'afterFilter');
}

async function renameSecondTodo(page: Page, pacing: TodoFlowPacing, items: Locator): Promise<void> {
  await pause(page, pacing, 'beforeRename');
  await items.nth(1).locator('label').dblclick();
  const edit = items.nth(1).locator('.edit');
  await edit.waitFor();
  await pause(page, pacing, 'afterEditOpened');
  await edit.press('ControlOrMeta+a');
  await pause(page, pacing, 'beforeRenameTyping');
  await edit.pressSequentially('Return library books by Friday', { delay: pacing.keyDelayMs });
  await pause(page, pacing, 'beforeRenameEnter');
  await edit.press('Enter');
  await pause(page, pacing, 'afterRename');
}

/**
 * Returns the TodoMVC flow with the given pacing. The flow adds four todos, renames one by
 * double-click, completes one, walks through the Active, Completed and All filters, deletes
 * one and clears the completed ones. It works on every TodoMVC implementation the demo builds.
 */
export function createTodomvcFlow(
  pacing: TodoFlowPacing,
): (page: Page, baseURL: string) => Promise<void> {
  return async (page, baseURL) => {
    await page.goto(baseURL);
    const input = page.locator(NEW_TODO).first();
    await input.waitFor();
    await pause(page, pacing, 'loaded');
    for (const text of TODOS) {
      await addTodo(page, pacing, input, text);
    }

    const items = page.locator(TODO_ITEMS);
    await items.nth(TODOS.length - 1).waitFor();
    await renameSecondTodo(page, pacing, items);

    await pause(page, pacing, 'beforeToggle');
    await items.nth(0).locator('.toggle').click();
    await pause(page, pacing, 'afterToggle');
    await showFilter(page, pacing, '#/active');
    await showFilter(page, pacing, '#/completed');
    await showFilter(page, pacing, '#/');

    await pause(page, pacing, 'beforeHover');
    await items.nth(2).hover();
    await pause(page, pacing, 'afterHover');
    await items.nth(2).locator('.destroy').click();
    await pause(page, pacing, 'afterDestroy');

    await pause(page, pacing, 'beforeClear');
    await page.locator(CLEAR_COMPLETED).first().click();
    // Four todos, one deleted and one cleared: the third row disappears.
    await items.nth(2).waitFor({ state: 'detached' });
    await pause(page, pacing, 'end');
  };
}

/** The TodoMVC flow with {@link SCRIPTED_PACING}, the one the demo recordings come from. */
export default createTodomvcFlow(SCRIPTED_PACING);
