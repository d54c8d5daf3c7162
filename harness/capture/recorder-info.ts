import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Name written to `meta.recorder.name`. */
export const RECORDER_NAME = 'replaygate';

/**
 * Returns the version of the installed replaygate package. The lookup walks up from this
 * module because the compiled file sits one folder deeper (under `dist/`) than the source.
 */
export function recorderVersion(): string {
  let folder = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(folder, 'package.json');
    if (existsSync(manifest)) {
      const { name, version } = JSON.parse(readFileSync(manifest, 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (name === RECORDER_NAME && version) {
        return version;
      }
    }
    const parent = dirname(folder);
    if (parent === folder) {
      return '0.0.0';
    }
    folder = parent;
  }
}
