import { describe, expect, it } from 'vitest';
import { checkBatch, MAX_NESTING_DEPTH } from './check-batch.js';
import { DEFAULT_COLLECTOR_LIMITS, type CollectorLimits } from './limits.js';
import { exchangeFor, tinyBatch } from './testing/batches.js';

const limits: CollectorLimits = { ...DEFAULT_COLLECTOR_LIMITS };

function problemOf(document: unknown, custom: Partial<CollectorLimits> = {}) {
  const result = checkBatch(document, { ...limits, ...custom });
  if (result.ok) {
    throw new Error('expected the batch to be rejected');
  }
  return result;
}

describe('checkBatch', () => {
  it('accepts a valid batch', () => {
    const result = checkBatch(tinyBatch({ tags: ['checkout'] }), limits);
    expect(result.ok).toBe(true);
  });

  it('accepts a batch without meta, name or seed', () => {
    const withoutMeta = tinyBatch({ seq: 3 });
    delete withoutMeta.meta;
    expect(checkBatch(withoutMeta, limits).ok).toBe(true);
  });

  it.each([
    ['a JSON array', [], '(root)'],
    ['a wrong format', { ...tinyBatch(), format: 'other' }, 'format'],
    ['a short session id', tinyBatch({ sessionId: 'abc' }), 'sessionId'],
    ['a session id with a slash', tinyBatch({ sessionId: '../../etc/passwd' }), 'sessionId'],
    ['a negative seq', tinyBatch({ seq: -1 }), 'seq'],
    ['a fractional seq', tinyBatch({ seq: 1.5 }), 'seq'],
    ['an unknown key', { ...tinyBatch(), extra: true }, '(root)'],
    [
      'an event without timestamp',
      tinyBatch({ events: [{ type: 3, data: {} }] as never }),
      'events[0].timestamp',
    ],
    [
      'a non-http meta url',
      tinyBatch({ meta: { ...tinyBatch().meta!, url: 'file:///etc/hosts' } }),
      'meta.url',
    ],
    [
      'an exchange with a bad initiator',
      tinyBatch({
        network: [{ ...exchangeFor('http://127.0.0.1/a', 200), initiator: 'ws' as never }],
      }),
      'network[0].initiator',
    ],
    ['an empty tag', tinyBatch({ tags: [''] }), 'tags[0]'],
  ])('rejects %s with 400', (_name, document, field) => {
    const problem = problemOf(document);
    expect(problem.status).toBe(400);
    expect(problem.field ?? '(root)').toBe(field);
    expect(problem.message).toContain(field === '(root)' ? '' : field);
  });

  it('names a newer version', () => {
    const problem = problemOf({ ...tinyBatch(), version: 2 });
    expect(problem.status).toBe(400);
    expect(problem.field).toBe('version');
    expect(problem.message).toContain('Upgrade the collector');
  });

  it('limits events per batch with 413', () => {
    const batch = tinyBatch();
    const problem = problemOf(batch, { maxEvents: batch.events.length - 1 });
    expect(problem.status).toBe(413);
    expect(problem.field).toBe('events');
    expect(problem.message).toContain(`limit of ${batch.events.length - 1}`);
  });

  it('limits exchanges per batch with 413', () => {
    const batch = tinyBatch({
      network: [exchangeFor('http://127.0.0.1/a', 200), exchangeFor('http://127.0.0.1/b', 200)],
    });
    const problem = problemOf(batch, { maxExchanges: 1 });
    expect(problem.status).toBe(413);
    expect(problem.field).toBe('network');
    expect(problem.message).toContain('2 exchanges exceed the limit of 1');
  });

  it('limits tags by count and length with 413', () => {
    expect(problemOf(tinyBatch({ tags: ['a', 'b', 'c'] }), { maxTags: 2 }).field).toBe('tags');
    const long = problemOf(tinyBatch({ tags: ['ok', 'x'.repeat(9)] }), { maxTagLength: 8 });
    expect(long.status).toBe(413);
    expect(long.field).toBe('tags[1]');
  });

  it('limits string length anywhere with 413', () => {
    const batch = tinyBatch();
    const response = batch.network[0]?.response;
    if (response?.body) {
      response.body.data = 'y'.repeat(101);
    }
    const problem = problemOf(batch, { maxStringLength: 100 });
    expect(problem.status).toBe(413);
    expect(problem.field).toBe('network[0].response.body.data');
    expect(problem.message).toContain('101 characters');
  });

  it('limits key length with 413', () => {
    const batch = tinyBatch();
    delete batch.meta;
    (batch.events[0]?.data as Record<string, unknown>)['k'.repeat(50)] = 1;
    const problem = problemOf(batch, { maxStringLength: 40 });
    expect(problem.status).toBe(413);
    expect(problem.field).toBe(`events[0].data.${'k'.repeat(50)}`);
  });

  it('limits nesting depth with 413', () => {
    let nested: unknown = {};
    for (let depth = 0; depth < MAX_NESTING_DEPTH + 5; depth += 1) {
      nested = { child: nested };
    }
    const batch = tinyBatch();
    (batch.events[0]?.data as Record<string, unknown>).nested = nested;
    const problem = problemOf(batch);
    expect(problem.status).toBe(413);
    expect(problem.message).toContain(`deeper than ${MAX_NESTING_DEPTH}`);
  });
});
