import { z } from 'zod';
import { collectConfigSchema } from '../collect/collect-config-schema.js';
import { sanitizeRulesSchema } from '../sanitize/rules-schema.js';
import type { ReplaygateConfig } from './define-config.js';

/** A config key path such as `thresholds.maxDiffPixelRatio`, with array indexes left out. */
export type ConfigKeyPath = keyof typeof CONFIG_RULES;

/** A schema plus the words an error uses for what it accepts. */
interface KeyRule {
  schema: z.ZodType;
  expected: string;
}

function rule(schema: z.ZodType, expected: string): KeyRule {
  return { schema, expected };
}

const nonEmptyString = z.string().trim().min(1);
const folderPath = rule(nonEmptyString, 'a folder path, such as "dist"');
const ratio = rule(z.number().min(0).max(1), 'a number from 0 to 1');
const httpUrl = rule(
  z.string().refine((value) => /^https?:\/\/[^/\s]+/i.test(value) && URL.canParse(value)),
  'an http:// or https:// URL, such as "http://127.0.0.1:4173/"',
);
const positiveInteger = z.number().int().min(1);
const workers = z.union([
  positiveInteger,
  z.string().regex(/^[1-9]\d*$/),
  z.string().refine((value) => /^\d+%$/.test(value) && isPercentInRange(value)),
]);

function isPercentInRange(value: string): boolean {
  const percent = Number.parseInt(value, 10);
  return percent >= 1 && percent <= 100;
}

const recordings = z.array(nonEmptyString).min(1);
const stringList = z.array(nonEmptyString);
const pathGlobs = z.array(z.string().regex(/^[/*]/));

/** Output paths of one reporter; `outputFile` for file reporters, `outputFolder` for the HTML report. */
const reporterOptionsSchema = z.strictObject({
  outputFile: nonEmptyString.optional(),
  outputFolder: nonEmptyString.optional(),
});

/**
 * Reporter names, or `[name, options]` tuples as in Playwright. Names are checked against the
 * reporter registry by the command that runs them, because the config never imports reporters.
 */
const reporters = z
  .array(z.union([nonEmptyString, z.tuple([nonEmptyString, reporterOptionsSchema])]))
  .min(1);

const webServerSchema = z.strictObject({
  command: nonEmptyString,
  url: httpUrl.schema,
  timeout: positiveInteger.optional(),
  reuseExistingServer: z.boolean().optional(),
  cwd: nonEmptyString.optional(),
  env: z.record(z.string(), z.string()).optional(),
});

const thresholdsSchema = z.strictObject({
  maxDiffPixelRatio: ratio.schema.optional(),
  pixelThreshold: ratio.schema.optional(),
  minDomSimilarity: ratio.schema.optional(),
});

/** When a session's replay records a Playwright trace; see `TraceMode` in `define-config.ts`. */
const traceMode = z.enum(['on-failure', 'retain-on-failure', 'on-first-retry', 'on', 'off']);

const viewportSchema = z.strictObject({ width: positiveInteger, height: positiveInteger });

const networkSchema = z.strictObject({
  passthrough: pathGlobs.optional(),
  volatileQueryParams: stringList.optional(),
});

/**
 * Schema and expectation of every config key, nested keys included. The config schema below
 * is assembled from these rules, and flag and environment values are validated with the same
 * rules, so a value is accepted or rejected alike from every source. Errors look up the
 * expectation by the key path of the zod issue.
 */
export const CONFIG_RULES = {
  recordings: rule(recordings, 'a non-empty list of file or folder paths, such as ["recordings"]'),
  url: httpUrl,
  serve: folderPath,
  webServer: rule(webServerSchema, 'an object with at least command and url'),
  'webServer.command': rule(nonEmptyString, 'a non-empty shell command'),
  'webServer.url': httpUrl,
  'webServer.timeout': rule(positiveInteger, 'a positive whole number of milliseconds'),
  'webServer.reuseExistingServer': rule(z.boolean(), 'true or false'),
  'webServer.cwd': folderPath,
  'webServer.env': rule(
    z.record(z.string(), z.string()),
    'an object of string values, such as { PORT: "4173" }',
  ),
  baselineDir: folderPath,
  outputDir: folderPath,
  uploadDir: folderPath,
  renderCache: rule(
    z.union([nonEmptyString, z.literal(false)]),
    'a folder path, such as ".replaygate/cache/recording-renders", or false to turn the cache off',
  ),
  workers: rule(
    workers,
    'a positive whole number or a percentage of CPU cores, such as 2 or "50%"',
  ),
  retries: rule(z.number().int().min(0), 'a whole number of 0 or more'),
  thresholds: rule(
    thresholdsSchema,
    'an object with maxDiffPixelRatio, pixelThreshold and minDomSimilarity',
  ),
  'thresholds.maxDiffPixelRatio': ratio,
  'thresholds.pixelThreshold': ratio,
  'thresholds.minDomSimilarity': ratio,
  masks: rule(stringList, 'a list of CSS selectors, such as [".ad-slot"]'),
  ignoreAttributes: rule(stringList, 'a list of attribute names'),
  viewport: rule(viewportSchema, 'an object { width, height } in CSS pixels'),
  'viewport.width': rule(positiveInteger, 'a positive whole number of CSS pixels'),
  'viewport.height': rule(positiveInteger, 'a positive whole number of CSS pixels'),
  network: rule(networkSchema, 'an object with passthrough and volatileQueryParams'),
  'network.passthrough': rule(
    pathGlobs,
    'a list of URL path globs starting with / or *, such as "/assets/**"',
  ),
  'network.volatileQueryParams': rule(stringList, 'a list of query parameter names'),
  settleMs: rule(z.number().int().min(0), 'a whole number of virtual milliseconds, 0 or more'),
  stepTimeoutMs: rule(positiveInteger, 'a positive whole number of milliseconds'),
  updateBaselines: rule(z.boolean(), 'true or false'),
  trace: rule(
    traceMode,
    'one of "on-failure", "retain-on-failure", "on-first-retry", "on" or "off"',
  ),
  reporters: rule(
    reporters,
    'a non-empty list of reporter names or [name, { outputFile }] tuples, such as ["console", "junit"]',
  ),
  reportUrl: httpUrl,
} satisfies Record<string, KeyRule>;

/** Top-level keys that choose the app under test. A config sets at most one of them. */
export const APP_SOURCE_KEYS = ['url', 'serve', 'webServer'] as const;

/** Schema of a config file's default export. Unknown keys are rejected to catch typos. */
export const configSchema = z
  .strictObject({
    recordings: recordings.optional(),
    url: httpUrl.schema.optional(),
    serve: folderPath.schema.optional(),
    webServer: webServerSchema.optional(),
    baselineDir: folderPath.schema.optional(),
    outputDir: folderPath.schema.optional(),
    uploadDir: folderPath.schema.optional(),
    renderCache: CONFIG_RULES.renderCache.schema.optional(),
    workers: workers.optional(),
    retries: CONFIG_RULES.retries.schema.optional(),
    thresholds: thresholdsSchema.optional(),
    masks: stringList.optional(),
    ignoreAttributes: stringList.optional(),
    viewport: viewportSchema.optional(),
    network: networkSchema.optional(),
    settleMs: CONFIG_RULES.settleMs.schema.optional(),
    stepTimeoutMs: positiveInteger.optional(),
    updateBaselines: z.boolean().optional(),
    trace: traceMode.optional(),
    reporters: reporters.optional(),
    reportUrl: httpUrl.schema.optional(),
    sanitize: sanitizeRulesSchema.optional(),
    collect: collectConfigSchema.optional(),
  })
  .superRefine((config, context) => {
    const setKeys = APP_SOURCE_KEYS.filter((key) => config[key] !== undefined);
    if (setKeys.length > 1) {
      context.addIssue({
        code: 'custom',
        path: [],
        message: `Set only one of url, serve and webServer, but found ${setKeys.join(' and ')}.`,
      });
    }
  });

/** Returns the expectation text of a key path, such as `a number from 0 to 1`. */
export function describeExpected(key: string): string | undefined {
  return (CONFIG_RULES as Record<string, KeyRule>)[key]?.expected;
}

/** Checks one value against the rule of its key and returns the parsed value, or `ok: false`. */
export function checkValue(
  key: ConfigKeyPath,
  value: unknown,
): { ok: true; value: unknown } | { ok: false } {
  const result = CONFIG_RULES[key].schema.safeParse(value);
  return result.success ? { ok: true, value: result.data } : { ok: false };
}

/**
 * Validates a config file's default export. Returns the typed config, or the zod issues
 * for the caller to turn into an error that names the file.
 */
export function parseConfigObject(
  input: unknown,
): { ok: true; config: ReplaygateConfig } | { ok: false; issues: z.core.$ZodIssue[] } {
  const result = configSchema.safeParse(input);
  if (result.success) {
    return { ok: true, config: result.data as ReplaygateConfig };
  }
  return { ok: false, issues: result.error.issues };
}
