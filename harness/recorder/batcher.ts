import { utf8Length } from './local-buffer.js';

/** Limits and output of a {@link Batcher}. */
export interface BatcherOptions {
  /** The batch is sealed once its items' JSON reaches this many bytes. */
  maxBytes: number;
  /** The batch is sealed this many milliseconds after its first item at the latest. */
  intervalMs: number;
  /** Receives the JSON of the sealed batch's events and exchanges, in the order added. */
  onSeal(events: string[], exchanges: string[]): void;
}

/**
 * Groups serialized events and exchanges into batches with a size and a time limit. An item
 * that would push a non-empty batch over `maxBytes` goes to the next batch, and an item that
 * alone exceeds `maxBytes` (a full snapshot of a large page) gets a batch of its own.
 */
export class Batcher {
  private events: string[] = [];
  private exchanges: string[] = [];
  private bytes = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly options: BatcherOptions) {}

  /** Number of items waiting in the open batch. */
  get size(): number {
    return this.events.length + this.exchanges.length;
  }

  /** Adds the JSON of one rrweb event. */
  addEvent(json: string): void {
    this.add('events', json);
  }

  /** Adds the JSON of one network exchange. */
  addExchange(json: string): void {
    this.add('exchanges', json);
  }

  /** Seals the open batch now, if it has any items. */
  seal(): void {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (this.size === 0) {
      return;
    }
    const { events, exchanges } = this;
    this.events = [];
    this.exchanges = [];
    this.bytes = 0;
    this.options.onSeal(events, exchanges);
  }

  private add(kind: 'events' | 'exchanges', json: string): void {
    // One more byte for the comma between items.
    const size = utf8Length(json) + 1;
    if (this.size > 0 && this.bytes + size > this.options.maxBytes) {
      this.seal();
    }
    // Looked up after sealing, which replaces the arrays.
    this[kind].push(json);
    this.bytes += size;
    if (this.bytes >= this.options.maxBytes) {
      this.seal();
    } else if (this.timer === undefined) {
      this.timer = setTimeout(() => this.seal(), this.options.intervalMs);
    }
  }
}
