import { describe, expect, it } from 'vitest';
import { WriteQueue } from './write-queue.js';

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve: () => void = () => undefined;
  const promise = new Promise<void>((resolvePromise) => (resolve = resolvePromise));
  return { promise, resolve };
}

describe('WriteQueue', () => {
  it('rejects tasks beyond concurrency plus queue', async () => {
    const queue = new WriteQueue(2, 1);
    const gates = [deferred(), deferred(), deferred()];
    const taken = gates.map((gate) => queue.tryRun(() => gate.promise));
    expect(taken.every((task) => task !== undefined)).toBe(true);
    expect(queue.active).toBe(2);
    expect(queue.queued).toBe(1);
    expect(queue.tryRun(async () => undefined)).toBeUndefined();
    gates.forEach((gate) => gate.resolve());
    await Promise.all(taken);
    expect(queue.active).toBe(0);
    expect(await queue.tryRun(async () => 'free again')).toBe('free again');
  });

  it('runs at most the concurrency at once', async () => {
    const queue = new WriteQueue(2, 10);
    let running = 0;
    let peak = 0;
    const tasks = Array.from({ length: 8 }, () =>
      queue.tryRun(async () => {
        running += 1;
        peak = Math.max(peak, running);
        await new Promise((resolveWait) => setImmediate(resolveWait));
        running -= 1;
      }),
    );
    await Promise.all(tasks);
    expect(peak).toBe(2);
  });

  it('frees the slot of a failed task', async () => {
    const queue = new WriteQueue(1, 1);
    await expect(queue.tryRun(async () => Promise.reject(new Error('disk full')))).rejects.toThrow(
      'disk full',
    );
    expect(queue.active).toBe(0);
  });
});
