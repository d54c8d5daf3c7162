import type { TraceMode } from './define-config.js';

/**
 * Pass/fail limits used when the config does not set `thresholds`.
 *
 * TODO: import these from the scoring module (`DEFAULT_THRESHOLDS` in `../score/verdict.ts`)
 * once it exists, so the verdict and the config cannot disagree about the defaults.
 */
export const DEFAULT_THRESHOLDS = Object.freeze({
  /** No pixel may differ. */
  maxDiffPixelRatio: 0,
  /**
   * pixelmatch colour distance per pixel. pixelmatch's own default of 0.1 counted zero
   * differing pixels for a text colour change from #4d4d4d to #555, so the default is far lower.
   */
  pixelThreshold: 0.02,
  /** Every visible node must match. */
  minDomSimilarity: 1,
});

/** Query parameters that usually only defeat caches, ignored when matching recorded requests. */
export const DEFAULT_VOLATILE_QUERY_PARAMS: readonly string[] = Object.freeze([
  '_',
  'cb',
  'cacheBuster',
  'timestamp',
]);

/**
 * Default values of the config keys, for configs that extend a default instead of restating it.
 * Paths are relative to the config file's folder (or the current folder without a config file).
 * `retries` is missing because its default depends on the environment: 1 when `CI` is set, else 0.
 *
 * @example
 * ```ts
 * import { configDefaults, defineConfig } from 'replaygate';
 *
 * export default defineConfig({
 *   network: { volatileQueryParams: [...configDefaults.network.volatileQueryParams, 'nonce'] },
 * });
 * ```
 */
export const configDefaults = Object.freeze({
  recordings: Object.freeze(['recordings']) as readonly string[],
  baselineDir: 'replaygate-baselines',
  outputDir: 'replaygate-results',
  renderCache: '.replaygate/cache/recording-renders' as string | false,
  workers: '50%' as number | string,
  thresholds: DEFAULT_THRESHOLDS,
  masks: Object.freeze([]) as readonly string[],
  ignoreAttributes: Object.freeze([]) as readonly string[],
  network: Object.freeze({
    passthrough: Object.freeze([]) as readonly string[],
    volatileQueryParams: DEFAULT_VOLATILE_QUERY_PARAMS,
  }),
  settleMs: 500,
  stepTimeoutMs: 5000,
  updateBaselines: false,
  trace: 'on-failure' as TraceMode,
  reporters: Object.freeze(['console', 'json']) as readonly string[],
  webServer: Object.freeze({ timeout: 60_000, reuseExistingServer: false }),
});
