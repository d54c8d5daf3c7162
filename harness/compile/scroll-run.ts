import type { ActionTarget } from './plan.js';
import type { DraftStep } from './draft-step.js';
import type { Intent, ScrollPosition } from './intents.js';

interface PendingScroll {
  target: ActionTarget | 'window';
  from: ScrollPosition;
  to: ScrollPosition;
  at: number;
  pageIndex: number;
}

/**
 * Consecutive scroll events, kept per scrolled target until the next other action: only the
 * last position of each target is replayed.
 */
export class ScrollRun {
  private readonly pending = new Map<string, PendingScroll>();

  add(intent: Extract<Intent, { kind: 'scroll' }>): void {
    const earlier = this.pending.get(intent.scrollKey);
    // Re-inserting keeps the map in the order each target last moved.
    this.pending.delete(intent.scrollKey);
    this.pending.set(intent.scrollKey, {
      target: intent.target,
      from: earlier?.from ?? intent.from,
      to: intent.to,
      // The step starts with the run's first scroll event, so the checkpoint before it shows
      // the page before the scrolling, not at its second-to-last position.
      at: earlier?.at ?? intent.time,
      pageIndex: intent.pageIndex,
    });
  }

  /** Returns one scroll step per target that ended somewhere else than it started, and empties the run. */
  flush(): DraftStep[] {
    const pending = [...this.pending.values()];
    this.pending.clear();
    let previousAt = -Infinity;
    return pending
      .filter((scroll) => scroll.from.x !== scroll.to.x || scroll.from.y !== scroll.to.y)
      .map((scroll) => {
        // Steps come in the order each target last moved, and step times never go back.
        previousAt = Math.max(previousAt, scroll.at);
        return {
          action: { kind: 'scroll', target: scroll.target, x: scroll.to.x, y: scroll.to.y },
          at: previousAt,
          pageIndex: scroll.pageIndex,
          resultPage: scroll.pageIndex,
        };
      });
  }
}
