import { describe, expect, it } from 'vitest';
import { TypedValues } from './typed-values.js';

/** Returns typed values with `count` other values typed before them. */
function typedValues(count: number): TypedValues {
  const typed = new TypedValues();
  typed.now = 1_000;
  for (let index = 0; index < count; index++) {
    typed.record(`other.user${index}@quillpost`, `xyzab.qrst${index}@mnopqrst`);
  }
  typed.record('ann.lowe@quil', 'qjh.ezra@kpth');
  return typed;
}

describe('TypedValues.replaceInJson', () => {
  it.each([
    ['a few values', 3],
    ['many values', 40],
  ])('replaces a string that is a typed value among %s', (_case, count) => {
    const { json, replaced } = typedValues(count).replaceInJson(
      '{"q":"ann.lowe@quil","note":"ann.lowe@quil is typing","n":"ann.lowe@quil"}',
    );
    expect(replaced).toBe(2);
    expect(json).toBe('{"q":"qjh.ezra@kpth","note":"ann.lowe@quil is typing","n":"qjh.ezra@kpth"}');
  });
});

describe('TypedValues.replacementOf', () => {
  it('matches a short value only right after its typing', () => {
    const typed = new TypedValues();
    typed.now = 1_000;
    typed.record('a', 'q');
    typed.now = 2_000;
    expect(typed.replacementOf('a', 1)).toBe('q');
    typed.now = 60_000;
    expect(typed.replacementOf('a', 1)).toBeUndefined();
    expect(typed.replacementOf('a')).toBeUndefined();
  });
});

describe('TypedValues before the typing', () => {
  it('keeps a value that appears before it was typed', () => {
    const typed = new TypedValues();
    typed.now = 5_000;
    typed.record('support@quil', 'qqxkznj@mnop');
    typed.record('support', 'qqxkznj');
    typed.now = 4_000;
    expect(typed.replacementOf('support')).toBeUndefined();
    typed.now = 6_000;
    expect(typed.replacementOf('support')).toBe('qqxkznj');
  });
});
