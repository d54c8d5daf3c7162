import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Returns the replaygate checkout this module belongs to. The lookup walks up because the
 * compiled module sits under `dist/`, one folder deeper than its source.
 */
export function projectRoot(): string {
  let folder = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(folder, 'package.json');
    if (
      existsSync(manifest) &&
      (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'replaygate'
    ) {
      return folder;
    }
    const parent = dirname(folder);
    if (parent === folder) {
      throw new Error(`No replaygate package.json above ${fileURLToPath(import.meta.url)}.`);
    }
    folder = parent;
  }
}

/** Returns the installed folder of an npm package, found through its package.json. */
export function packageFolder(name: string): string {
  return dirname(
    createRequire(join(projectRoot(), 'package.json')).resolve(`${name}/package.json`),
  );
}
