import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { recordingsDir } from './paths.js';

/** A recording document as plain JSON, for building broken fixtures. */
export type RecordingJson = Record<string, unknown> & {
  meta: Record<string, unknown>;
  events: Array<{ type: number } & Record<string, unknown>>;
};

/** Reads a committed demo recording as plain JSON. */
export async function readDemoRecording(session: string): Promise<RecordingJson> {
  const bytes = await readFile(join(recordingsDir, `${session}.replay.json.gz`));
  return JSON.parse(gunzipSync(bytes).toString('utf8')) as RecordingJson;
}

/** Writes `document` gzip-compressed, as recordings are stored. */
export async function writeGzipJson(file: string, document: unknown): Promise<void> {
  await writeFile(file, gzipSync(JSON.stringify(document)));
}
