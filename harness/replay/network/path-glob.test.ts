import { expect, test } from 'vitest';
import { UsageError } from '../../shared/errors.js';
import { compilePathGlob } from './path-glob.js';

test('single star stays within a segment', () => {
  const glob = compilePathGlob('/static/*.js');
  expect(glob.test('/static/app.js')).toBe(true);
  expect(glob.test('/static/nested/app.js')).toBe(false);
});

test('double star crosses segments', () => {
  const glob = compilePathGlob('/static/**');
  expect(glob.test('/static/nested/app.js')).toBe(true);
  expect(glob.test('/api/static/app.js')).toBe(false);
});

test('question mark matches one character', () => {
  const glob = compilePathGlob('/v?/items');
  expect(glob.test('/v2/items')).toBe(true);
  expect(glob.test('/v10/items')).toBe(false);
});

test('dots and brackets are literal', () => {
  const glob = compilePathGlob('/data.(1).json');
  expect(glob.test('/data.(1).json')).toBe(true);
  expect(glob.test('/dataX(1)Xjson')).toBe(false);
});

test('glob without leading slash is rejected', () => {
  expect(() => compilePathGlob('static/**')).toThrow(UsageError);
});
