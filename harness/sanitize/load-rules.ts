import { formatConfigFileError } from '../config/config-errors.js';
import { readConfigFile } from '../config/load-config.js';
import { parseConfigObject } from '../config/schema.js';
import { UsageError } from '../shared/errors.js';
import type { SanitizeRules } from './types.js';

/** The sanitizer rules of a run and the config file they came from. */
export interface LoadedSanitizeRules {
  /** Absolute path of the config file, or null without one. */
  configFile: string | null;
  rules: SanitizeRules | undefined;
}

/**
 * Loads the `sanitize` rules from the config file (`--config`, else `replaygate.config.ts`
 * and its siblings in `cwd`). The whole file is validated, as `replay` does, so a typo
 * elsewhere in it is reported too.
 *
 * @throws UsageError for a missing, broken or invalid config file.
 */
export async function loadSanitizeRules(
  configPath: string | undefined,
  cwd: string,
): Promise<LoadedSanitizeRules> {
  const loaded = await readConfigFile(configPath, cwd);
  const parsed = parseConfigObject(loaded.config);
  if (!parsed.ok) {
    throw new UsageError(
      formatConfigFileError(loaded.path ?? 'config', parsed.issues, loaded.config),
    );
  }
  return { configFile: loaded.path, rules: parsed.config.sanitize };
}
