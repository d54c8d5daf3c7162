import { describe, expect, test } from 'vitest';
import { exactTextRegex, toLocator } from './locator.js';

describe('exactTextRegex', () => {
  test('matches the same words with any whitespace', () => {
    const pattern = exactTextRegex('Buy milk');
    expect(pattern.test('Buy milk')).toBe(true);
    expect(pattern.test('\n   Buy \t milk  ')).toBe(true);
  });

  test('rejects longer or shorter text', () => {
    const pattern = exactTextRegex('Buy milk');
    expect(pattern.test('Buy milk now')).toBe(false);
    expect(pattern.test('Buy')).toBe(false);
    expect(pattern.test('Buymilk')).toBe(false);
  });

  test('escapes regex characters', () => {
    const pattern = exactTextRegex('Clear completed (1) $5.00 a/b');
    expect(pattern.test('Clear completed (1) $5.00 a/b')).toBe(true);
    expect(pattern.test('Clear completed 1 $5x00 a/b')).toBe(false);
  });

  test('empty text matches blank elements', () => {
    expect(exactTextRegex('').test('  \n ')).toBe(true);
    expect(exactTextRegex('').test('x')).toBe(false);
  });
});

describe('toLocator', () => {
  test('coordinates candidate throws', () => {
    const page = {} as Parameters<typeof toLocator>[0];
    expect(() =>
      toLocator(page, { strategy: 'coordinates', x: 1, y: 2, display: 'at (1, 2)' }),
    ).toThrow(TypeError);
  });
});
