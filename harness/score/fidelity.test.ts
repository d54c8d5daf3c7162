import { describe, expect, test } from 'vitest';
import type { DomComparison, PixelComparison } from '../result/types.js';
import { checkpointFidelity, sessionFidelity } from './fidelity.js';

function pixels(diffRatio: number): PixelComparison {
  return { identicalBytes: false, diffPixels: diffRatio * 1000, totalPixels: 1000, diffRatio };
}

function dom(similarity: number): DomComparison {
  return { similarity, changes: [], omittedChanges: 0 };
}

describe('checkpointFidelity', () => {
  test('nothing compared is 1', () => {
    expect(checkpointFidelity()).toBe(1);
  });

  test('pixels only is one minus ratio', () => {
    expect(checkpointFidelity(pixels(0.25))).toBe(0.75);
  });

  test('lower of pixels and DOM wins', () => {
    expect(checkpointFidelity(pixels(0.1), dom(0.5))).toBe(0.5);
    expect(checkpointFidelity(pixels(0.6), dom(0.9))).toBe(0.4);
  });

  test('DOM only is its similarity', () => {
    expect(checkpointFidelity(undefined, dom(0.97))).toBe(0.97);
  });
});

describe('sessionFidelity', () => {
  test('no compared checkpoint is null', () => {
    expect(sessionFidelity([])).toBeNull();
    expect(sessionFidelity([{ fidelity: 1 }])).toBeNull();
  });

  test('lowest compared checkpoint wins', () => {
    expect(
      sessionFidelity([
        { fidelity: 0.9, pixels: pixels(0.1) },
        { fidelity: 0.2 },
        { fidelity: 0.7, dom: dom(0.7) },
      ]),
    ).toBe(0.7);
  });
});
