import { formatConfigFileError, formatKeyPath, formatValue } from '../config/config-errors.js';
import { readConfigFile } from '../config/load-config.js';
import { parseConfigObject } from '../config/schema.js';
import { UsageError } from '../shared/errors.js';
import type { CollectorLimits } from './limits.js';

import { collectConfigSchema } from './collect-config-schema.js';

export { collectConfigSchema };

/** Settings of `replaygate collect` that a config file may set under `collect`. */
export interface CollectConfig {
  /** Address to listen on. @default '127.0.0.1' */
  host?: string;
  /** Port to listen on; 0 picks a free port. @default 4780 */
  port?: number;
  /** Folder for the uploaded batches, relative to the current folder. */
  store?: string;
  /** Origins allowed to upload from a browser page, such as `https://app.example.com`. */
  allowOrigins?: string[];
  /** Overrides of the upload and queue limits. */
  limits?: Partial<CollectorLimits>;
}

/** The `collect` settings of a config file and the file they came from. */
export interface LoadedCollectConfig {
  /** Absolute path of the config file, or null without one. */
  configFile: string | null;
  collect: CollectConfig;
}

/**
 * Loads the `collect` key of the config file (`--config`, else `replaygate.config.ts` and its
 * siblings in `cwd`). The rest of the file is validated as every command does, so a typo
 * elsewhere in it is reported too.
 *
 * @throws UsageError for a missing, broken or invalid config file.
 */
export async function loadCollectConfig(
  configPath: string | undefined,
  cwd: string,
): Promise<LoadedCollectConfig> {
  const loaded = await readConfigFile(configPath, cwd);
  const file = loaded.path ?? 'config';
  const { collect, ...rest } = loaded.config as Record<string, unknown>;
  // The shared schema checks `collect` too, but its own schema below gives the errors of
  // this command, so the key is taken out before the rest is checked.
  const parsedRest = parseConfigObject(rest);
  if (!parsedRest.ok) {
    throw new UsageError(formatConfigFileError(file, parsedRest.issues, rest));
  }
  const parsed = collectConfigSchema.safeParse(collect ?? {});
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const path = formatKeyPath(['collect', ...issue.path]);
      return `  - ${path}: ${issue.message} (found ${formatValue(valueAt(collect, issue.path))}).`;
    });
    throw new UsageError(
      [`Invalid config in ${file}:`, ...lines, 'Fix these values in the file.'].join('\n'),
    );
  }
  return { configFile: loaded.path, collect: parsed.data };
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const segment of path) {
    if (value === null || typeof value !== 'object') {
      return undefined;
    }
    value = (value as Record<PropertyKey, unknown>)[segment];
  }
  return value;
}
