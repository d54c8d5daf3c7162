import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { FixtureError } from '../../fixture/fixture-error.js';
import { importHint } from '../../fixture/import-hint.js';
import { isJsonWhitespace, OPEN_BRACKET } from './json-bytes.js';
import { JsonSplitter, JsonStructureError, type SplitPart } from './json-splitter.js';

/** Top-level keys whose arrays are read one element at a time. */
export const STREAMED_KEYS: ReadonlySet<string> = new Set(['events', 'network']);

const READ_CHUNK_BYTES = 1 << 20;
const RECORD_HINT = 'Re-record the session, or fix the file';

/**
 * Reads a recording file (gzip-compressed or plain JSON) as a stream of top-level fields and
 * array elements, still as raw JSON bytes. It yields the pieces completed by each read chunk
 * together, so a consumer pays for one asynchronous step per chunk rather than per element.
 * Only one read chunk and the pieces it completes are in memory at a time.
 *
 * @throws FixtureError when the file cannot be read, the gzip data is corrupt, or the JSON
 *   structure is broken; the message gives the byte offset in the decompressed JSON.
 */
export async function* readSplitPartBatches(file: string): AsyncGenerator<SplitPart[]> {
  const gzip = await detectGzip(file);
  const source: Readable = createReadStream(file, { highWaterMark: READ_CHUNK_BYTES });
  const stream = gzip ? source.pipe(createGunzip({ chunkSize: READ_CHUNK_BYTES })) : source;
  if (gzip) {
    source.on('error', (error) => stream.destroy(error));
  }
  const splitter = new JsonSplitter(STREAMED_KEYS);
  let started = false;
  try {
    for await (const chunk of stream) {
      started ||= checkDocumentStart(file, chunk as Buffer);
      const parts = splitter.push(chunk as Buffer);
      if (parts.length > 0) {
        yield parts;
      }
    }
    const last = splitter.end();
    if (last.length > 0) {
      yield last;
    }
  } catch (error) {
    throw describeReadError(file, gzip, error);
  } finally {
    stream.destroy();
    source.destroy();
  }
}

/**
 * Looks at the first byte of the JSON text that is not whitespace. Returns false while the
 * chunk holds only whitespace, so the next chunk is checked too.
 *
 * @throws FixtureError when the document is an array: rrweb's own examples save a session as
 *   a bare array of events, which `replaygate import` converts into a recording.
 */
function checkDocumentStart(file: string, chunk: Buffer): boolean {
  const index = chunk.findIndex((byte) => !isJsonWhitespace(byte));
  if (index < 0) {
    return false;
  }
  if (chunk[index] === OPEN_BRACKET) {
    throw new FixtureError(
      file,
      'is a JSON array, such as an rrweb event array, not a replaygate recording. ' +
        importHint(file),
    );
  }
  return true;
}

async function detectGzip(file: string): Promise<boolean> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new FixtureError(file, 'recording file not found. Check the path.');
    }
    throw new FixtureError(file, `reading the file failed (${(error as Error).message}).`, {
      cause: error,
    });
  }
  try {
    const { bytesRead, buffer } = await handle.read(Buffer.alloc(2), 0, 2, 0);
    if (bytesRead === 0) {
      throw new FixtureError(file, `the file is empty. ${RECORD_HINT}.`);
    }
    return bytesRead === 2 && buffer[0] === 0x1f && buffer[1] === 0x8b;
  } catch (error) {
    if (error instanceof FixtureError) {
      throw error;
    }
    const code = (error as NodeJS.ErrnoException).code;
    const message =
      code === 'EISDIR'
        ? 'is a folder, not a recording file.'
        : `reading the file failed (${(error as Error).message}).`;
    throw new FixtureError(file, message, { cause: error });
  } finally {
    await handle.close();
  }
}

function describeReadError(file: string, gzip: boolean, error: unknown): unknown {
  if (error instanceof FixtureError) {
    return error;
  }
  if (error instanceof JsonStructureError) {
    const where = gzip ? ' of the decompressed JSON' : '';
    return new FixtureError(file, `invalid JSON: ${error.message}${where}. ${RECORD_HINT}.`, {
      cause: error,
    });
  }
  const { code, message } = error as NodeJS.ErrnoException;
  if (code === 'Z_BUF_ERROR') {
    return new FixtureError(
      file,
      `the gzip data ends early, so the file is truncated. ${RECORD_HINT}.`,
      {
        cause: error,
      },
    );
  }
  if (typeof code === 'string' && code.startsWith('Z_')) {
    return new FixtureError(file, `the gzip data is corrupt (${message}). ${RECORD_HINT}.`, {
      cause: error,
    });
  }
  if (code === 'EISDIR') {
    return new FixtureError(file, 'is a folder, not a recording file.', { cause: error });
  }
  return error;
}

/**
 * Parses the raw JSON of one piece.
 *
 * @throws FixtureError naming the byte offset of the syntax error in the document.
 */
export function parsePart(file: string, part: { raw: Buffer; offset: number }): unknown {
  const text = part.raw.toString('utf8');
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const position = /at position (\d+)/.exec(message);
    const offset =
      position === null
        ? part.offset
        : part.offset + Buffer.byteLength(text.slice(0, Number(position[1])), 'utf8');
    throw new FixtureError(
      file,
      `invalid JSON at byte offset ${offset} (${message}). ${RECORD_HINT}.`,
      { cause: error },
    );
  }
}
