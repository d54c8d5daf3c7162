import { describe, expect, it } from 'vitest';
import type { Finding } from '../types.js';
import { resolveOverlaps } from './scan.js';

function finding(detector: Finding['detector'], start: number, end: number): Finding {
  return { detector, start, end, value: 'x'.repeat(end - start) };
}

describe('resolveOverlaps', () => {
  it('keeps the longer of two overlapping findings', () => {
    const kept = resolveOverlaps([finding('phone', 5, 15), finding('url-secret', 0, 20)]);
    expect(kept.map((item) => item.detector)).toEqual(['url-secret']);
  });

  it('keeps the more specific detector on equal spans', () => {
    const kept = resolveOverlaps([finding('bearer-token', 7, 90), finding('jwt', 7, 90)]);
    expect(kept.map((item) => item.detector)).toEqual(['jwt']);
  });

  it('keeps a custom rule on equal spans', () => {
    const kept = resolveOverlaps([finding('email', 0, 9), finding('custom:member', 0, 9)]);
    expect(kept.map((item) => item.detector)).toEqual(['custom:member']);
  });

  it('keeps disjoint findings sorted by start', () => {
    const kept = resolveOverlaps([
      finding('ipv4', 30, 40),
      finding('email', 0, 10),
      finding('phone', 12, 20),
    ]);
    expect(kept.map((item) => item.start)).toEqual([0, 12, 30]);
  });
});
