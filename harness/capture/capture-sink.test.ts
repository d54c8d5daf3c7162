import { describe, expect, it } from 'vitest';
import { CaptureSink } from './capture-sink.js';

function batch(documentId: string, sequence: number, events: unknown[], exchanges: unknown[] = []) {
  return { documentId, sequence, events, exchanges };
}

describe('CaptureSink', () => {
  it('orders events by timestamp, then arrival', () => {
    const sink = new CaptureSink();
    sink.receive(
      batch('a', 0, [
        { type: 4, timestamp: 20, data: { n: 1 } },
        { type: 2, timestamp: 20, data: { n: 2 } },
      ]),
    );
    sink.receive(batch('b', 0, [{ type: 3, timestamp: 10, data: { n: 3 } }]));
    expect(sink.orderedEvents().map((event) => (event.data as { n: number }).n)).toEqual([3, 1, 2]);
  });

  it('numbers exchanges in start order', () => {
    const sink = new CaptureSink();
    sink.receive(
      batch(
        'a',
        0,
        [],
        [
          { startedAt: 30, pageUrl: 'late' },
          { startedAt: 5, pageUrl: 'early' },
        ],
      ),
    );
    expect(sink.orderedExchanges()).toMatchObject([
      { id: 0, pageUrl: 'early' },
      { id: 1, pageUrl: 'late' },
    ]);
  });

  it('counts batches per document', () => {
    const sink = new CaptureSink();
    sink.receive(batch('a', 0, []));
    sink.receive(batch('a', 1, []));
    sink.receive(batch('a', 1, []));
    expect(sink.receivedBatches('a')).toBe(2);
    expect(sink.receivedBatches('b')).toBe(0);
  });

  it('keeps the first copy of a batch sent twice', () => {
    const sink = new CaptureSink();
    sink.receive(batch('a', 0, [{ type: 2, timestamp: 1, data: {} }]));
    sink.receive(batch('a', 1, [{ type: 5, timestamp: 2, data: { copy: 1 } }]));
    sink.receiveBeacon(batch('a', 1, [{ type: 5, timestamp: 2, data: { copy: 2 } }]));
    expect(sink.orderedEvents().map((event) => event.data)).toEqual([{}, { copy: 1 }]);
  });

  it('accepts beacons only from known documents', () => {
    const sink = new CaptureSink();
    sink.receive(batch('a', 0, []));
    sink.receiveBeacon(batch('a', 1, [{ type: 3, timestamp: 1, data: {} }]));
    sink.receiveBeacon(batch('popup', 0, [{ type: 3, timestamp: 2, data: {} }]));
    expect(sink.orderedEvents()).toHaveLength(1);
  });

  it('ignores batches after stop', () => {
    const sink = new CaptureSink();
    sink.stop();
    sink.receive(batch('a', 0, [{ type: 2, timestamp: 1, data: {} }]));
    expect(sink.orderedEvents()).toEqual([]);
  });

  it('ignores values that are not batches', () => {
    const sink = new CaptureSink();
    sink.receive({ documentId: 'a', events: 'nope' });
    sink.receive(null);
    expect(sink.receivedBatches('a')).toBe(0);
  });
});
