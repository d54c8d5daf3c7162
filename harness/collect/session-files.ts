import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzip } from 'node:zlib';
import { promisify } from 'node:util';
import { SESSION_ID_PATTERN } from './batch-schema.js';

const gunzipAsync = promisify(gunzip);

/** Folder under the store that contains one folder per session. */
export const SESSIONS_FOLDER = 'sessions';

/** File in each session folder that summarizes its batches for `sessions list`. */
export const SUMMARY_FILE = 'summary.json';

/** Digits of the zero-padded sequence number in batch file names, so `ls` sorts them. */
const SEQ_DIGITS = 10;

const BATCH_FILE_PATTERN = /^(\d{10})\.json(\.gz)?$/;

/** One stored batch file. */
export interface BatchFile {
  seq: number;
  path: string;
  /** True when the file contains the gzip bytes exactly as uploaded. */
  gzip: boolean;
}

/** Returns the folder of one session's batches. */
export function sessionFolder(store: string, sessionId: string): string {
  return join(store, SESSIONS_FOLDER, sessionId);
}

/** Returns the file name of a batch: `0000000042.json`, or `.json.gz` for gzip uploads. */
export function batchFileName(seq: number, gzip: boolean): string {
  return `${String(seq).padStart(SEQ_DIGITS, '0')}.json${gzip ? '.gz' : ''}`;
}

/** Lists the session ids that have a folder in the store, sorted. */
export async function listSessionIds(store: string): Promise<string[]> {
  const entries = await readdir(join(store, SESSIONS_FOLDER), { withFileTypes: true }).catch(
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') {
        return [];
      }
      throw error;
    },
  );
  return entries
    .filter((entry) => entry.isDirectory() && SESSION_ID_PATTERN.test(entry.name))
    .map((entry) => entry.name)
    .sort();
}

/**
 * Lists a session's batch files sorted by sequence number; empty when the session folder is
 * missing. Temporary files of interrupted writes are not listed.
 */
export async function listBatchFiles(store: string, sessionId: string): Promise<BatchFile[]> {
  const folder = sessionFolder(store, sessionId);
  const names = await readdir(folder).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') {
      return [];
    }
    throw error;
  });
  const bySeq = new Map<number, BatchFile>();
  for (const name of names) {
    const match = BATCH_FILE_PATTERN.exec(name);
    if (match?.[1] !== undefined) {
      const seq = Number(match[1]);
      if (!bySeq.has(seq)) {
        bySeq.set(seq, { seq, path: join(folder, name), gzip: match[2] !== undefined });
      }
    }
  }
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}

/** Reads and parses one stored batch file; the caller validates the result. */
export async function readBatchFile(file: BatchFile): Promise<unknown> {
  const bytes = await readFile(file.path);
  const text = file.gzip ? await gunzipAsync(bytes) : bytes;
  return JSON.parse(text.toString('utf8')) as unknown;
}
