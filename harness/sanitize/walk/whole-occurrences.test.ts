import { describe, expect, it } from 'vitest';
import { replaceWholeOccurrences } from './whole-occurrences.js';

describe('replaceWholeOccurrences', () => {
  it.each([
    ['Results for ann.lo (3)', 'Results for qjh.ez (3)'],
    ['Results for ann.lo.', 'Results for qjh.ez.'],
    ['{"q":"ann.lo"}', '{"q":"qjh.ez"}'],
    ['ann.lo: no results', 'qjh.ez: no results'],
    ['/keys/ann.lo/rotate', '/keys/qjh.ez/rotate'],
    ['mailto:ann.lo', 'mailto:qjh.ez'],
    ['x-access-token:ann.lo', 'x-access-token:qjh.ez'],
  ])('replaces the value in %s', (text, expected) => {
    expect(replaceWholeOccurrences(text, 'ann.lo', 'qjh.ez').text).toBe(expected);
  });

  it.each([
    ['inside a longer address', 'Mail ann.lowe@quill.net', 'ann.lo'],
    ['inside a longer word', 'xann.lo and ann.lo9', 'ann.lo'],
    ['before a URL path', 'import("https://cdn.example.com/app.js")', 'https:'],
    ['as a JSON key', '{"ann.lo" : 1}', 'ann.lo'],
    ['before a percent escape', '?q=ann.lo%40quill', 'ann.lo'],
  ])('keeps the value %s', (_case, text, value) => {
    expect(replaceWholeOccurrences(text, value, 'zzzzzz').places).toBe(0);
  });
});
