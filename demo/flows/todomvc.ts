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

/** Pauses between user actions, so the recording has realistic think time. */
async function think(page: Page, milliseconds = 350): Promise<void> {
  await page.waitForTimeout(milliseconds);
}

async function addTodo(page: Page, input: Locator, text: string): Promise<void> {
  await input.click();
  await input.pressSequentially(text, { delay: 25 });
  await think(page, 200);
  await input.press('Enter');
  await think(page);
}

async function showFilter(page: Page, hash: string): Promise<void> {
  await page.locator(`a[href="${hash}"]`).click();
  await think(page, 500);
}

/**
 * Adds four todos, renames one by double-click, completes one, walks through the Active,
 * Completed and All filters, deletes one and clears the completed ones. It works on every
 * TodoMVC implementation the demo builds.
 */
export default async function flow(page: Page, baseURL: string): Promise<void> {
  await page.goto(baseURL);
  const input = page.locator(NEW_TODO).first();
  await input.waitFor();
  await think(page, 600);
  for (const text of TODOS) {
    await addTodo(page, input, text);
  }

  const items = page.locator(TODO_ITEMS);
  await items.nth(TODOS.length - 1).waitFor();
  await items.nth(1).locator('label').dblclick();
  const edit = items.nth(1).locator('.edit');
  await edit.waitFor();
  await think(page, 300);
  await edit.press('ControlOrMeta+a');
  await edit.pressSequentially('Return library books by Friday', { delay: 25 });
  await edit.press('Enter');
  await think(page);

  await items.nth(0).locator('.toggle').click();
  await think(page);
  await showFilter(page, '#/active');
  await showFilter(page, '#/completed');
  await showFilter(page, '#/');

  await items.nth(2).hover();
  await think(page, 300);
  await items.nth(2).locator('.destroy').click();
  await think(page);

  await page.locator(CLEAR_COMPLETED).first().click();
  // Four todos, one deleted and one cleared: the third row disappears.
  await items.nth(2).waitFor({ state: 'detached' });
  await think(page, 500);
}
