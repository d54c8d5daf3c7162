import type { IncomingMessage } from 'node:http';
import { gunzip } from 'node:zlib';

/** Reason an upload body could not be read, with its HTTP status. */
export interface BodyProblem {
  status: 400 | 413;
  message: string;
}

/** A request body as sent and as decoded. */
export interface UploadBody {
  /** The bytes as sent, gzip-compressed when `gzip` is true. */
  raw: Buffer;
  /** The decoded JSON text bytes. */
  decoded: Buffer;
  gzip: boolean;
}

/**
 * Reads a request body of at most `maxBodyBytes` and gunzips it into at most
 * `maxDecodedBytes`. Stops reading as soon as a limit is exceeded, so an oversized upload
 * costs no more memory than the limit.
 */
export async function readUploadBody(
  request: IncomingMessage,
  options: { gzip: boolean; maxBodyBytes: number; maxDecodedBytes: number },
): Promise<{ ok: true; body: UploadBody } | ({ ok: false } & BodyProblem)> {
  const raw = await readLimited(request, options.maxBodyBytes);
  if (raw === undefined) {
    return {
      ok: false,
      status: 413,
      message: `the request body exceeds the limit of ${options.maxBodyBytes} bytes. Send smaller batches.`,
    };
  }
  if (!options.gzip) {
    if (raw.length > options.maxDecodedBytes) {
      return {
        ok: false,
        status: 413,
        message: `the request body exceeds the limit of ${options.maxDecodedBytes} decoded bytes. Send smaller batches.`,
      };
    }
    return { ok: true, body: { raw, decoded: raw, gzip: false } };
  }
  return decodeGzip(raw, options.maxDecodedBytes);
}

async function decodeGzip(
  raw: Buffer,
  maxDecodedBytes: number,
): Promise<{ ok: true; body: UploadBody } | ({ ok: false } & BodyProblem)> {
  try {
    const decoded = await new Promise<Buffer>((resolveDecode, rejectDecode) => {
      gunzip(raw, { maxOutputLength: maxDecodedBytes }, (error, result) =>
        error ? rejectDecode(error) : resolveDecode(result),
      );
    });
    return { ok: true, body: { raw, decoded, gzip: true } };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      return {
        ok: false,
        status: 413,
        message: `the body decompresses to more than the limit of ${maxDecodedBytes} bytes. Send smaller batches.`,
      };
    }
    return {
      ok: false,
      status: 400,
      message: `the body is not valid gzip data (${(error as Error).message}). Send gzip data with Content-Encoding: gzip, or omit that header.`,
    };
  }
}

/** Reads the whole body, or returns undefined once it grows past `maxBytes`. */
function readLimited(request: IncomingMessage, maxBytes: number): Promise<Buffer | undefined> {
  return new Promise((resolveRead, rejectRead) => {
    const chunks: Buffer[] = [];
    let length = 0;
    const onData = (chunk: Buffer) => {
      length += chunk.length;
      if (length > maxBytes) {
        request.off('data', onData);
        // The rest is drained and dropped so the 413 can still be sent on this connection.
        request.resume();
        resolveRead(undefined);
        return;
      }
      chunks.push(chunk);
    };
    request.on('data', onData);
    request.once('end', () => resolveRead(Buffer.concat(chunks, length)));
    request.once('error', rejectRead);
    // A client that disconnects mid-body ends the request without 'end'; settling here lets
    // the handler finish. The promise ignores this call when 'end' came first.
    request.once('close', () => rejectRead(new Error('the client closed the connection')));
  });
}
