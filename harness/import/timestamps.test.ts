import { describe, expect, test } from 'vitest';
import { UsageError } from '../shared/errors.js';
import { normalizeTimestamps, repairOutliers, sortByTime } from './timestamps.js';
import type { SourceEvent } from './types.js';

const MS = 1_796_404_110_000;

function events(...timestamps: number[]): SourceEvent[] {
  return timestamps.map(
    (timestamp) => ({ type: 3, timestamp, data: { source: 1, positions: [] } }) as SourceEvent,
  );
}

function times(list: SourceEvent[]): number[] {
  return list.map((event) => event.timestamp);
}

describe('normalizeTimestamps', () => {
  test('converts seconds among milliseconds', () => {
    const list = events(MS, (MS + 1_500) / 1000, MS + 2_000.6);

    expect(normalizeTimestamps('s.json', list)).toBe(1);
    expect(times(list)).toEqual([MS, MS + 1_500, MS + 2_001]);
  });

  test('keeps a stream of small milliseconds as it is', () => {
    const list = events(0, 10, 155);

    expect(normalizeTimestamps('hover.json', list)).toBe(0);
    expect(times(list)).toEqual([0, 10, 155]);
  });

  test('rejects a value that fits neither unit', () => {
    const list = events(MS, 12_345, MS + 10);

    expect(() => normalizeTimestamps('mixed.json', list)).toThrow(UsageError);
    expect(() => normalizeTimestamps('mixed.json', events(MS, 12_345))).toThrow(
      'mixed.json: event 1 has timestamp 12345, which is neither milliseconds nor seconds',
    );
  });
});

describe('repairOutliers', () => {
  test('gives a far outlier the previous time', () => {
    const list = events(1_000, 2_000, 19_000_000_000, 3_000, 4_000);

    expect(repairOutliers(list)).toBe(1);
    expect(times(list)).toEqual([1_000, 2_000, 2_000, 3_000, 4_000]);
  });

  test('keeps small disorder and long pauses', () => {
    const list = events(1_000, 2_000, 1_990, 10_000_000, 10_000_100);

    expect(repairOutliers(list)).toBe(0);
    expect(times(list)).toEqual([1_000, 2_000, 1_990, 10_000_000, 10_000_100]);
  });
});

describe('sortByTime', () => {
  test('keeps source order among equal times', () => {
    const list = events(5, 3, 5, 1);
    const [first, second, third, fourth] = list;

    expect(sortByTime(list)).toEqual([fourth, second, first, third]);
  });
});
