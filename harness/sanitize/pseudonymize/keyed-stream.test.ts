import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { KeyedStream } from './keyed-stream.js';

/** Returns the first `count` integers of the stream, computed with `createHmac`. */
function hmacStream(key: Buffer, label: string, count: number): number[] {
  const values: number[] = [];
  for (let counter = 0; values.length < count; counter++) {
    const block = createHmac('sha256', key).update(label).update('\u0000').update(String(counter));
    const digest = block.digest();
    for (let offset = 0; offset + 4 <= digest.length && values.length < count; offset += 4) {
      values.push(digest.readUInt32BE(offset));
    }
  }
  return values;
}

describe('KeyedStream', () => {
  it.each([
    ['a 32-byte key', Buffer.alloc(32, 0x5a)],
    ['a key longer than the SHA-256 block', Buffer.alloc(100, 0x17)],
    ['an empty key', Buffer.alloc(0)],
  ])('matches HMAC-SHA256 with %s', (_, key) => {
    const label = `email\u00000\u0000${'rosalind.brack@quayside-ledger.net'.repeat(40)}é`;
    const stream = new KeyedStream(key, label);
    const values = Array.from({ length: 100 }, () => stream.nextInt(2 ** 32));
    expect(values).toEqual(hmacStream(key, label, 100));
  });
});
