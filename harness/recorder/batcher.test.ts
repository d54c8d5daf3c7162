import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Batcher } from './batcher.js';

function item(bytes: number): string {
  return JSON.stringify('x'.repeat(bytes - 2));
}

describe('Batcher', () => {
  let sealed: Array<{ events: string[]; exchanges: string[] }>;
  let batcher: Batcher;

  beforeEach(() => {
    vi.useFakeTimers();
    sealed = [];
    batcher = new Batcher({
      maxBytes: 100,
      intervalMs: 5_000,
      onSeal: (events, exchanges) => sealed.push({ events, exchanges }),
    });
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('seals after the interval', () => {
    batcher.addEvent(item(10));
    vi.advanceTimersByTime(4_999);
    expect(sealed).toHaveLength(0);
    vi.advanceTimersByTime(1);
    expect(sealed).toHaveLength(1);
    expect(sealed[0]!.events).toEqual([item(10)]);
  });

  it('starts the interval at the first item', () => {
    batcher.addEvent(item(10));
    vi.advanceTimersByTime(3_000);
    batcher.addExchange(item(10));
    vi.advanceTimersByTime(2_000);
    expect(sealed).toEqual([{ events: [item(10)], exchanges: [item(10)] }]);
  });

  it('seals before an item that would exceed the size', () => {
    batcher.addEvent(item(40));
    batcher.addEvent(item(40));
    batcher.addEvent(item(40));
    expect(sealed).toHaveLength(1);
    expect(sealed[0]!.events).toHaveLength(2);
    expect(batcher.size).toBe(1);
  });

  it('gives an oversized item its own batch', () => {
    batcher.addEvent(item(10));
    batcher.addEvent(item(500));
    expect(sealed.map((batch) => batch.events.length)).toEqual([1, 1]);
    expect(batcher.size).toBe(0);
  });

  it('seals nothing when empty', () => {
    batcher.seal();
    vi.advanceTimersByTime(10_000);
    expect(sealed).toHaveLength(0);
  });
});
