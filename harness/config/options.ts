import type { Options } from 'yargs';
import type { ConfigKeyPath } from './schema.js';

/**
 * The parser for a raw flag or environment value. A `path` or `path-list` value is resolved
 * against the current folder. A `path-or-false` value is a path, or `false` from a
 * `--no-<flag>` flag or the environment value `false`. A `list` value comes from a repeated flag or a comma-separated
 * environment variable. A `name-list` is comma-separated in both, as in `--reporter console,junit`.
 */
export type OptionKind =
  | 'string'
  | 'path'
  | 'path-or-false'
  | 'number'
  | 'workers'
  | 'boolean'
  | 'list'
  | 'name-list'
  | 'path-list'
  | 'viewport';

/** One config key that can also be set by a command-line flag and, for most keys, an environment variable. */
export interface ReplayOption {
  /** Config key path the option sets. */
  key: ConfigKeyPath;
  /** Flag name without the leading dashes. */
  flag: string;
  kind: OptionKind;
  /** Environment variable name, or null for keys that only a flag or the file may set. */
  env: string | null;
  /** Help text, with the unit. */
  description: string;
  /** A valid value as typed on the command line, used in help and error messages. */
  example: string;
  /** Heading the flag is listed under in `--help`. */
  group: string;
}

const APP = 'App under test:';
const FILES = 'Files:';
const RUN = 'Run:';
const COMPARE = 'Comparison:';
const OUTPUT = 'Output:';

/**
 * The config keys settable from the command line and the environment. This table is the single
 * source for the yargs flags, the environment variable names and the options reference in the docs.
 */
export const REPLAY_OPTIONS: readonly ReplayOption[] = [
  {
    key: 'url',
    flag: 'url',
    kind: 'string',
    env: 'REPLAYGATE_URL',
    description: 'Base URL of a running build to replay against',
    example: 'http://127.0.0.1:4173/',
    group: APP,
  },
  {
    key: 'serve',
    flag: 'serve',
    kind: 'path',
    env: 'REPLAYGATE_SERVE',
    description: 'Folder of a static build to serve on 127.0.0.1 for the replay',
    example: 'dist',
    group: APP,
  },
  {
    key: 'recordings',
    flag: 'recordings',
    kind: 'path-list',
    env: null,
    description: 'Files or folders with *.replay.json.gz fixtures; replaces the configured list',
    example: 'recordings',
    group: FILES,
  },
  {
    key: 'baselineDir',
    flag: 'baseline-dir',
    kind: 'path',
    env: 'REPLAYGATE_BASELINE_DIR',
    description: 'Folder of the approved screenshots and DOM snapshots',
    example: 'replaygate-baselines',
    group: FILES,
  },
  {
    key: 'outputDir',
    flag: 'output-dir',
    kind: 'path',
    env: 'REPLAYGATE_OUTPUT_DIR',
    description: 'Folder for screenshots, diffs, traces and the JSON report',
    example: 'replaygate-results',
    group: FILES,
  },
  {
    key: 'uploadDir',
    flag: 'upload-dir',
    kind: 'path',
    env: 'REPLAYGATE_UPLOAD_DIR',
    description:
      'Folder of files to choose in file inputs, by recorded file name; other files are replaced by empty files of the recorded size',
    example: 'recordings/uploads',
    group: FILES,
  },
  {
    key: 'renderCache',
    flag: 'render-cache',
    kind: 'path-or-false',
    env: 'REPLAYGATE_RENDER_CACHE',
    description:
      'Folder that keeps renders of the recording baseline between runs; --no-render-cache or false turns it off',
    example: '.replaygate/cache/recording-renders',
    group: FILES,
  },
  {
    key: 'trace',
    flag: 'trace',
    kind: 'string',
    env: 'REPLAYGATE_TRACE',
    description:
      'When to keep a Playwright trace: on-failure, retain-on-failure, on-first-retry, on or off',
    example: 'retain-on-failure',
    group: RUN,
  },
  {
    key: 'updateBaselines',
    flag: 'update-baselines',
    kind: 'boolean',
    env: null,
    description: 'Overwrite the baselines with this run instead of comparing',
    example: '',
    group: FILES,
  },
  {
    key: 'workers',
    flag: 'workers',
    kind: 'workers',
    env: 'REPLAYGATE_WORKERS',
    description: 'Sessions replayed in parallel: a count or a percentage of CPU cores',
    example: '50%',
    group: RUN,
  },
  {
    key: 'retries',
    flag: 'retries',
    kind: 'number',
    env: 'REPLAYGATE_RETRIES',
    description: 'Extra attempts for a failing session (default 1 on CI, else 0)',
    example: '2',
    group: RUN,
  },
  {
    key: 'viewport',
    flag: 'viewport',
    kind: 'viewport',
    env: 'REPLAYGATE_VIEWPORT',
    description: 'Viewport in CSS pixels, WIDTHxHEIGHT, instead of the recorded one',
    example: '1280x720',
    group: RUN,
  },
  {
    key: 'settleMs',
    flag: 'settle-ms',
    kind: 'number',
    env: 'REPLAYGATE_SETTLE_MS',
    description: 'Virtual milliseconds the page clock advances after each action',
    example: '500',
    group: RUN,
  },
  {
    key: 'stepTimeoutMs',
    flag: 'step-timeout-ms',
    kind: 'number',
    env: 'REPLAYGATE_STEP_TIMEOUT_MS',
    description: "Real milliseconds allowed to find a step's target element",
    example: '5000',
    group: RUN,
  },
  {
    key: 'network.passthrough',
    flag: 'passthrough',
    kind: 'list',
    env: null,
    description: 'URL path globs on the app origin always sent to the app server',
    example: '/assets/**',
    group: RUN,
  },
  {
    key: 'network.volatileQueryParams',
    flag: 'volatile-query-params',
    kind: 'list',
    env: 'REPLAYGATE_VOLATILE_QUERY_PARAMS',
    description: 'Query parameters ignored when matching recorded requests',
    example: '_',
    group: RUN,
  },
  {
    key: 'thresholds.maxDiffPixelRatio',
    flag: 'max-diff-pixel-ratio',
    kind: 'number',
    env: 'REPLAYGATE_MAX_DIFF_PIXEL_RATIO',
    description: 'Share of pixels (0 to 1) that may differ per checkpoint',
    example: '0.001',
    group: COMPARE,
  },
  {
    key: 'thresholds.pixelThreshold',
    flag: 'pixel-threshold',
    kind: 'number',
    env: 'REPLAYGATE_PIXEL_THRESHOLD',
    description: 'pixelmatch colour distance (0 to 1) above which a pixel differs',
    example: '0.02',
    group: COMPARE,
  },
  {
    key: 'thresholds.minDomSimilarity',
    flag: 'min-dom-similarity',
    kind: 'number',
    env: 'REPLAYGATE_MIN_DOM_SIMILARITY',
    description: 'Minimum share of visible DOM nodes (0 to 1) that must match',
    example: '0.98',
    group: COMPARE,
  },
  {
    key: 'masks',
    flag: 'masks',
    kind: 'list',
    env: null,
    description: 'CSS selectors ignored in pixels and DOM; replaces the configured list',
    example: '.ad-slot',
    group: COMPARE,
  },
  {
    key: 'ignoreAttributes',
    flag: 'ignore-attributes',
    kind: 'list',
    env: 'REPLAYGATE_IGNORE_ATTRIBUTES',
    description: 'Attribute names ignored in the DOM comparison',
    example: 'data-reactid',
    group: COMPARE,
  },
  {
    key: 'reporters',
    flag: 'reporter',
    kind: 'name-list',
    env: 'REPLAYGATE_REPORTER',
    description:
      'Reporters to run, comma-separated: console, json, html, markdown, junit (default console,json)',
    example: 'console,junit',
    group: OUTPUT,
  },
  {
    key: 'reportUrl',
    flag: 'report-url',
    kind: 'string',
    env: 'REPLAYGATE_REPORT_URL',
    description: 'Address of the published report, linked from the Markdown summary',
    example: 'https://example.github.io/replaygate/',
    group: OUTPUT,
  },
];

/** A flag that only exists on the command line, with no config key. */
export interface CliOnlyOption {
  flag: string;
  type: 'string' | 'boolean';
  description: string;
  example: string;
  group: string;
}

/** Flags that control one invocation rather than the project config. */
export const CLI_ONLY_OPTIONS: readonly CliOnlyOption[] = [
  {
    flag: 'config',
    type: 'string',
    description: 'Config file; default replaygate.config.{ts,mts,js,mjs} in the current folder',
    example: 'e2e/replaygate.config.ts',
    group: RUN,
  },
  {
    flag: 'shard',
    type: 'string',
    description: 'Run only shard i of n, for example 2/4',
    example: '1/2',
    group: RUN,
  },
  {
    flag: 'grep',
    type: 'string',
    description: 'Run only sessions whose name matches this regular expression',
    example: 'checkout',
    group: RUN,
  },
  {
    flag: 'json',
    type: 'boolean',
    description: 'Print the JSON report to stdout',
    example: '',
    group: OUTPUT,
  },
  {
    flag: 'quiet',
    type: 'boolean',
    description: 'Print only the final summary, without progress lines',
    example: '',
    group: OUTPUT,
  },
  {
    flag: 'verbose',
    type: 'boolean',
    description: 'Print every failing checkpoint, DOM change and page error',
    example: '',
    group: OUTPUT,
  },
];

function toYargsOption(option: ReplayOption): Options {
  const envNote = option.env === null ? '' : ` [env: ${option.env}]`;
  const describe = `${option.description}${envNote}`;
  switch (option.kind) {
    case 'boolean':
      return { type: 'boolean', describe, group: option.group };
    case 'list':
    case 'name-list':
    case 'path-list':
      // yargs shows `[array]`, which reads as a list after one flag, but the parser takes one
      // value per use (greedy arrays are off), so the help states it.
      return {
        type: 'array',
        string: true,
        requiresArg: true,
        describe: `${describe} (repeat the flag for each value)`,
        group: option.group,
      };
    default:
      // Numbers are declared as strings: yargs turns "1O" into NaN, and the error message
      // should quote what the user typed. The resolver parses and validates the text.
      return { type: 'string', requiresArg: true, describe, group: option.group };
  }
}

function buildReplayOptions(): Record<string, Options> {
  const options: Record<string, Options> = {};
  for (const option of REPLAY_OPTIONS) {
    options[option.flag] = toYargsOption(option);
  }
  for (const option of CLI_ONLY_OPTIONS) {
    const { description: describe, group } = option;
    options[option.flag] =
      option.type === 'boolean'
        ? { type: 'boolean', describe, group }
        : { type: 'string', requiresArg: true, describe, group };
  }
  return options;
}

/**
 * Every flag of the `replay` command, ready for yargs' `.options()`. No option has a yargs
 * default, so an absent flag stays undefined and the environment or the file can set the key.
 *
 * @example
 * ```ts
 * const argv = await yargs(hideBin(process.argv)).options(replayOptions).parse();
 * const config = await resolveConfig({ argv, env: process.env, cwd: process.cwd() });
 * ```
 */
export const replayOptions: Readonly<Record<string, Options>> = Object.freeze(buildReplayOptions());

/** Renders the options reference as a Markdown table, for the docs. */
export function formatOptionsMarkdown(): string {
  const rows = [
    '| Flag | Environment variable | Config key | Description |',
    '| --- | --- | --- | --- |',
  ];
  for (const option of REPLAY_OPTIONS) {
    const flag =
      option.kind === 'boolean' ? `--${option.flag}` : `--${option.flag} ${option.example}`;
    const env = option.env === null ? '' : `\`${option.env}\``;
    rows.push(`| \`${flag}\` | ${env} | \`${option.key}\` | ${option.description} |`);
  }
  for (const option of CLI_ONLY_OPTIONS) {
    const flag =
      option.type === 'boolean' ? `--${option.flag}` : `--${option.flag} ${option.example}`;
    rows.push(`| \`${flag}\` |  |  | ${option.description} |`);
  }
  return `${rows.join('\n')}\n`;
}
