import { readdir, readFile, rm, stat, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../../shared/atomic-write.js';
import { createAssetChecker } from './check-assets.js';
import {
  isVariantFileName,
  parseEntry,
  serializeEntry,
  variantFileName,
  type CacheEntry,
} from './cache-entry.js';

/**
 * Renders kept per key, one per set of app assets. A few let a cache shared by branches keep
 * each branch's build without evicting the other's on every run.
 */
export const MAX_VARIANTS_PER_KEY = 4;

/** Cached renders of recordings, on disk, checked against the app under test before use. */
export interface RenderCache {
  /**
   * Returns the stored render of `key` whose app assets the app still serves unchanged, newest
   * first, or undefined. Unreadable, damaged and partial entries count as misses.
   */
  lookup(key: string): Promise<CacheEntry | undefined>;
  /**
   * Stores a render atomically, then drops the oldest variants beyond
   * {@link MAX_VARIANTS_PER_KEY}. A failed write is reported once and otherwise ignored.
   */
  store(entry: CacheEntry): Promise<void>;
}

/** Folder of one key's variants: `<dir>/<first two hex digits>/<key>`. */
export function keyFolder(dir: string, key: string): string {
  return join(dir, key.slice(0, 2), key);
}

/**
 * Opens the render cache in `dir` for one session against `appOrigin`. Returns undefined when
 * the app is not served on `http://127.0.0.1`, because a cached render is only used after its
 * assets were fetched again from the app, and nothing is fetched from another host.
 */
export function openRenderCache(options: {
  dir: string;
  appOrigin: string;
  fetchAsset?: typeof fetch;
}): RenderCache | undefined {
  const checker = createAssetChecker(options.appOrigin, options.fetchAsset);
  if (checker === undefined) {
    noteOnce(
      `The render cache is off for ${options.appOrigin}: a cached render is checked against the app's assets, which are fetched only from http://127.0.0.1. Serve the app there (for example with --serve) to reuse renders, or pass --no-render-cache to hide this note.`,
    );
    return undefined;
  }
  return {
    async lookup(key) {
      const folder = keyFolder(options.dir, key);
      for (const file of await variantsNewestFirst(folder)) {
        const entry = await readEntry(join(folder, file.name), key);
        if (entry !== undefined && (await checker.matches(entry.assets))) {
          // The modification time orders entries for pruning, least recently used first.
          const now = new Date();
          await utimes(join(folder, file.name), now, now).catch(() => undefined);
          return entry;
        }
      }
      return undefined;
    },
    async store(entry) {
      const folder = keyFolder(options.dir, entry.key);
      try {
        await writeFileAtomic(join(folder, variantFileName(entry.assets)), serializeEntry(entry));
        const stale = (await variantsNewestFirst(folder)).slice(MAX_VARIANTS_PER_KEY);
        await Promise.all(stale.map((file) => rm(join(folder, file.name), { force: true })));
      } catch (error) {
        warnOnce(`Could not write to the render cache in ${options.dir}: ${String(error)}`);
      }
    },
  };
}

async function readEntry(path: string, key: string): Promise<CacheEntry | undefined> {
  try {
    return parseEntry(await readFile(path, 'utf8'), key);
  } catch {
    return undefined;
  }
}

/** Lists the variant files of a key folder, newest first; an unreadable folder has none. */
async function variantsNewestFirst(
  folder: string,
): Promise<Array<{ name: string; modifiedMs: number }>> {
  let names: string[];
  try {
    names = (await readdir(folder)).filter(isVariantFileName);
  } catch {
    return [];
  }
  const files = await Promise.all(
    names.map(async (name) => {
      try {
        return { name, modifiedMs: (await stat(join(folder, name))).mtimeMs };
      } catch {
        return undefined;
      }
    }),
  );
  return files.filter((file) => file !== undefined).sort((a, b) => b.modifiedMs - a.modifiedMs);
}

let noted = false;

function noteOnce(message: string): void {
  if (!noted) {
    noted = true;
    process.stderr.write(`[replaygate] ${message}\n`);
  }
}

let warned = false;

function warnOnce(message: string): void {
  if (!warned) {
    warned = true;
    process.stderr.write(`[replaygate] ${message} Later write failures are not reported.\n`);
  }
}
