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

  it('picks what one greedy pass over every finding picks', () => {
    // A fixed linear congruential sequence, so the cases are the same on every run.
    let state = 7;
    const next = (bound: number) => {
      state = (state * 1103515245 + 12345) % 2 ** 31;
      return state % bound;
    };
    for (let round = 0; round < 200; round++) {
      const findings = Array.from({ length: 1 + next(40) }, () => {
        const start = next(200);
        return finding('email', start, start + 1 + next(20));
      });
      expect(resolveOverlaps(findings)).toEqual(greedyOverAll(findings));
    }
  });
});

/**
 * Ranks findings of one detector together, longer first, then earlier, and keeps each one
 * that overlaps none kept before it.
 */
function greedyOverAll(findings: readonly Finding[]): Finding[] {
  const ranked = [...findings].sort(
    (left, right) => right.end - right.start - (left.end - left.start) || left.start - right.start,
  );
  const kept: Finding[] = [];
  for (const candidate of ranked) {
    if (kept.every((other) => other.end <= candidate.start || candidate.end <= other.start)) {
      kept.push(candidate);
    }
  }
  return kept.sort((left, right) => left.start - right.start);
}
