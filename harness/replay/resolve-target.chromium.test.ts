import { chromium, type Browser } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserLaunchOptions } from '../browser/resolve-browser.js';
import { revealByHover } from './resolve-target.js';

let browser: Browser;

beforeAll(async () => {
  browser = await chromium.launch(browserLaunchOptions());
});

afterAll(async () => {
  await browser?.close();
});

describe('revealByHover', () => {
  it('hovers the row that shows a hidden button', async () => {
    const page = await browser.newPage();
    await page.setContent(
      '<style>li button { display: none } li:hover button { display: inline }</style>' +
        '<ul><li>Buy milk <button>Delete</button></li></ul>',
    );
    const button = page.locator('button');
    await revealByHover(button, 2_000);
    expect(await button.isVisible()).toBe(true);
    await page.close();
  });

  it('gives up after the timeout on an ancestor without a box', async () => {
    // The DOM calls an empty element visible, and Playwright waits for it to get a size.
    const page = await browser.newPage();
    await page.setContent(
      '<div style="width: 0; height: 0; overflow: hidden"><button hidden>Copy</button></div>',
    );
    await expect(revealByHover(page.locator('button'), 500)).rejects.toThrow(/500ms/);
    await page.close();
  });
});
