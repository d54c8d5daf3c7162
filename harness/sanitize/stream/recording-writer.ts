import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { createGzip } from 'node:zlib';

const GZIP_LEVEL = 2;

/** Size of the buffers that collect UTF-8 text before it goes to gzip in one write. */
const CHUNK_BYTES = 1 << 18;
/** Maximum UTF-8 bytes per UTF-16 code unit: a lone surrogate becomes 3 bytes of U+FFFD. */
const MAX_BYTES_PER_UNIT = 3;
const COMMA = 0x2c;

/**
 * Writes a recording document piece by piece as gzip-compressed JSON, so a recording larger
 * than memory can be written one event at a time. Top-level keys come out in the order
 * they are written. The caller writes to a temporary path and renames it when complete.
 *
 * Each piece is encoded to UTF-8 into a buffer as soon as it is appended. So the JSON text
 * of an element becomes garbage at once instead of staying in the heap until the next write
 * to gzip.
 */
export class RecordingWriter {
  /** Filled buffers waiting for the next {@link flush}. */
  private sealed: Buffer[] = [];
  private chunk = Buffer.allocUnsafe(CHUNK_BYTES);
  private used = 0;
  private needsComma = false;
  private elementCount = 0;
  private readonly gzip: Writable;
  private readonly file: Writable;
  private readonly done: Promise<void>;

  constructor(path: string) {
    // Gzip is a large share of the time to sanitize a big recording. On a generated 50 MB
    // recording, level 2 took 0.13 CPU seconds against 0.19 at level 3 and 0.39 at level 5,
    // for 5.40 MB against 4.85 and 4.41. The demo's recordings grow by 3 % at most.
    const gzip = createGzip({ level: GZIP_LEVEL });
    const file = createWriteStream(path);
    gzip.pipe(file);
    gzip.on('error', (error) => file.destroy(error));
    this.gzip = gzip;
    this.file = file;
    this.done = finished(file);
    // The promise is awaited in close(); this handler keeps an early failure from being unhandled.
    this.done.catch(() => undefined);
    this.append('{');
  }

  /** Writes a top-level key and its whole value. */
  async field(key: string, value: unknown): Promise<void> {
    if (this.appendField(key, value)) {
      await this.flush();
    }
  }

  /** Buffers a top-level key and its value without waiting; see {@link appendElement}. */
  appendField(key: string, value: unknown): boolean {
    this.append(`${this.needsComma ? ',' : ''}${JSON.stringify(key)}:${JSON.stringify(value)}`);
    this.needsComma = true;
    return this.sealed.length > 0;
  }

  /** Opens a top-level array; elements follow with {@link element}. */
  startArray(key: string): void {
    this.append(`${this.needsComma ? ',' : ''}${JSON.stringify(key)}:[`);
    this.needsComma = true;
    this.elementCount = 0;
  }

  /** Writes one element of the open array. */
  async element(value: unknown): Promise<void> {
    if (this.appendElement(value)) {
      await this.flush();
    }
  }

  /**
   * Buffers one element of the open array without waiting. Returns true when a buffer is
   * full, and then the caller must await {@link flush} before it appends more.
   */
  appendElement(value: unknown): boolean {
    if (this.elementCount > 0) {
      this.appendComma();
    }
    this.elementCount += 1;
    this.append(JSON.stringify(value));
    return this.sealed.length > 0;
  }

  /**
   * Buffers one element of the open array as JSON bytes that are already valid UTF-8, such
   * as an element read from the input that needs no change. Returns true when a buffer is
   * full, as {@link appendElement} does.
   */
  appendRaw(bytes: Buffer): boolean {
    if (this.elementCount > 0) {
      this.appendComma();
    }
    this.elementCount += 1;
    if (this.used + bytes.length > CHUNK_BYTES) {
      this.seal();
      if (bytes.length > CHUNK_BYTES) {
        // A copy, so that gzip keeps no view into the buffer the element was read from.
        this.sealed.push(Buffer.from(bytes));
        return true;
      }
    }
    this.used += bytes.copy(this.chunk, this.used);
    return this.sealed.length > 0;
  }

  endArray(): void {
    this.append(']');
  }

  /** Closes the document and waits until every byte is on disk. */
  async close(): Promise<void> {
    this.append('}');
    this.seal();
    await this.flush();
    this.gzip.end();
    await this.done;
  }

  /** Stops writing after an error; the caller removes the partial file. */
  async abort(): Promise<void> {
    this.gzip.destroy();
    // Destroying gzip does not end the file stream it pipes into, so `done` would never
    // settle, for example when nothing was flushed yet.
    this.file.destroy();
    await this.done.catch(() => undefined);
  }

  /** Hands the filled buffers to gzip and waits while gzip's buffer is full. */
  async flush(): Promise<void> {
    const buffers = this.sealed;
    this.sealed = [];
    let ready = true;
    for (const buffer of buffers) {
      ready = this.gzip.write(buffer);
    }
    if (!ready) {
      await Promise.race([once(this.gzip, 'drain'), this.done]);
    }
  }

  /** Encodes text into the current buffer, or into a buffer of its own when it is large. */
  private append(text: string): void {
    const maxBytes = text.length * MAX_BYTES_PER_UNIT;
    if (this.used + maxBytes > CHUNK_BYTES) {
      this.seal();
      if (maxBytes > CHUNK_BYTES) {
        this.sealed.push(Buffer.from(text, 'utf8'));
        return;
      }
    }
    this.used += this.chunk.write(text, this.used, 'utf8');
  }

  private appendComma(): void {
    if (this.used === CHUNK_BYTES) {
      this.seal();
    }
    this.chunk[this.used++] = COMMA;
  }

  private seal(): void {
    if (this.used === 0) {
      return;
    }
    // gzip may still read a buffer after write() returns, so each one is written only once.
    this.sealed.push(this.chunk.subarray(0, this.used));
    this.chunk = Buffer.allocUnsafe(CHUNK_BYTES);
    this.used = 0;
  }
}
