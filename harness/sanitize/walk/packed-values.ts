import {
  decode as decodeMessagePack,
  encode as encodeMessagePack,
  ExtData,
  ExtensionCodec,
} from '@msgpack/msgpack';
import { decode as decodeCbor, encode as encodeCbor, Tagged, type TagDecoder } from 'cborg';
import type { DataVisitor } from './data-visitor.js';

const CARD_DIGITS = /^\d{12,19}$/;
/**
 * Deepest nesting that is walked. Deeper documents are read as plain bytes instead, because
 * the walk recurses and the MessagePack encoder rejects more than 100 levels.
 */
const MAX_NESTING = 64;

/** Thrown when a document nests deeper than {@link MAX_NESTING}. */
class TooDeepError extends Error {}

/**
 * Walks a decoded MessagePack or CBOR value and replaces what the visitor changes: strings
 * (map keys included, since a map keyed by e-mail address is common), byte strings, and whole
 * numbers with as many digits as a payment card. Maps, arrays, CBOR tags and MessagePack
 * extensions are walked in place, and `changed` becomes true once anything is replaced.
 */
class ValueRewriter {
  changed = false;

  constructor(private readonly visitor: DataVisitor) {}

  rewrite(value: unknown, depth = 0): unknown {
    if (depth > MAX_NESTING) {
      throw new TooDeepError();
    }
    if (typeof value === 'string') {
      return this.track(value, this.visitor.text(value, false));
    }
    if (typeof value === 'number') {
      return this.rewriteNumber(value);
    }
    if (typeof value === 'bigint') {
      const digits = value.toString();
      if (!CARD_DIGITS.test(digits)) {
        return value;
      }
      const replaced = this.visitor.digits(digits);
      return replaced === digits ? value : this.track(value, toWholeNumber(replaced, true));
    }
    if (value instanceof Uint8Array) {
      return this.track(value, this.visitor.bytes(value));
    }
    if (Array.isArray(value)) {
      for (let index = 0; index < value.length; index++) {
        value[index] = this.rewrite(value[index], depth + 1);
      }
      return value;
    }
    if (value instanceof Map) {
      return this.rewriteMap(value, depth);
    }
    if (value instanceof Tagged) {
      value.value = this.rewrite(value.value, depth + 1);
      return value;
    }
    if (value instanceof ExtData) {
      // Only the application can read an extension's bytes, so they are scanned as bytes
      // and keep their length.
      if (!(value.data instanceof Uint8Array)) {
        return value;
      }
      const data = this.visitor.bytes(value.data);
      return data === value.data ? value : this.track(value, new ExtData(value.type, data));
    }
    if (isPlainObject(value)) {
      return this.rewriteObject(value, depth);
    }
    return value;
  }

  private rewriteNumber(value: number): unknown {
    if (!Number.isSafeInteger(value) || value < 0) {
      return value;
    }
    const digits = String(value);
    if (!CARD_DIGITS.test(digits)) {
      return value;
    }
    const replaced = this.visitor.digits(digits);
    return replaced === digits ? value : this.track(value, toWholeNumber(replaced, false));
  }

  private rewriteMap(map: Map<unknown, unknown>, depth: number): Map<unknown, unknown> {
    const entries = [...map].map(
      ([key, child]) => [this.rewrite(key, depth + 1), this.rewrite(child, depth + 1)] as const,
    );
    map.clear();
    for (const [key, child] of entries) {
      map.set(key, child);
    }
    return map;
  }

  private rewriteObject(record: Record<string, unknown>, depth: number): Record<string, unknown> {
    const keys = Object.keys(record);
    const renamed = keys.map((key) => this.track(key, this.visitor.text(key, false)) as string);
    if (renamed.every((key, index) => key === keys[index])) {
      for (const key of keys) {
        record[key] = this.rewrite(record[key], depth + 1);
      }
      return record;
    }
    // A renamed key needs a new object to keep the order of the keys.
    const result: Record<string, unknown> = {};
    keys.forEach((key, index) => {
      result[renamed[index]!] = this.rewrite(record[key], depth + 1);
    });
    return result;
  }

  private track(before: unknown, after: unknown): unknown {
    if (after !== before) {
      this.changed = true;
    }
    return after;
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) {
    return false;
  }
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

/** Turns replacement digits back into a number; a masked digit (`X`) becomes 0. */
function toWholeNumber(digits: string, big: boolean): number | bigint {
  const cleaned = digits.replace(/\D/g, '0') || '0';
  return big ? BigInt(cleaned) : Number(cleaned);
}

/**
 * Rewrites a MessagePack document with the visitor's replacements. Returns the same array
 * when nothing changed, and undefined when the bytes are not one MessagePack value or nest
 * too deep. A changed document is encoded again: values stay the same, but integers and
 * floats may take another width, integer map keys become strings, and repeated keys one key.
 */
export function rewriteMessagePack(
  bytes: Uint8Array,
  visitor: DataVisitor,
): Uint8Array | undefined {
  let value: unknown;
  try {
    // 64-bit integers as BigInt, so a card number beyond 2^53 keeps its digits.
    value = decodeMessagePack(bytes, { useBigInt64: true, extensionCodec: KEEP_EXTENSIONS });
  } catch {
    return undefined;
  }
  return rewriteDecoded(bytes, value, visitor, (result) =>
    encodeMessagePack(result, { useBigInt64: true, extensionCodec: KEEP_EXTENSIONS }),
  );
}

/**
 * Keeps MessagePack's timestamp extension as raw bytes. Decoded to a `Date`, it would lose
 * its nanoseconds when the document is encoded again.
 */
const KEEP_EXTENSIONS = new ExtensionCodec();
KEEP_EXTENSIONS.register({
  type: -1,
  encode: () => null,
  decode: (data) => new ExtData(-1, data),
});

/**
 * Walks a decoded document and encodes it again when the visitor changed something. Returns
 * `bytes` when nothing changed, and undefined for a document nested too deep to walk.
 */
function rewriteDecoded(
  bytes: Uint8Array,
  value: unknown,
  visitor: DataVisitor,
  encode: (value: unknown) => Uint8Array,
): Uint8Array | undefined {
  const rewriter = new ValueRewriter(visitor);
  let result: unknown;
  try {
    result = rewriter.rewrite(value);
  } catch (error) {
    if (error instanceof TooDeepError) {
      return undefined;
    }
    throw error;
  }
  return rewriter.changed ? encode(result) : bytes;
}

/** Keeps every CBOR tag as a `Tagged` value, so a tag the walker does not know survives. */
const PRESERVE_TAGS = new Proxy({} as Record<number, TagDecoder>, {
  get: (_target, property) =>
    typeof property === 'string' && /^\d+$/.test(property)
      ? Tagged.decoder(Number(property))
      : undefined,
});

/**
 * Rewrites a CBOR document like {@link rewriteMessagePack}. Maps keep their key types and
 * order, and every tag is kept.
 */
export function rewriteCbor(bytes: Uint8Array, visitor: DataVisitor): Uint8Array | undefined {
  let value: unknown;
  try {
    value = decodeCbor(bytes, {
      useMaps: true,
      tags: PRESERVE_TAGS,
      allowUndefined: true,
      allowBigInt: true,
      allowInfinity: true,
      allowNaN: true,
    });
  } catch {
    return undefined;
  }
  // cborg sorts map keys by default; a comparator that finds every pair equal keeps their order.
  return rewriteDecoded(bytes, value, visitor, (result) =>
    encodeCbor(result, { mapSorter: () => 0 }),
  );
}
