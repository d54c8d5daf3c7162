/**
 * Resolves the effective config of a run from four sources. For every key the first source
 * that sets it wins:
 *
 *   1. command-line flag (`--max-diff-pixel-ratio 0.01`)
 *   2. environment variable (`REPLAYGATE_MAX_DIFF_PIXEL_RATIO=0.01`); an empty value counts as unset
 *   3. config file (`thresholds: { maxDiffPixelRatio: 0.01 }`)
 *   4. default (`configDefaults`, and `retries` 1 when `CI` is set, else 0)
 *
 * Lists are replaced, never merged: `--masks .ad` drops the masks of the config file.
 * `url`, `serve` and `webServer` choose the app under test together: the first source that
 * sets any of them decides, so `--url` overrides a `webServer` from the file. One source
 * setting two of them is an error.
 *
 * Relative paths from the config file and the defaults are resolved against the config file's
 * folder, or the current folder when there is no config file. Relative paths from flags and
 * environment variables are resolved against the current folder.
 */
import { availableParallelism } from 'node:os';
import { dirname, resolve } from 'node:path';
import { UsageError } from '../shared/errors.js';
import { formatConfigFileError } from './config-errors.js';
import { configDefaults } from './defaults.js';
import type { ReplaygateConfig, ReporterSetting, TraceMode } from './define-config.js';
import { readConfigFile } from './load-config.js';
import { REPLAY_OPTIONS, type ReplayOption } from './options.js';
import { parseOptionValue } from './parse-option.js';
import { resolveAppSource, type ResolvedWebServer } from './resolve-app-source.js';
import { parseConfigObject, type ConfigKeyPath } from './schema.js';
import { resolveReporters, type ResolvedReporter } from './resolve-reporters.js';
import { parseGrep, parseOutputFlags, parseShard } from './run-flags.js';

export type { ResolvedWebServer } from './resolve-app-source.js';
export type { ResolvedReporter } from './resolve-reporters.js';

/** The config of one run with every default filled in and every path absolute. */
export interface ResolvedConfig {
  /** Absolute path of the config file, or null when none was found. */
  configFile: string | null;
  /** Folder that relative paths in the config file and the defaults are resolved against. */
  rootDir: string;
  recordings: string[];
  /** Set when the app under test is a running build. */
  url?: string;
  /** Set when the app under test is a static folder to serve. */
  serve?: string;
  /** Set when the app under test is started by a command. */
  webServer?: ResolvedWebServer;
  baselineDir: string;
  outputDir: string;
  /** Folder of the files chosen in file inputs, by recorded name; unset when none is given. */
  uploadDir?: string;
  /** Folder of the render cache of recording baselines, or false when it is off. */
  renderCache: string | false;
  /** Worker count, with a percentage already applied to the logical CPU cores. */
  workers: number;
  retries: number;
  thresholds: { maxDiffPixelRatio: number; pixelThreshold: number; minDomSimilarity: number };
  masks: string[];
  ignoreAttributes: string[];
  /** Set only when it overrides the viewport stored in each recording. */
  viewport?: { width: number; height: number };
  network: { passthrough: string[]; volatileQueryParams: string[] };
  settleMs: number;
  stepTimeoutMs: number;
  trace: TraceMode;
  updateBaselines: boolean;
  /** Reporters to run after the replay, in order, with their output paths. */
  reporters: ResolvedReporter[];
  /** Address of the published report, linked from the Markdown summary. */
  reportUrl?: string;
  /** One-based shard of the sessions to run, from `--shard i/n`. */
  shard?: { current: number; total: number };
  /** Regular expression source matched against session names, from `--grep`. */
  grep?: string;
  json: boolean;
  quiet: boolean;
  verbose: boolean;
}

/** The inputs of {@link resolveConfig}: parsed flags, the environment and the current folder. */
export interface ResolveConfigInput {
  /** Flags as parsed by yargs with `replayOptions`, keyed by flag name. */
  argv: Record<string, unknown>;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

/** True when the `CI` variable is set to anything but an empty string, `0` or `false`. */
export function isCI(env: NodeJS.ProcessEnv): boolean {
  const value = env.CI?.trim().toLowerCase();
  return value !== undefined && value !== '' && value !== '0' && value !== 'false';
}

function valueAtKey(config: ReplaygateConfig, key: ConfigKeyPath): unknown {
  let current: unknown = config;
  for (const segment of key.split('.')) {
    if (current === null || typeof current !== 'object') {
      return undefined;
    }
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

function defaultValue(key: ConfigKeyPath, env: NodeJS.ProcessEnv): unknown {
  if (key === 'retries') {
    return isCI(env) ? 1 : 0;
  }
  const value = valueAtKey(configDefaults as ReplaygateConfig, key);
  // Defaults are frozen; hand out copies so a caller cannot change them for later runs.
  return Array.isArray(value) ? [...(value as string[])] : value;
}

function withPaths(option: ReplayOption, value: unknown, base: string): unknown {
  if ((option.kind === 'path' || option.kind === 'path-or-false') && typeof value === 'string') {
    return resolve(base, value);
  }
  if (option.kind === 'path-list' && Array.isArray(value)) {
    return value.map((item: string) => resolve(base, item));
  }
  return value;
}

interface Sources {
  argv: Record<string, unknown>;
  env: NodeJS.ProcessEnv;
  cwd: string;
  file: ReplaygateConfig;
  rootDir: string;
}

/** Returns the value of one option from the first source that sets it, with paths resolved. */
function resolveOption(option: ReplayOption, sources: Sources): unknown {
  const flagValue = sources.argv[option.flag];
  if (flagValue !== undefined) {
    return withPaths(option, parseOptionValue(option, flagValue, { type: 'flag' }), sources.cwd);
  }
  const envValue = option.env === null ? undefined : sources.env[option.env];
  if (option.env !== null && envValue !== undefined && envValue.trim() !== '') {
    const parsed = parseOptionValue(option, envValue, { type: 'env', name: option.env });
    return withPaths(option, parsed, sources.cwd);
  }
  const fileValue = valueAtKey(sources.file, option.key);
  if (fileValue !== undefined) {
    return withPaths(option, fileValue, sources.rootDir);
  }
  return withPaths(option, defaultValue(option.key, sources.env), sources.rootDir);
}

/** Names the source {@link resolveOption} takes an option's value from, for error messages. */
function describeSource(option: ReplayOption, sources: Sources, configFile: string | null): string {
  if (sources.argv[option.flag] !== undefined) {
    return `--${option.flag}`;
  }
  const envValue = option.env === null ? undefined : sources.env[option.env];
  if (option.env !== null && envValue !== undefined && envValue.trim() !== '') {
    return option.env;
  }
  if (valueAtKey(sources.file, option.key) !== undefined) {
    return `${configFile ?? 'the config file'} (key "${option.key}")`;
  }
  return 'the default';
}

function optionForKey(key: ConfigKeyPath): ReplayOption {
  const option = REPLAY_OPTIONS.find((candidate) => candidate.key === key);
  if (option === undefined) {
    throw new Error(`The option table has no entry for the config key "${key}".`);
  }
  return option;
}

/** Applies a percentage such as `50%` to the logical CPU cores, as Playwright does. */
export function resolveWorkers(workers: number | string, cpus = availableParallelism()): number {
  if (typeof workers === 'number') {
    return workers;
  }
  if (workers.endsWith('%')) {
    return Math.max(1, Math.floor((cpus * Number.parseInt(workers, 10)) / 100));
  }
  return Number.parseInt(workers, 10);
}

async function readValidatedFile(
  argv: Record<string, unknown>,
  cwd: string,
): Promise<{ path: string | null; config: ReplaygateConfig }> {
  const configFlag = argv.config;
  if (configFlag !== undefined && (typeof configFlag !== 'string' || configFlag.trim() === '')) {
    throw new UsageError('--config needs a file path, for example --config replaygate.config.ts.');
  }
  const loaded = await readConfigFile(configFlag, cwd);
  const parsed = parseConfigObject(loaded.config);
  if (!parsed.ok) {
    throw new UsageError(
      formatConfigFileError(loaded.path ?? 'config', parsed.issues, loaded.config),
    );
  }
  return { path: loaded.path, config: parsed.config };
}

/**
 * Resolves the config of a run: loads and validates the config file, then applies environment
 * variables and flags over it (see the precedence at the top of this module).
 *
 * @throws UsageError for a missing or broken config file and for any invalid value, naming the
 * flag, environment variable or file and key, the value and the fix.
 */
export async function resolveConfig(input: ResolveConfigInput): Promise<ResolvedConfig> {
  const { argv, env, cwd } = input;
  const file = await readValidatedFile(argv, cwd);
  const rootDir = file.path === null ? cwd : dirname(file.path);
  const sources: Sources = { argv, env, cwd, file: file.config, rootDir };

  const values = new Map<ConfigKeyPath, unknown>();
  for (const option of REPLAY_OPTIONS) {
    if (option.key !== 'url' && option.key !== 'serve') {
      values.set(option.key, resolveOption(option, sources));
    }
  }
  // Every value below passed the schema rule of its key, so the casts only restate that rule.
  const value = <T>(key: ConfigKeyPath): T => values.get(key) as T;
  const outputFlags = parseOutputFlags(argv);

  return {
    configFile: file.path,
    rootDir,
    recordings: value<string[]>('recordings'),
    ...resolveAppSource(sources),
    baselineDir: value<string>('baselineDir'),
    outputDir: value<string>('outputDir'),
    ...optionalEntry('uploadDir', value<string | undefined>('uploadDir')),
    renderCache: value<string | false>('renderCache'),
    workers: resolveWorkers(value<number | string>('workers')),
    retries: value<number>('retries'),
    thresholds: {
      maxDiffPixelRatio: value<number>('thresholds.maxDiffPixelRatio'),
      pixelThreshold: value<number>('thresholds.pixelThreshold'),
      minDomSimilarity: value<number>('thresholds.minDomSimilarity'),
    },
    masks: value<string[]>('masks'),
    ignoreAttributes: value<string[]>('ignoreAttributes'),
    ...optionalEntry('viewport', value<{ width: number; height: number } | undefined>('viewport')),
    network: {
      passthrough: value<string[]>('network.passthrough'),
      volatileQueryParams: value<string[]>('network.volatileQueryParams'),
    },
    settleMs: value<number>('settleMs'),
    stepTimeoutMs: value<number>('stepTimeoutMs'),
    updateBaselines: value<boolean>('updateBaselines'),
    trace: value<TraceMode>('trace'),
    reporters: resolveReporters({
      value: value<ReporterSetting[]>('reporters'),
      source: describeSource(optionForKey('reporters'), sources, file.path),
      env,
      cwd,
      rootDir,
    }),
    ...optionalEntry('reportUrl', value<string | undefined>('reportUrl')),
    ...optionalEntry('shard', parseShard(argv.shard)),
    ...optionalEntry('grep', parseGrep(argv.grep)),
    ...outputFlags,
  };
}

/** Returns `{ [key]: value }`, or `{}` for undefined, so optional keys stay absent. */
function optionalEntry<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
