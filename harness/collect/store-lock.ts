import { randomBytes } from 'node:crypto';
import { link, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { UsageError } from '../shared/errors.js';

/** Lock file that marks a store as owned by one running collector. */
export const LOCK_FILE = 'collector.lock';

/** A held store lock. */
export interface StoreLock {
  release(): Promise<void>;
}

/** Lock files this process holds, to tell its own locks from stale ones with a reused process id. */
const heldLocks = new Set<string>();

interface LockContent {
  pid: number;
  host: string;
  startedAt: string;
}

/**
 * Takes the store's lock, so two collectors never write the same store. A lock left on this
 * machine by a process that no longer runs (after `kill -9` or a crash) is taken over. A lock
 * from another machine (a shared file system) is never taken over, because its process cannot
 * be checked from here.
 *
 * @throws UsageError when the store is a file or a running process holds the lock.
 */
export async function lockStore(store: string): Promise<StoreLock> {
  await mkdir(store, { recursive: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'EEXIST' || error.code === 'ENOTDIR') {
      throw new UsageError(
        `The store ${store} is a file, not a folder. Pass a folder for the collected batches with --store.`,
      );
    }
    throw error;
  });
  const path = join(resolve(store), LOCK_FILE);
  const content: LockContent = {
    pid: process.pid,
    host: hostname(),
    startedAt: new Date().toISOString(),
  };
  if (!(await createLockFile(path, content))) {
    const holder = await readLock(path);
    if (holder !== undefined && holder.host !== content.host) {
      throw new UsageError(
        `The store ${store} is locked by the collector with process id ${holder.pid} on ${holder.host} (lock file ${path}). Stop that collector, or delete the lock file if it no longer runs.`,
      );
    }
    if (holder !== undefined && isHeld(holder.pid, path)) {
      throw new UsageError(
        `The store ${store} is in use by the collector with process id ${holder.pid} on ${holder.host} (lock file ${path}). Stop that collector, or pass another --store.`,
      );
    }
    // NOTE: two collectors that take over the same stale lock at the same moment can both
    // remove it before either creates its own. Start collectors on one store one at a time.
    await rm(path, { force: true });
    if (!(await createLockFile(path, content))) {
      throw new UsageError(
        `Another collector took the lock ${path} while this one started. Stop it, or pass another --store.`,
      );
    }
  }
  heldLocks.add(path);
  return {
    release: async () => {
      if (!heldLocks.delete(path)) {
        return;
      }
      const holder = await readLock(path);
      if (holder?.pid === process.pid) {
        await rm(path, { force: true });
      }
    },
  };
}

/**
 * Creates the lock file with its content in one step: the content goes to a temporary file
 * that is then hard-linked to the lock path, which fails when the lock exists. Returns false
 * when the lock exists.
 */
async function createLockFile(path: string, content: LockContent): Promise<boolean> {
  const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  await writeFile(temporary, `${JSON.stringify(content)}\n`);
  try {
    await link(temporary, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      return false;
    }
    throw error;
  } finally {
    await rm(temporary, { force: true });
  }
}

async function readLock(path: string): Promise<LockContent | undefined> {
  try {
    const parsed = JSON.parse(await readFile(path, 'utf8')) as Partial<LockContent>;
    return typeof parsed.pid === 'number' && Number.isInteger(parsed.pid)
      ? {
          pid: parsed.pid,
          host: String(parsed.host ?? 'unknown host'),
          startedAt: String(parsed.startedAt),
        }
      : undefined;
  } catch {
    return undefined;
  }
}

/** Tells whether the process that wrote a lock on this machine still runs and holds it. */
function isHeld(pid: number, path: string): boolean {
  if (pid === process.pid) {
    // The id of a killed collector can be reused by this process.
    return heldLocks.has(path);
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
