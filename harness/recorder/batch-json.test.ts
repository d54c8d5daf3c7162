import { describe, expect, it } from 'vitest';
import { composeBatchJson, withSentAt } from './batch-json.js';

describe('composeBatchJson', () => {
  it('builds a batch from serialized items', () => {
    const json = composeBatchJson(
      { sessionId: 'abcdefgh12', seq: 4, tags: ['beta'] },
      ['{"type":3,"data":{},"timestamp":1}', '{"type":3,"data":{},"timestamp":2}'],
      ['{"id":0}'],
    );
    expect(JSON.parse(withSentAt(json, 99))).toEqual({
      sentAt: 99,
      format: 'replaygate.batch',
      version: 1,
      sessionId: 'abcdefgh12',
      seq: 4,
      tags: ['beta'],
      events: [
        { type: 3, data: {}, timestamp: 1 },
        { type: 3, data: {}, timestamp: 2 },
      ],
      network: [{ id: 0 }],
    });
  });

  it('leaves out absent meta and drop counts', () => {
    const batch = JSON.parse(
      composeBatchJson({ sessionId: 'abcdefgh12', seq: 0 }, [], []),
    ) as object;
    expect(Object.keys(batch)).toEqual([
      'format',
      'version',
      'sessionId',
      'seq',
      'events',
      'network',
    ]);
  });
});
