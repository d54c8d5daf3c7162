import {
  decode as decodeMessagePack,
  encode as encodeMessagePack,
  ExtData,
} from '@msgpack/msgpack';
import { decode as decodeCbor, encode as encodeCbor, Tagged, type TagDecoder } from 'cborg';
import type { DataVisitor } from './data-visitor.js';

const CARD_DIGITS = /^\d{12,19}$/;

/**
 * Walks a decoded MessagePack or CBOR value and replaces what the visitor changes: strings
 * (map keys included, since a map keyed by e-mail address is common), byte strings, and whole
 * numbers with as many digits as a payment card. Maps, arrays, CBOR tags and MessagePack
 * extensions are walked in place, and `changed` becomes true once anything is replaced.
 */
class ValueRewriter {
  changed = false;

  constructor(private readonly visitor: DataVisitor) {}

  rewrite(value: unknown): unknown {
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
        value[index] = this.rewrite(value[index]);
      }
      return value;
    }
    if (value instanceof Map) {
      return this.rewriteMap(value);
    }
    if (value instanceof Tagged) {
      value.value = this.rewrite(value.value);
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
      return this.rewriteObject(value);
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

  private rewriteMap(map: Map<unknown, unknown>): Map<unknown, unknown> {
    const entries = [...map].map(
      ([key, child]) => [this.rewrite(key), this.rewrite(child)] as const,
    );
    map.clear();
    for (const [key, child] of entries) {
      map.set(key, child);
    }
    return map;
  }

  private rewriteObject(record: Record<string, unknown>): Record<string, unknown> {
    const keys = Object.keys(record);
    const renamed = keys.map((key) => this.track(key, this.visitor.text(key, false)) as string);
    if (renamed.every((key, index) => key === keys[index])) {
      for (const key of keys) {
        record[key] = this.rewrite(record[key]);
      }
      return record;
    }
    // A renamed key needs a new object to keep the order of the keys.
    const result: Record<string, unknown> = {};
    keys.forEach((key, index) => {
      result[renamed[index]!] = this.rewrite(record[key]);
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
 * when nothing changed, and undefined when the bytes are not one MessagePack value. A changed
 * document is encoded again: values stay the same, but integers and floats may take another
 * width than the original encoder chose.
 */
export function rewriteMessagePack(
  bytes: Uint8Array,
  visitor: DataVisitor,
): Uint8Array | undefined {
  let value: unknown;
  try {
    // 64-bit integers as BigInt, so a card number beyond 2^53 keeps its digits.
    value = decodeMessagePack(bytes, { useBigInt64: true });
  } catch {
    return undefined;
  }
  const rewriter = new ValueRewriter(visitor);
  const result = rewriter.rewrite(value);
  return rewriter.changed ? encodeMessagePack(result, { useBigInt64: true }) : bytes;
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
  const rewriter = new ValueRewriter(visitor);
  const result = rewriter.rewrite(value);
  // cborg sorts map keys by default; a comparator that finds every pair equal keeps their order.
  return rewriter.changed ? encodeCbor(result, { mapSorter: () => 0 }) : bytes;
}
