import { chromium, type Browser } from '@playwright/test';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { browserLaunchOptions } from '../browser/resolve-browser.js';
import { comparePixels, DEFAULT_PIXEL_THRESHOLD } from './compare-pixels.js';

function solidPng(width: number, height: number, rgb: [number, number, number]): Buffer {
  const image = new PNG({ width, height });
  for (let offset = 0; offset < image.data.length; offset += 4) {
    image.data[offset] = rgb[0];
    image.data[offset + 1] = rgb[1];
    image.data[offset + 2] = rgb[2];
    image.data[offset + 3] = 255;
  }
  return PNG.sync.write(image);
}

function paintRect(png: Buffer, x: number, y: number, size: number, rgb: [number, number, number]) {
  const image = PNG.sync.read(png);
  for (let row = y; row < y + size; row += 1) {
    for (let column = x; column < x + size; column += 1) {
      const offset = (row * image.width + column) * 4;
      image.data[offset] = rgb[0];
      image.data[offset + 1] = rgb[1];
      image.data[offset + 2] = rgb[2];
    }
  }
  return PNG.sync.write(image);
}

describe('comparePixels', () => {
  test('identical bytes skip decoding', () => {
    const png = solidPng(40, 30, [255, 255, 255]);
    const { comparison, diffPng } = comparePixels(png, Buffer.from(png), { threshold: 0.1 });
    expect(comparison).toEqual({
      identicalBytes: true,
      diffPixels: 0,
      totalPixels: 1200,
      diffRatio: 0,
    });
    expect(diffPng).toBeUndefined();
  });

  test('changed square counts its pixels', () => {
    const expected = solidPng(40, 30, [255, 255, 255]);
    const actual = paintRect(expected, 10, 10, 5, [0, 0, 0]);
    const { comparison, diffPng } = comparePixels(expected, actual, { threshold: 0.1 });
    expect(comparison.identicalBytes).toBe(false);
    expect(comparison.diffPixels).toBe(25);
    expect(comparison.diffRatio).toBeCloseTo(25 / 1200, 10);
    expect(comparison.sizeMismatch).toBeUndefined();
    expect(diffPng).toBeDefined();
    const diff = PNG.sync.read(diffPng!);
    const changedOffset = (12 * 40 + 12) * 4;
    expect([...diff.data.subarray(changedOffset, changedOffset + 3)]).toEqual([255, 0, 0]);
  });

  test('equal pixels in different encodings differ in bytes only', () => {
    const expected = solidPng(20, 20, [10, 20, 30]);
    const image = PNG.sync.read(expected);
    const actual = PNG.sync.write(image, { deflateLevel: 1, filterType: 0 });
    expect(actual.equals(expected)).toBe(false);
    const { comparison, diffPng } = comparePixels(expected, actual, { threshold: 0 });
    expect(comparison.identicalBytes).toBe(false);
    expect(comparison.diffPixels).toBe(0);
    expect(diffPng).toBeUndefined();
  });

  test('size mismatch counts padding as differing', () => {
    const expected = solidPng(40, 30, [255, 255, 255]);
    const actual = solidPng(40, 35, [255, 255, 255]);
    const { comparison, diffPng } = comparePixels(expected, actual, { threshold: 0.1 });
    expect(comparison.totalPixels).toBe(40 * 35);
    expect(comparison.diffPixels).toBe(40 * 5);
    expect(comparison.sizeMismatch).toEqual({
      expected: { width: 40, height: 30 },
      actual: { width: 40, height: 35 },
    });
    const diff = PNG.sync.read(diffPng!);
    expect(diff.width).toBe(40);
    expect(diff.height).toBe(35);
  });

  test('size mismatch on both axes counts the corner', () => {
    const expected = solidPng(50, 10, [255, 255, 255]);
    const actual = solidPng(40, 20, [255, 255, 255]);
    const { comparison } = comparePixels(expected, actual, { threshold: 0.1 });
    expect(comparison.totalPixels).toBe(50 * 20);
    expect(comparison.diffPixels).toBe(50 * 20 - 40 * 10);
  });

  test('invalid PNG names the side', () => {
    const png = solidPng(4, 4, [0, 0, 0]);
    expect(() => comparePixels(png, Buffer.from('not a png'), { threshold: 0.1 })).toThrow(
      /actual screenshot is not a valid PNG/,
    );
  });
});

describe('DEFAULT_PIXEL_THRESHOLD', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await chromium.launch(browserLaunchOptions());
  });

  afterAll(async () => {
    await browser.close();
  });

  async function renderText(color: string): Promise<Buffer> {
    const page = await browser.newPage({ viewport: { width: 320, height: 80 } });
    try {
      await page.setContent(
        `<body style="margin:8px;background:#fff;font:14px sans-serif;color:${color}">` +
          '<p>What needs to be done?</p><label>Clear completed</label></body>',
      );
      return await page.screenshot();
    } finally {
      await page.close();
    }
  }

  test('text colour #4d4d4d to #555 is caught', async () => {
    const before = await renderText('#4d4d4d');
    const after = await renderText('#555');
    const atDefault = comparePixels(before, after, { threshold: DEFAULT_PIXEL_THRESHOLD });
    const atPixelmatchDefault = comparePixels(before, after, { threshold: 0.1 });
    expect(atDefault.comparison.diffPixels).toBeGreaterThan(0);
    expect(atPixelmatchDefault.comparison.diffPixels).toBe(0);
  });

  test('same text renders to identical bytes', async () => {
    const first = await renderText('#4d4d4d');
    const second = await renderText('#4d4d4d');
    const { comparison } = comparePixels(first, second, { threshold: DEFAULT_PIXEL_THRESHOLD });
    expect(comparison.identicalBytes).toBe(true);
  });
});
