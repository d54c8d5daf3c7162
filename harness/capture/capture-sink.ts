import type { eventWithTime } from '@rrweb/types';
import type { NetworkExchange } from '../fixture/recording.js';
import type { CaptureBatch } from './page-channel.js';
import type { PageExchange } from './install-network-capture.js';

interface ReceivedItem<T> {
  item: T;
  arrival: number;
}

/**
 * Node side of the recorder's transport: collects the batches that page documents send
 * and merges them into one event stream and one exchange list.
 */
export class CaptureSink {
  private readonly events: ReceivedItem<eventWithTime>[] = [];
  private readonly exchanges: ReceivedItem<PageExchange>[] = [];
  private readonly sequences = new Map<string, Set<number>>();
  private arrivals = 0;
  private stopped = false;

  /** Stores one batch from the page. Values that are not a batch are ignored. */
  receive(batch: unknown): void {
    if (this.stopped || !isCaptureBatch(batch)) {
      return;
    }
    let seen = this.sequences.get(batch.documentId);
    if (!seen) {
      seen = new Set();
      this.sequences.set(batch.documentId, seen);
    }
    // A batch can arrive twice: through the binding, as a beacon, or again from the next
    // document when the sending one left. Only the first copy counts.
    if (seen.has(batch.sequence)) {
      return;
    }
    seen.add(batch.sequence);
    for (const event of batch.events) {
      this.events.push({ item: event as eventWithTime, arrival: this.arrivals++ });
    }
    for (const exchange of batch.exchanges) {
      this.exchanges.push({ item: exchange as PageExchange, arrival: this.arrivals++ });
    }
  }

  /**
   * Stores a batch that arrived as an unload beacon. Beacons carry no page identity, so only
   * documents that already sent a batch through the recorded page's binding are accepted.
   */
  receiveBeacon(batch: unknown): void {
    if (isCaptureBatch(batch) && this.sequences.has(batch.documentId)) {
      this.receive(batch);
    }
  }

  /** Ignores every batch from now on, so the recording ends where the session ended. */
  stop(): void {
    this.stopped = true;
  }

  /** Counts the batches received from one document. */
  receivedBatches(documentId: string): number {
    return this.sequences.get(documentId)?.size ?? 0;
  }

  /** Returns every event ordered by timestamp, keeping arrival order for equal timestamps. */
  orderedEvents(): eventWithTime[] {
    return sortBy(this.events, (event) => event.timestamp);
  }

  /** Returns every exchange ordered by start time, numbered from 0 in that order. */
  orderedExchanges(): NetworkExchange[] {
    return sortBy(this.exchanges, (exchange) => exchange.startedAt).map((exchange, id) => ({
      id,
      ...exchange,
    }));
  }
}

function sortBy<T>(items: ReceivedItem<T>[], key: (item: T) => number): T[] {
  return [...items]
    .sort((left, right) => key(left.item) - key(right.item) || left.arrival - right.arrival)
    .map(({ item }) => item);
}

function isCaptureBatch(value: unknown): value is CaptureBatch {
  if (typeof value !== 'object' || value === null) {
    return false;
  }
  const batch = value as Partial<CaptureBatch>;
  return (
    typeof batch.documentId === 'string' &&
    typeof batch.sequence === 'number' &&
    Array.isArray(batch.events) &&
    Array.isArray(batch.exchanges)
  );
}
