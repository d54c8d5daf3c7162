import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { createGzip } from 'node:zlib';

const GZIP_LEVEL = 5;

/** Text collected before it is handed to gzip, so gzip gets few large writes. */
const FLUSH_CHARACTERS = 1 << 18;

/**
 * Writes a recording document piece by piece as gzip-compressed JSON, so a recording larger
 * than memory can be written one event at a time. Top-level keys come out in the order
 * they are written. The caller writes to a temporary path and renames it when complete.
 */
export class RecordingWriter {
  private buffered: string[] = [];
  private bufferedLength = 0;
  private needsComma = false;
  private elementCount = 0;
  private readonly gzip: Writable;
  private readonly done: Promise<void>;

  constructor(path: string) {
    // Level 5 output is about 10 % larger than level 6 (zlib's default) but takes half the
    // time, measured on generated recordings. Gzip is otherwise a large share of the time
    // to sanitize a big recording.
    const gzip = createGzip({ level: GZIP_LEVEL });
    const file = createWriteStream(path);
    gzip.pipe(file);
    gzip.on('error', (error) => file.destroy(error));
    this.gzip = gzip;
    this.done = finished(file);
    // The promise is awaited in close(); this handler keeps an early failure from being unhandled.
    this.done.catch(() => undefined);
    this.append('{');
  }

  /** Writes a top-level key and its whole value. */
  async field(key: string, value: unknown): Promise<void> {
    this.append(`${this.needsComma ? ',' : ''}${JSON.stringify(key)}:${JSON.stringify(value)}`);
    this.needsComma = true;
    await this.flushIfFull();
  }

  /** Opens a top-level array; elements follow with {@link element}. */
  startArray(key: string): void {
    this.append(`${this.needsComma ? ',' : ''}${JSON.stringify(key)}:[`);
    this.needsComma = true;
    this.elementCount = 0;
  }

  /** Writes one element of the open array. */
  async element(value: unknown): Promise<void> {
    this.append(`${this.elementCount > 0 ? ',' : ''}${JSON.stringify(value)}`);
    this.elementCount += 1;
    await this.flushIfFull();
  }

  endArray(): void {
    this.append(']');
  }

  /** Closes the document and waits until every byte is on disk. */
  async close(): Promise<void> {
    this.append('}');
    await this.flush();
    this.gzip.end();
    await this.done;
  }

  /** Stops writing after an error; the caller removes the partial file. */
  async abort(): Promise<void> {
    this.gzip.destroy();
    await this.done.catch(() => undefined);
  }

  private append(text: string): void {
    this.buffered.push(text);
    this.bufferedLength += text.length;
  }

  private async flushIfFull(): Promise<void> {
    if (this.bufferedLength >= FLUSH_CHARACTERS) {
      await this.flush();
    }
  }

  private async flush(): Promise<void> {
    if (this.buffered.length === 0) {
      return;
    }
    const text = this.buffered.join('');
    this.buffered = [];
    this.bufferedLength = 0;
    if (!this.gzip.write(text)) {
      await Promise.race([once(this.gzip, 'drain'), this.done]);
    }
  }
}
