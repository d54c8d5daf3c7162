import { describe, expect, it } from 'vitest';
import { JsonSplitter, JsonStructureError, type SplitPart } from './json-splitter.js';

const STREAMED = new Set(['events', 'network']);

function split(text: string, chunkSize = text.length): SplitPart[] {
  const bytes = Buffer.from(text, 'utf8');
  const splitter = new JsonSplitter(STREAMED);
  const parts: SplitPart[] = [];
  for (let offset = 0; offset < bytes.length; offset += chunkSize) {
    parts.push(...splitter.push(bytes.subarray(offset, offset + chunkSize)));
  }
  parts.push(...splitter.end());
  return parts;
}

/** Reassembles the document from its parts, to compare with `JSON.parse` of the whole text. */
function reassemble(parts: SplitPart[]): unknown {
  const document: Record<string, unknown> = {};
  for (const part of parts) {
    if (part.kind === 'field') {
      document[part.key] = JSON.parse(part.raw.toString('utf8'));
    } else if (part.kind === 'array-start') {
      document[part.key] = [];
    } else if (part.kind === 'element') {
      (document[part.key] as unknown[]).push(JSON.parse(part.raw.toString('utf8')));
    }
  }
  return document;
}

function structureError(text: string, chunkSize?: number): JsonStructureError {
  try {
    split(text, chunkSize);
  } catch (error) {
    if (error instanceof JsonStructureError) {
      return error;
    }
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(text)} to be rejected`);
}

const DOCUMENT = JSON.stringify({
  format: 'replaygate.recording',
  version: 1,
  meta: { name: 'a "quoted" \\ name', url: 'http://127.0.0.1/' },
  events: [
    { type: 2, data: { node: { text: 'brace } and bracket ] in "a string"' } }, timestamp: 1 },
    { type: 3, data: { texts: [{ value: 'ends with a backslash \\' }] }, timestamp: 2 },
    { type: 5, data: { tag: 'unicode ünïcödé 🎉', payload: [1, [2, [3]], {}] }, timestamp: 3 },
  ],
  network: [],
  flag: true,
  nothing: null,
  count: -12.5e3,
});

describe('JsonSplitter', () => {
  it('splits a document into fields and array elements', () => {
    const parts = split(DOCUMENT);
    expect(parts.map((part) => `${part.kind}:${part.key}`)).toEqual([
      'field:format',
      'field:version',
      'field:meta',
      'array-start:events',
      'element:events',
      'element:events',
      'element:events',
      'array-end:events',
      'array-start:network',
      'array-end:network',
      'field:flag',
      'field:nothing',
      'field:count',
    ]);
    expect(reassemble(parts)).toEqual(JSON.parse(DOCUMENT));
  });

  it('gives the same parts for every chunk size', () => {
    const expected = reassemble(split(DOCUMENT));
    for (const chunkSize of [1, 2, 3, 5, 7, 13, 64]) {
      expect(reassemble(split(DOCUMENT, chunkSize)), `chunk size ${chunkSize}`).toEqual(expected);
    }
  });

  it('handles escaped quotes and backslash runs across chunk ends', () => {
    const text = JSON.stringify({ events: [{ a: 'x\\\\\\"y\\\\' }, { b: '\\"' }] });
    for (let chunkSize = 1; chunkSize <= text.length; chunkSize++) {
      expect(reassemble(split(text, chunkSize)), `chunk size ${chunkSize}`).toEqual(
        JSON.parse(text),
      );
    }
  });

  it('reports byte offsets of elements', () => {
    const text = '{"events":[ {"a":1} , {"b":2} ]}';
    const elements = split(text).filter((part) => part.kind === 'element');
    expect(elements.map((part) => (part.kind === 'element' ? part.offset : -1))).toEqual([12, 22]);
  });

  it('accepts whitespace and a byte-order mark', () => {
    const text = '\uFEFF {\n  "events" : [ ] ,\n  "version" : 1\n}\n';
    expect(reassemble(split(text, 3))).toEqual({ events: [], version: 1 });
  });

  it('rejects an unmatched closing brace with its offset', () => {
    const text = '{"events":[{"a":1}}],"network":[]}';
    const error = structureError(text);
    expect(error.message).toContain('unmatched closing brace');
    expect(error.offset).toBe(text.indexOf('}}') + 1);
  });

  it('finds the unmatched brace at any chunk size', () => {
    const text = '{"meta":{"a":[1,2}]}';
    for (const chunkSize of [1, 4, 100]) {
      const error = structureError(text, chunkSize);
      expect(error.message).toContain('unmatched closing brace');
      expect(error.offset).toBe(text.indexOf('}'));
    }
  });

  it('rejects data after the end of the object', () => {
    const text = '{"version":1}}';
    const error = structureError(text);
    expect(error.message).toContain('unmatched closing brace after the end');
    expect(error.offset).toBe(13);
  });

  it('rejects a document that ends early', () => {
    expect(structureError('{"events":[{"a":1}').message).toContain('ends early');
    expect(structureError('').message).toContain('no JSON object');
  });

  it('rejects a missing comma between elements', () => {
    const error = structureError('{"events":[{"a":1} {"b":2}]}');
    expect(error.message).toContain('expected "," or "]" after element 0 of "events"');
    expect(error.offset).toBe(19);
  });

  it('rejects a document that is not an object', () => {
    expect(structureError('[1,2]').message).toContain('expected "{"');
  });
});
