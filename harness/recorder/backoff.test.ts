import { describe, expect, it } from 'vitest';
import { parseRetryAfter, retryDelay } from './backoff.js';

describe('retryDelay', () => {
  it('doubles the ceiling per attempt', () => {
    const ceilings = [0, 1, 2, 3].map((attempt) => retryDelay(attempt, 1_000, 60_000, () => 1));
    expect(ceilings).toEqual([1_000, 2_000, 4_000, 8_000]);
  });

  it('waits at least half the ceiling', () => {
    expect(retryDelay(2, 1_000, 60_000, () => 0)).toBe(2_000);
  });

  it('draws jitter between half and all of the ceiling', () => {
    expect(retryDelay(1, 1_000, 60_000, () => 0.5)).toBe(1_500);
  });

  it('stops growing at the maximum', () => {
    expect(retryDelay(30, 1_000, 60_000, () => 1)).toBe(60_000);
    expect(retryDelay(30, 1_000, 60_000, () => 0)).toBe(30_000);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-03-01T12:00:00Z');

  it('reads delay seconds', () => {
    expect(parseRetryAfter('30', now)).toBe(30_000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
  });

  it('reads an HTTP date', () => {
    expect(parseRetryAfter('Sun, 01 Mar 2026 12:00:45 GMT', now)).toBe(45_000);
  });

  it('clamps a past date to zero', () => {
    expect(parseRetryAfter('Sun, 01 Mar 2026 11:00:00 GMT', now)).toBe(0);
  });

  it('rejects missing and invalid values', () => {
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('-5', now)).toBeUndefined();
  });
});
