import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { inputError } from './input-error.js';

/** A parsed input: one JSON document, or JSON Lines with one value per non-empty line. */
export type ParsedInput =
  { kind: 'document'; value: unknown } | { kind: 'lines'; values: unknown[] };

const EXPORT_AGAIN = 'Export the session again, or fix the file by hand';

/**
 * Reads an input file and gunzips it when it starts with the gzip magic bytes, so `.json.gz`
 * exports need no manual step.
 *
 * @throws UsageError when the file is missing, a folder, empty or corrupt gzip.
 */
export async function readInputBytes(file: string): Promise<Buffer> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw inputError(file, 'file not found', 'Check the path');
    }
    if (code === 'EISDIR') {
      throw inputError(file, 'is a folder', 'Pass the exported recording files themselves');
    }
    throw inputError(
      file,
      `reading the file failed (${(error as Error).message})`,
      'Check that the file is readable',
    );
  }
  if (bytes.length === 0) {
    throw inputError(file, 'the file is empty', EXPORT_AGAIN);
  }
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) {
    return bytes;
  }
  try {
    return gunzipSync(bytes);
  } catch (error) {
    throw inputError(
      file,
      `the gzip data is corrupt or truncated (${(error as Error).message})`,
      EXPORT_AGAIN,
    );
  }
}

/** Decodes bytes as UTF-8 text without a byte order mark. */
export function decodeText(bytes: Uint8Array): string {
  return Buffer.from(bytes)
    .toString('utf8')
    .replace(/^\uFEFF/, '');
}

/**
 * Parses input text as one JSON document, or as JSON Lines when the whole text is not JSON
 * but every non-empty line is.
 *
 * @throws UsageError naming the line and column where the JSON breaks.
 */
export function parseInputText(file: string, text: string): ParsedInput {
  try {
    return { kind: 'document', value: JSON.parse(text) };
  } catch (error) {
    const lines = parseJsonLines(text);
    if (lines !== undefined) {
      return { kind: 'lines', values: lines };
    }
    const problem = `the content is not valid JSON: ${describeJsonError(error as Error, text)}`;
    throw inputError(
      file,
      problem,
      'A brace or bracket is unmatched or the file was cut short: export the session again, or fix the JSON at that position',
    );
  }
}

function parseJsonLines(text: string): unknown[] | undefined {
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  if (lines.length < 2) {
    return undefined;
  }
  const values: unknown[] = [];
  for (const line of lines) {
    try {
      values.push(JSON.parse(line));
    } catch {
      return undefined;
    }
  }
  return values;
}

/** Adds the line and column to V8's JSON error, which only gives a character position. */
export function describeJsonError(error: Error, text: string): string {
  const match = /at position (\d+)/.exec(error.message);
  if (!match || /\(line \d+/.test(error.message)) {
    return error.message;
  }
  const position = Number(match[1]);
  const before = text.slice(0, position);
  const line = before.split('\n').length;
  const column = position - before.lastIndexOf('\n');
  return `${error.message} (line ${line}, column ${column})`;
}
