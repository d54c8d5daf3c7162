import type { CapturedBody } from '../../fixture/recording.js';
import type { BodyCodec } from './types.js';

/**
 * Creates the body helpers of the network capture. Text content types (and bodies without
 * one) are stored as UTF-8 text when they decode, everything else as base64.
 *
 * The scripted recorder sends this function's source text to the page, so it must stay
 * self-contained: no imports used at run time and no references outside its body.
 */
export function createBodyCodec(maxBytes: number): BodyCodec {
  const textPattern =
    /^\s*(text\/|application\/(json|javascript|ecmascript|xml|x-www-form-urlencoded|graphql|x-ndjson)\b|[^;]*\+(json|xml)\b|multipart\/form-data)/i;

  function encode(bytes: Uint8Array, contentType: string | null, truncated: boolean): CapturedBody {
    const flag = truncated ? { truncated: true } : {};
    if (!contentType || textPattern.test(contentType)) {
      try {
        // Streaming mode drops a multi-byte character cut at the cap instead of failing on it.
        const data = new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: truncated });
        return { encoding: 'text', data, ...flag };
      } catch {
        // Not UTF-8, so it is stored as binary below.
      }
    }
    let binary = '';
    for (let offset = 0; offset < bytes.length; offset += 0x8000) {
      binary += String.fromCharCode(...bytes.subarray(offset, offset + 0x8000));
    }
    return { encoding: 'base64', data: btoa(binary), ...flag };
  }

  function encodeCapped(bytes: Uint8Array, contentType: string | null): CapturedBody | undefined {
    if (bytes.length === 0) {
      return undefined;
    }
    const truncated = bytes.length > maxBytes;
    return encode(truncated ? bytes.subarray(0, maxBytes) : bytes, contentType, truncated);
  }

  async function readStream(stream: ReadableStream<Uint8Array> | null): Promise<Uint8Array> {
    const chunks: Uint8Array[] = [];
    let size = 0;
    const reader = stream?.getReader();
    while (reader && size <= maxBytes) {
      const { done, value } = await reader.read();
      if (done) {
        break;
      }
      chunks.push(value);
      size += value.length;
    }
    if (reader && size > maxBytes) {
      // Cancelling a clone leaves the app's branch of the teed stream running.
      await reader.cancel().catch(() => undefined);
    }
    const bytes = new Uint8Array(size);
    let offset = 0;
    for (const chunk of chunks) {
      bytes.set(chunk, offset);
      offset += chunk.length;
    }
    return bytes;
  }

  return { maxBytes, encodeCapped, readStream };
}
