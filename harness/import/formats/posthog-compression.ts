import { EventType, IncrementalSource } from '@rrweb/types';
import { gunzipSync } from 'node:zlib';
import { isRecord } from '../check-events.js';
import { inputError } from '../input-error.js';

/** The `cv` mark posthog-js writes on events whose bulky fields it gzipped. */
export const POSTHOG_COMPRESSION_VERSION = '2024-10';

const MUTATION_FIELDS = ['adds', 'removes', 'texts', 'attributes'];
const STYLE_SHEET_FIELDS = ['adds', 'removes'];
const EXPORT_AGAIN = 'Export the recording from PostHog again';

/**
 * Restores an event that posthog-js compressed (`cv: "2024-10"`): a full snapshot's whole
 * `data`, and a mutation's or style sheet rule's lists, are gzipped JSON stored as one
 * character per byte. Other values pass through unchanged, without the `cv` mark.
 *
 * @throws UsageError on an unknown `cv` or data that does not decompress.
 */
export function decompressPosthogEvent(file: string, value: unknown, where: string): unknown {
  if (!isRecord(value) || !('cv' in value)) {
    return value;
  }
  const { cv, ...event } = value;
  if (cv !== POSTHOG_COMPRESSION_VERSION) {
    throw inputError(
      file,
      `${where} uses PostHog compression ${JSON.stringify(cv)}, but this reader supports only "${POSTHOG_COMPRESSION_VERSION}"`,
      'Upgrade replaygate, or export the recording uncompressed',
    );
  }
  const unzip = (field: unknown) =>
    typeof field === 'string' ? decodeCompressedJson(file, field, where) : field;
  if (event.type === EventType.FullSnapshot) {
    event.data = unzip(event.data);
  } else if (event.type === EventType.IncrementalSnapshot && isRecord(event.data)) {
    const data = { ...event.data };
    const source = data.source;
    const fields =
      source === IncrementalSource.Mutation
        ? MUTATION_FIELDS
        : source === IncrementalSource.StyleSheetRule
          ? STYLE_SHEET_FIELDS
          : [];
    for (const field of fields) {
      data[field] = unzip(data[field]);
    }
    event.data = data;
  }
  return event;
}

/**
 * Decodes gzipped JSON stored in a string: either one character per byte, as posthog-js and
 * fflate's `strFromU8(bytes, true)` write it, or base64 (`gzip-base64` in older PostHog data).
 * The JSON text inside may be UTF-8 or UTF-16LE, which older PostHog ingestion wrote.
 *
 * @throws UsageError when the string is neither form or the data is corrupt.
 */
export function decodeCompressedJson(file: string, text: string, where: string): unknown {
  let bytes: Buffer;
  if (text.startsWith('\x1f\x8b')) {
    bytes = Buffer.from(text, 'latin1');
  } else if (text.startsWith('H4sI')) {
    bytes = Buffer.from(text, 'base64');
  } else {
    throw inputError(
      file,
      `${where} contains a string that is neither gzip data nor base64 gzip data`,
      EXPORT_AGAIN,
    );
  }
  let inflated: Buffer;
  try {
    inflated = gunzipSync(bytes);
  } catch (error) {
    throw inputError(
      file,
      `${where} contains invalid gzip data (${(error as Error).message})`,
      EXPORT_AGAIN,
    );
  }
  try {
    return JSON.parse(decodeJsonBytes(inflated));
  } catch (error) {
    throw inputError(
      file,
      `${where} decompresses to invalid JSON (${(error as Error).message})`,
      EXPORT_AGAIN,
    );
  }
}

/** JSON starts with an ASCII character, so a zero second byte means UTF-16LE. */
function decodeJsonBytes(bytes: Buffer): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    return bytes.subarray(2).toString('utf16le');
  }
  if (bytes.length >= 2 && bytes[1] === 0 && bytes[0] !== 0) {
    return bytes.toString('utf16le');
  }
  return bytes.toString('utf8').replace(/^\uFEFF/, '');
}
