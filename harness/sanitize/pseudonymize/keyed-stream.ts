import { createHash, type Hash } from 'node:crypto';

/** Block size of SHA-256 in bytes, which HMAC pads the key to. */
const SHA256_BLOCK_BYTES = 64;

/** The key XORed with HMAC's inner and outer pads (RFC 2104). */
interface KeyPads {
  inner: Buffer;
  outer: Buffer;
}

const padsByKey = new WeakMap<Buffer, KeyPads>();

function keyPads(key: Buffer): KeyPads {
  let pads = padsByKey.get(key);
  if (pads === undefined) {
    const block = Buffer.alloc(SHA256_BLOCK_BYTES);
    (key.length > SHA256_BLOCK_BYTES ? createHash('sha256').update(key).digest() : key).copy(block);
    pads = { inner: Buffer.alloc(SHA256_BLOCK_BYTES), outer: Buffer.alloc(SHA256_BLOCK_BYTES) };
    for (let index = 0; index < SHA256_BLOCK_BYTES; index++) {
      pads.inner[index] = (block[index] ?? 0) ^ 0x36;
      pads.outer[index] = (block[index] ?? 0) ^ 0x5c;
    }
    padsByKey.set(key, pads);
  }
  return pads;
}

/**
 * A deterministic stream of pseudo-random integers: HMAC-SHA256 of the key over the label
 * and a block counter. The same key and label always give the same stream, and without the
 * key the stream cannot be predicted or traced back to the label.
 *
 * The HMAC is computed from its definition rather than with `createHmac`, so the inner hash
 * of the key and the label is computed once and copied for each block. With `createHmac`,
 * every 32 bytes of a long value hashed the whole value again, which made a pseudonym
 * quadratic in the value's length.
 */
export class KeyedStream {
  private block: Buffer = Buffer.alloc(0);
  private offset = 0;
  private counter = 0;
  private innerPrefix: Hash | undefined;

  constructor(
    private readonly key: Buffer,
    private readonly label: string,
  ) {}

  /** Returns an integer in `[0, bound)`; the modulo bias is below 2^-32 × bound. */
  nextInt(bound: number): number {
    if (this.offset + 4 > this.block.length) {
      this.refill();
    }
    const value = this.block.readUInt32BE(this.offset);
    this.offset += 4;
    return value % bound;
  }

  private refill(): void {
    const pads = keyPads(this.key);
    this.innerPrefix ??= createHash('sha256')
      .update(pads.inner)
      .update(this.label)
      .update('\u0000');
    const inner = this.innerPrefix.copy().update(String(this.counter)).digest();
    this.block = createHash('sha256').update(pads.outer).update(inner).digest();
    this.counter += 1;
    this.offset = 0;
  }
}

/** Creates the stream for one value of one detector; `attempt` gives further candidates. */
export function streamFor(key: Buffer, detector: string, value: string, attempt = 0): KeyedStream {
  return new KeyedStream(key, `${detector}\u0000${attempt}\u0000${value}`);
}
