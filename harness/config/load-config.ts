import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createJiti } from 'jiti';
import { UsageError } from '../shared/errors.js';

/** File names looked up in the current folder when no `--config` is given, in this order. */
export const CONFIG_FILE_NAMES = [
  'replaygate.config.ts',
  'replaygate.config.mts',
  'replaygate.config.js',
  'replaygate.config.mjs',
] as const;

/** A config file's default export, not yet validated. */
export interface LoadedConfigFile {
  /** Absolute path of the file, or null when there is no config file. */
  path: string | null;
  /** The default export (or the value its function returned); `{}` without a file. */
  config: unknown;
}

/**
 * Returns the path of the config file to load: `configPath` resolved against `cwd` when given,
 * else the first of {@link CONFIG_FILE_NAMES} that exists in `cwd`, else null.
 *
 * @throws UsageError when `configPath` does not name an existing file.
 */
export function findConfigFile(configPath: string | undefined, cwd: string): string | null {
  if (configPath !== undefined) {
    const path = resolve(cwd, configPath);
    if (!existsSync(path)) {
      throw new UsageError(
        `Config file not found: ${path} (from --config ${configPath}). Check the path, or drop --config to use replaygate.config.ts in the current folder.`,
      );
    }
    if (!statSync(path).isFile()) {
      throw new UsageError(
        `--config ${configPath}: ${path} is a folder, not a file. Pass the config file itself, for example --config ${join(configPath, 'replaygate.config.ts')}.`,
      );
    }
    return path;
  }
  for (const name of CONFIG_FILE_NAMES) {
    const path = join(cwd, name);
    if (existsSync(path) && statSync(path).isFile()) {
      return path;
    }
  }
  return null;
}

/**
 * Loads a config file with jiti, so TypeScript configs work without a build step. The file may
 * export a config object, or a function (sync or async) returning one.
 *
 * @throws UsageError when the file fails to load, throws, or has no usable default export.
 */
export async function loadConfigFile(path: string): Promise<unknown> {
  // Without the module cache, a second load in the same process reads an edited .ts or .js file.
  // NOTE: jiti imports .mjs files natively, and Node keeps those cached until the process exits.
  // The file cache is off so loading a config writes nothing under the user's node_modules.
  const jiti = createJiti(import.meta.url, { moduleCache: false, fsCache: false });

  let module: unknown;
  try {
    module = await jiti.import(path);
  } catch (error) {
    throw new UsageError(
      `Failed to load config file ${path}: ${describeError(error)}\nFix the error in that file, or pass another file with --config.`,
      { cause: error },
    );
  }

  const exported = defaultExportOf(module, path);
  if (typeof exported !== 'function') {
    return exported;
  }
  let returned: unknown;
  try {
    returned = await (exported as () => unknown)();
  } catch (error) {
    throw new UsageError(
      `The config function exported by ${path} threw: ${describeError(error)}\nFix the function, or export a config object instead.`,
      { cause: error },
    );
  }
  if (!isPlainObject(returned)) {
    throw new UsageError(
      `The config function exported by ${path} returned ${describeType(returned)}, but a config object is expected. Return the object, for example \`return { serve: 'dist' }\`.`,
    );
  }
  return returned;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function describeType(value: unknown): string {
  if (value === null) {
    return 'null';
  }
  return Array.isArray(value) ? 'an array' : typeof value;
}

function defaultExportOf(module: unknown, path: string): unknown {
  const hasDefault =
    module !== null &&
    typeof module === 'object' &&
    'default' in module &&
    module.default !== undefined;
  if (!hasDefault) {
    throw new UsageError(
      `Config file ${path} has no default export. Add \`export default defineConfig({ ... })\` to it.`,
    );
  }
  const exported = (module as { default: unknown }).default;
  if (typeof exported !== 'function' && !isPlainObject(exported)) {
    throw new UsageError(
      `Config file ${path} exports ${describeType(exported)} by default, but a config object or a function returning one is expected. Use \`export default defineConfig({ ... })\`.`,
    );
  }
  return exported;
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Finds and loads the config file for a run. No file at all is fine: the result is then
 * `{ path: null, config: {} }`, and every key takes its default.
 */
export async function readConfigFile(
  configPath: string | undefined,
  cwd: string,
): Promise<LoadedConfigFile> {
  const path = findConfigFile(configPath, cwd);
  if (path === null) {
    return { path: null, config: {} };
  }
  return { path, config: await loadConfigFile(path) };
}
