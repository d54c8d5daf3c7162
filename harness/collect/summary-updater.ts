import { reconcileSession, writeSummaryFile } from './session-index.js';
import { mergeSummary, type SessionSummary } from './session-summary.js';

/** Session summaries kept in memory; the least recently updated are dropped beyond this. */
const MAX_CACHED_SUMMARIES = 1000;

/**
 * Keeps each session's `summary.json` up to date as batches are stored. Updates of one
 * session run one at a time, and batches that arrive during an update are merged into the
 * next one, so a busy session costs one summary write at a time.
 */
export class SummaryUpdater {
  private readonly cache = new Map<string, SessionSummary>();
  private readonly pending = new Map<string, Map<number, SessionSummary>>();
  private readonly running = new Map<string, Promise<void>>();

  constructor(
    private readonly store: string,
    private readonly logError: (line: string) => void,
  ) {}

  /**
   * Queues the summary of a stored batch. `folderCreated` is true when storing it created the
   * session folder, so a cached summary of a pruned session with the same id is dropped.
   */
  add(batch: SessionSummary, folderCreated: boolean): void {
    const sessionId = batch.sessionId;
    if (folderCreated) {
      this.cache.delete(sessionId);
    }
    const waiting = this.pending.get(sessionId) ?? new Map<number, SessionSummary>();
    waiting.set(batch.seqs[0] ?? 0, batch);
    this.pending.set(sessionId, waiting);
    if (!this.running.has(sessionId)) {
      const run = this.drain(sessionId).finally(() => this.running.delete(sessionId));
      this.running.set(sessionId, run);
    }
  }

  /** Resolves once every queued update is written. */
  async flush(): Promise<void> {
    while (this.running.size > 0) {
      await Promise.all(this.running.values());
    }
  }

  private async drain(sessionId: string): Promise<void> {
    for (let batches = this.take(sessionId); batches; batches = this.take(sessionId)) {
      try {
        await this.update(sessionId, batches);
      } catch (error) {
        // The batch files are stored, so the next reconcile rebuilds what this update missed.
        this.cache.delete(sessionId);
        this.logError(
          `Updating the summary of session ${sessionId} failed: ${(error as Error).message}. It is rebuilt from the batch files on the next start or list.`,
        );
      }
    }
  }

  private take(sessionId: string): Map<number, SessionSummary> | undefined {
    const batches = this.pending.get(sessionId);
    this.pending.delete(sessionId);
    return batches;
  }

  private async update(sessionId: string, batches: Map<number, SessionSummary>): Promise<void> {
    let summary = this.cache.get(sessionId);
    if (summary === undefined) {
      summary = await reconcileSession(this.store, sessionId, { known: batches, write: false });
    } else {
      for (const batch of batches.values()) {
        summary = mergeSummary(summary, batch);
      }
    }
    if (summary === undefined) {
      return;
    }
    await writeSummaryFile(this.store, summary);
    this.cache.delete(sessionId);
    this.cache.set(sessionId, summary);
    if (this.cache.size > MAX_CACHED_SUMMARIES) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) {
        this.cache.delete(oldest);
      }
    }
  }
}
