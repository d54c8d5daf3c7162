import { readdir, rm, rmdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { isVariantFileName } from './cache-entry.js';

/** Total size the render cache is pruned to after each run: 512 MiB. */
export const DEFAULT_MAX_CACHE_BYTES = 512 * 1024 * 1024;

/** Age in milliseconds after which a leftover temporary file of an interrupted write is removed. */
const STALE_TEMPORARY_MS = 60 * 60 * 1000;

interface CacheFile {
  path: string;
  folder: string;
  size: number;
  modifiedMs: number;
}

/** Files and bytes that {@link pruneRenderCache} removed and kept. */
export interface PruneResult {
  removedFiles: number;
  removedBytes: number;
  keptBytes: number;
}

/**
 * Removes the least recently used renders from the cache in `dir` until the entries take at
 * most `maxBytes`, and removes temporary files that interrupted writes left behind. A lookup
 * hit renews an entry's modification time, so entries in use stay. A missing folder is empty.
 */
export async function pruneRenderCache(
  dir: string,
  maxBytes: number = DEFAULT_MAX_CACHE_BYTES,
  now: number = Date.now(),
): Promise<PruneResult> {
  const { entries, temporary } = await listCacheFiles(dir);
  const result: PruneResult = { removedFiles: 0, removedBytes: 0, keptBytes: 0 };

  for (const file of temporary) {
    if (now - file.modifiedMs > STALE_TEMPORARY_MS) {
      await removeFile(file, result);
    }
  }

  let total = entries.reduce((sum, file) => sum + file.size, 0);
  const oldestFirst = [...entries].sort((a, b) => a.modifiedMs - b.modifiedMs);
  for (const file of oldestFirst) {
    if (total <= maxBytes) {
      break;
    }
    await removeFile(file, result);
    total -= file.size;
  }
  result.keptBytes = total;

  // A key folder left empty goes too; rmdir fails harmlessly on one that is not empty.
  const folders = new Set(entries.map((file) => file.folder));
  for (const folder of folders) {
    await rmdir(folder).catch(() => undefined);
  }
  return result;
}

async function removeFile(file: CacheFile, result: PruneResult): Promise<void> {
  await rm(file.path, { force: true });
  result.removedFiles += 1;
  result.removedBytes += file.size;
}

/**
 * Lists `<dir>/<xx>/<key>/` files: entries, and the temporary files of atomic writes. Only
 * folders named as the cache names them are entered, so a cache folder pointed at a folder
 * with other content loses none of it.
 */
async function listCacheFiles(
  dir: string,
): Promise<{ entries: CacheFile[]; temporary: CacheFile[] }> {
  const entries: CacheFile[] = [];
  const temporary: CacheFile[] = [];
  const shards = (await listFolder(dir)).filter((name) => /^[0-9a-f]{2}$/.test(name));
  for (const shard of shards) {
    const keys = (await listFolder(join(dir, shard))).filter(
      (name) => /^[0-9a-f]{64}$/.test(name) && name.startsWith(shard),
    );
    for (const key of keys) {
      const folder = join(dir, shard, key);
      for (const name of await listFolder(folder)) {
        const file = await describeFile(folder, name);
        if (file === undefined) {
          continue;
        }
        if (isVariantFileName(name)) {
          entries.push(file);
        } else if (name.startsWith('.') && name.endsWith('.tmp')) {
          temporary.push(file);
        }
      }
    }
  }
  return { entries, temporary };
}

async function listFolder(path: string): Promise<string[]> {
  try {
    return await readdir(path);
  } catch {
    return [];
  }
}

async function describeFile(folder: string, name: string): Promise<CacheFile | undefined> {
  const path = join(folder, name);
  try {
    const info = await stat(path);
    return info.isFile() ? { path, folder, size: info.size, modifiedMs: info.mtimeMs } : undefined;
  } catch {
    return undefined;
  }
}
