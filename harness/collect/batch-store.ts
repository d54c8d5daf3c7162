import { mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../shared/atomic-write.js';
import type { RecorderBatch } from './batch.js';
import { batchFileName, sessionFolder } from './session-files.js';
import type { WriteQueue } from './write-queue.js';

/** The outcome of {@link BatchStore.save}. */
export type SaveOutcome =
  | { status: 'stored'; bytes: number; folderCreated: boolean }
  | { status: 'duplicate' }
  | { status: 'overloaded' };

/**
 * Writes uploaded batches to `<store>/sessions/<sessionId>/<seq>.json[.gz]`. A gzip upload is
 * stored as the bytes received, so storing it costs no compression. A batch counts as a
 * duplicate when its file exists, or when an upload of the same seq is being written.
 */
export class BatchStore {
  private readonly saving = new Map<string, Promise<SaveOutcome>>();

  constructor(
    private readonly store: string,
    private readonly queue: WriteQueue,
  ) {}

  /**
   * Writes one batch unless it is stored already. Resolves once the file is renamed into
   * place, so a 2xx sent after it survives the collector being killed.
   */
  async save(batch: RecorderBatch, bytes: Buffer, gzip: boolean): Promise<SaveOutcome> {
    const key = `${batch.sessionId}/${batch.seq}`;
    // Waits for a concurrent upload of the same batch, then checks the disk again.
    for (let other = this.saving.get(key); other; other = this.saving.get(key)) {
      await other.catch(() => undefined);
    }
    // No await between the loop above and this claim, so one upload per key writes at a time.
    const claim = this.saveOnce(batch, bytes, gzip);
    this.saving.set(key, claim);
    try {
      return await claim;
    } finally {
      if (this.saving.get(key) === claim) {
        this.saving.delete(key);
      }
    }
  }

  private async saveOnce(batch: RecorderBatch, bytes: Buffer, gzip: boolean): Promise<SaveOutcome> {
    if (await this.exists(batch.sessionId, batch.seq)) {
      return { status: 'duplicate' };
    }
    const written = this.queue.tryRun(async () => {
      const folder = sessionFolder(this.store, batch.sessionId);
      const created = await mkdir(folder, { recursive: true });
      await writeFileAtomic(join(folder, batchFileName(batch.seq, gzip)), bytes);
      return created !== undefined;
    });
    if (written === undefined) {
      return { status: 'overloaded' };
    }
    return { status: 'stored', bytes: bytes.length, folderCreated: await written };
  }

  private async exists(sessionId: string, seq: number): Promise<boolean> {
    const folder = sessionFolder(this.store, sessionId);
    const found = await Promise.all(
      [false, true].map((gzip) =>
        stat(join(folder, batchFileName(seq, gzip))).then(
          () => true,
          () => false,
        ),
      ),
    );
    return found.includes(true);
  }
}
