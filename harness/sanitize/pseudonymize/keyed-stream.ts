import { createHmac } from 'node:crypto';

/**
 * A deterministic stream of pseudo-random integers: HMAC-SHA256 of the key over the label
 * and a block counter. The same key and label always give the same stream, and without the
 * key the stream cannot be predicted or traced back to the label.
 */
export class KeyedStream {
  private block: Buffer = Buffer.alloc(0);
  private offset = 0;
  private counter = 0;

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
    this.block = createHmac('sha256', this.key)
      .update(this.label)
      .update('\u0000')
      .update(String(this.counter))
      .digest();
    this.counter += 1;
    this.offset = 0;
  }
}

/** Creates the stream for one value of one detector; `attempt` gives further candidates. */
export function streamFor(key: Buffer, detector: string, value: string, attempt = 0): KeyedStream {
  return new KeyedStream(key, `${detector}\u0000${attempt}\u0000${value}`);
}
