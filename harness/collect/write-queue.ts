/**
 * Runs asynchronous tasks with at most `concurrency` at once and at most `maxQueued` waiting.
 * A task offered to a full queue is not taken, so the caller can respond with 429 instead of
 * letting work pile up in memory.
 */
export class WriteQueue {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(
    private readonly concurrency: number,
    private readonly maxQueued: number,
  ) {}

  /** Tasks waiting for a slot. */
  get queued(): number {
    return this.waiting.length;
  }

  /** Tasks running now. */
  get active(): number {
    return this.running;
  }

  /** Runs `task` when a slot is free, or returns undefined when the queue is full. */
  tryRun<T>(task: () => Promise<T>): Promise<T> | undefined {
    if (this.running >= this.concurrency && this.waiting.length >= this.maxQueued) {
      return undefined;
    }
    return this.whenSlotFree().then(async () => {
      try {
        return await task();
      } finally {
        this.running -= 1;
        this.waiting.shift()?.();
      }
    });
  }

  private whenSlotFree(): Promise<void> {
    if (this.running < this.concurrency) {
      this.running += 1;
      return Promise.resolve();
    }
    // The finishing task hands its slot over, so `running` stays counted.
    return new Promise((resolveSlot) => {
      this.waiting.push(() => {
        this.running += 1;
        resolveSlot();
      });
    });
  }
}
