import type { BatchErrorReply } from '../collect/batch.js';

/** Compresses text as UTF-8 with gzip through the browser's `CompressionStream`. */
export async function gzip(text: string): Promise<ArrayBuffer> {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream('gzip'));
  return new Response(stream).arrayBuffer();
}

/**
 * Returns the collector's error message: `error` (and `field`) of a JSON body as the collector
 * sends them, or the body text.
 */
export async function readErrorMessage(response: Response): Promise<string> {
  let text: string;
  try {
    text = await response.text();
  } catch {
    return response.statusText;
  }
  try {
    const parsed = JSON.parse(text) as BatchErrorReply;
    if (typeof parsed.error === 'string') {
      const field = typeof parsed.field === 'string' ? ` (${parsed.field})` : '';
      return `${parsed.error}${field}`.slice(0, 300);
    }
  } catch {
    // Not JSON; the text itself is the message.
  }
  return (text || response.statusText).slice(0, 300);
}
