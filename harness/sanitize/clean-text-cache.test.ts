import { describe, expect, it } from 'vitest';
import { withCleanTextCache } from './clean-text-cache.js';
import { createTextSanitizer } from './text-sanitizer.js';
import type { TextSanitizer } from './types.js';

const KEY = Buffer.alloc(32, 7);

/** Wraps a real sanitizer, counts its scans, and optionally leaves e-mail texts unchanged. */
function countingSanitizer(leaky: boolean): TextSanitizer & { scans: number } {
  const real = createTextSanitizer({ key: KEY });
  const counting = {
    scans: 0,
    sanitize: (text: string, location: string) =>
      leaky && text.includes('@') ? text : real.sanitize(text, location),
    scan: (text: string) => {
      counting.scans += 1;
      return real.scan(text);
    },
    replaceWhole: real.replaceWhole.bind(real),
    get counts() {
      return real.counts;
    },
  };
  return counting;
}

describe('withCleanTextCache', () => {
  it('never takes an unchanged result for clean text', () => {
    const cache = withCleanTextCache(countingSanitizer(true));
    const text = 'write to ann.lee@mailbox.org';

    expect(cache.sanitize(text, 'dom.text')).toBe(text);
    expect(cache.scan(text).map((finding) => finding.detector)).toEqual(['email']);
  });

  it('skips the rescan of a clean string', () => {
    const inner = countingSanitizer(false);
    const cache = withCleanTextCache(inner);
    cache.sanitize('refund parcel voucher', 'dom.text');
    const scans = inner.scans;

    expect(cache.scan('refund parcel voucher')).toEqual([]);
    expect(inner.scans).toBe(scans);
  });

  it('keeps a long clean string until the element ends', () => {
    const inner = countingSanitizer(false);
    const cache = withCleanTextCache(inner);
    const long = 'refund parcel voucher '.repeat(100);
    cache.sanitize(long, 'dom.text');
    const scans = inner.scans;

    expect(cache.scan(long)).toEqual([]);
    expect(inner.scans).toBe(scans);
    cache.endElement();
    expect(cache.scan(long)).toEqual([]);
    expect(inner.scans).toBe(scans + 1);
  });

  it('keeps a short clean string across elements', () => {
    const inner = countingSanitizer(false);
    const cache = withCleanTextCache(inner);
    cache.sanitize('refund parcel voucher', 'dom.text');
    cache.endElement();
    const scans = inner.scans;

    expect(cache.scan('refund parcel voucher')).toEqual([]);
    expect(inner.scans).toBe(scans);
  });

  it('scans a short string again once the lasting memory has started over', () => {
    const inner = countingSanitizer(false);
    const cache = withCleanTextCache(inner, 30);
    cache.sanitize('refund parcel voucher', 'dom.text');
    // 21 and 16 characters exceed the 30 that the memory may keep.
    cache.sanitize('basket delivery.', 'dom.text');
    const scans = inner.scans;

    expect(cache.scan('basket delivery.')).toEqual([]);
    expect(inner.scans).toBe(scans);
    expect(cache.scan('refund parcel voucher')).toEqual([]);
    expect(inner.scans).toBe(scans + 1);
  });

  it('keeps short strings until the element ends when the lasting memory is off', () => {
    const inner = countingSanitizer(false);
    const cache = withCleanTextCache(inner, 0);
    cache.sanitize('refund parcel voucher', 'dom.text');
    const scans = inner.scans;

    expect(cache.scan('refund parcel voucher')).toEqual([]);
    expect(inner.scans).toBe(scans);
    cache.endElement();
    expect(cache.scan('refund parcel voucher')).toEqual([]);
    expect(inner.scans).toBe(scans + 1);
  });

  it('replaces values like the wrapped sanitizer', () => {
    const cache = withCleanTextCache(createTextSanitizer({ key: KEY }));
    const plain = createTextSanitizer({ key: KEY });
    const text = 'card 4532 0151 1283 0366 and ann.lee@mailbox.org';

    expect(cache.sanitize(text, 'dom.text')).toBe(plain.sanitize(text, 'dom.text'));
    expect(cache.counts).toEqual(plain.counts);
  });
});
