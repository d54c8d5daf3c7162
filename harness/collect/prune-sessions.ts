import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { listSessionIds, sessionFolder } from './session-files.js';
import { reconcileSession } from './session-index.js';

/** Folder under the store where pruned sessions are moved before they are deleted. */
const TRASH_FOLDER = '.trash';

/** Result of {@link pruneSessions}. */
export interface PruneResult {
  /** Ids of the deleted sessions (or, with `dryRun`, of those that would be), sorted. */
  removed: string[];
  /** Sessions left in the store. */
  kept: number;
}

/**
 * Deletes the sessions that received no batch for `olderThanMs` before `now` (collector
 * clock), with their summaries. Each session folder is first renamed into `.trash`, so a
 * session is either listed whole or gone even if pruning is interrupted, and then deleted.
 * A session folder without batch files counts by its modification time. With `dryRun`,
 * nothing is deleted and the result lists what would be.
 */
export async function pruneSessions(
  storeDir: string,
  options: { olderThanMs: number; now: number; dryRun?: boolean },
): Promise<PruneResult> {
  const store = resolve(storeDir);
  const cutoff = options.now - options.olderThanMs;
  const trash = join(store, TRASH_FOLDER);
  if (!options.dryRun) {
    await emptyTrash(trash);
  }
  const removed: string[] = [];
  let kept = 0;
  for (const sessionId of await listSessionIds(store)) {
    const summary = await reconcileSession(store, sessionId, { write: false });
    const folder = sessionFolder(store, sessionId);
    const lastActivity = summary?.lastReceivedAt ?? (await stat(folder)).mtimeMs;
    if (lastActivity >= cutoff) {
      kept += 1;
      continue;
    }
    removed.push(sessionId);
    if (options.dryRun) {
      continue;
    }
    await mkdir(trash, { recursive: true });
    await rename(folder, join(trash, `${sessionId}.${randomBytes(4).toString('hex')}`));
  }
  if (!options.dryRun) {
    await emptyTrash(trash);
  }
  return { removed, kept };
}

/** Deletes what an earlier, interrupted prune left in the trash folder. */
async function emptyTrash(trash: string): Promise<void> {
  const names = await readdir(trash).catch(() => [] as string[]);
  for (const name of names) {
    await rm(join(trash, name), { recursive: true, force: true });
  }
}
