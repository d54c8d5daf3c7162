import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { writeFileAtomic } from '../../shared/atomic-write.js';
import type { RecorderBatch } from '../batch.js';
import { batchFileName, sessionFolder } from '../session-files.js';

/** Writes a batch file into a store as the collector does, without a summary. */
export async function writeBatchFile(
  store: string,
  batch: RecorderBatch,
  gzip = false,
): Promise<string> {
  const path = join(sessionFolder(store, batch.sessionId), batchFileName(batch.seq, gzip));
  const json = JSON.stringify(batch);
  await writeFileAtomic(path, gzip ? gzipSync(json) : json);
  return path;
}
