import { describe, expect, it } from 'vitest';
import { fillSlots, maskRange, toChars, variableSlots } from './format-preserving.js';
import { KeyedStream } from './keyed-stream.js';

const KEY = Buffer.alloc(32, 3);

function replaceAll(value: string): string {
  const chars = toChars(value);
  fillSlots(chars, variableSlots(value), new KeyedStream(KEY, value));
  return chars.join('');
}

describe('variableSlots', () => {
  it('classifies digits and letters by case', () => {
    expect(variableSlots('a1B-').map((slot) => slot.slotClass)).toEqual([
      'lower',
      'digit',
      'upper',
    ]);
  });

  it('keeps backslash escapes and percent-encodings fixed', () => {
    const value = 'a\\nb\\u00e9c%2Fd';
    expect(variableSlots(value).map((slot) => value.charAt(slot.index))).toEqual([
      'a',
      'b',
      'c',
      'd',
    ]);
  });

  it('replaces non-ASCII letters', () => {
    expect(variableSlots('Jürgen')).toHaveLength(6);
  });
});

describe('fillSlots', () => {
  it('keeps length, classes and separators', () => {
    const value = 'Ab3-x_9.Z\\n%20';
    const replaced = replaceAll(value);
    expect(replaced).toHaveLength(value.length);
    const head = replaced.slice(0, 9);
    expect(head.replace(/[a-z]/g, 'a').replace(/[A-Z]/g, 'A').replace(/\d/g, '0')).toBe(
      'Aa0-a_0.A',
    );
    expect(replaced.slice(9)).toBe('\\n%20');
    expect(head).not.toBe(value.slice(0, 9));
  });

  it('is deterministic per key and label', () => {
    expect(replaceAll('secret-value-42')).toBe(replaceAll('secret-value-42'));
  });
});

describe('maskRange', () => {
  it('masks digits with X and letters with *', () => {
    expect(maskRange('ab-12', 0)).toBe('**-XX');
  });

  it('leaves characters outside the range', () => {
    expect(maskRange('sk_live_ab12', 8)).toBe('sk_live_**XX');
  });
});
