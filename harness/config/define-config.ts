import type { CollectConfig } from '../collect/collect-config.js';
import type { SanitizeRules } from '../sanitize/types.js';

/**
 * A command that starts the app under test before the replay and stops it afterwards,
 * with the same fields as Playwright's `webServer`.
 */
export interface WebServerConfig {
  /**
   * Shell command that starts the server.
   * @example 'npm run preview -- --port 4173'
   */
  command: string;
  /**
   * URL polled until the server responds. It is also the base URL of the replay.
   * @example 'http://127.0.0.1:4173/'
   */
  url: string;
  /**
   * Milliseconds to wait for the server at `url` to respond before failing.
   * @default 60000
   */
  timeout?: number;
  /**
   * Use a server that already responds at `url` instead of starting the command.
   * @default false
   * @example reuseExistingServer: !process.env.CI
   */
  reuseExistingServer?: boolean;
  /**
   * Working folder of the command, relative to the config file.
   * @default the config file's folder
   */
  cwd?: string;
  /**
   * Extra environment variables for the command, added to the current environment.
   * @default {}
   * @example { PORT: '4173' }
   */
  env?: Record<string, string>;
}

/** Limits that decide whether a checkpoint passes. */
export interface ThresholdsConfig {
  /**
   * Share of pixels, from 0 to 1, that may differ before a checkpoint fails.
   * @default 0
   * @example 0.001 // one pixel in a thousand
   */
  maxDiffPixelRatio?: number;
  /**
   * pixelmatch colour distance, from 0 to 1, above which a single pixel counts as different.
   * @default 0.02
   */
  pixelThreshold?: number;
  /**
   * Minimum share of visible DOM nodes, from 0 to 1, that must match the recording.
   * @default 1
   * @example 0.98
   */
  minDomSimilarity?: number;
}

/** Matching rules for the requests a page makes during a replay. */
export interface NetworkConfig {
  /**
   * URL path globs on the app's origin that always go to the app server instead of being
   * served from the recording, such as data files the build serves itself. Code and markup
   * (`.js`, `.mjs`, `.jsx`, `.ts`, `.tsx`, `.css`, `.html`, `.htm`, or a recorded JavaScript,
   * CSS or HTML content type) already go to the app server without being listed.
   * @default []
   * @example ['/assets/**', '/locales/*.json']
   */
  passthrough?: string[];
  /**
   * Query parameters ignored when matching a request to a recorded one, because they change
   * on every visit (cache busters, timestamps).
   * @default ['_', 'cb', 'cacheBuster', 'timestamp']
   * @example ['_', 'nonce']
   */
  volatileQueryParams?: string[];
}

/** Output paths of one reporter, relative to the config file's folder. */
export interface ReporterOutputOptions {
  /**
   * File that a file reporter (`json`, `markdown`, `junit`) writes.
   * @example 'reports/replaygate.xml'
   */
  outputFile?: string;
  /**
   * Folder that the `html` reporter writes.
   * @example 'reports/replaygate-html'
   */
  outputFolder?: string;
}

/** A reporter name, or a `[name, options]` tuple as in Playwright's `reporter` setting. */
export type ReporterSetting = string | [string, ReporterOutputOptions];

/**
 * The contents of `replaygate.config.ts`. Every key is optional; relative paths are resolved
 * against the config file's folder. Set at most one of `url`, `serve` and `webServer`.
 */
/**
 * When a replay records a Playwright trace. Playwright's own names keep their meaning:
 * - `on-failure`: no attempt is traced; after a session's last attempt fails, it is replayed
 *   once more with a trace, which the report links. The verdict stays that of the attempts.
 * - `retain-on-failure`: every attempt is traced and the trace of a failed one is kept. The
 *   trace shows the very attempt that failed, at the cost of tracing passing sessions too.
 * - `on-first-retry`: only retries are traced, so a failure without retries has no trace.
 * - `on`: every attempt is traced and every trace kept. `off`: no trace.
 */
export type TraceMode = 'on-failure' | 'retain-on-failure' | 'on-first-retry' | 'on' | 'off';

export interface ReplaygateConfig {
  /**
   * Files or folders holding `*.replay.json.gz` fixtures. Folders are searched recursively.
   * @default ['recordings']
   * @example ['recordings', 'e2e/checkout.replay.json.gz']
   */
  recordings?: string[];
  /**
   * Base URL of a running build to replay against.
   * @example 'http://127.0.0.1:4173/'
   */
  url?: string;
  /**
   * Folder of a static build to serve on 127.0.0.1 and a free port for the replay.
   * @example 'dist'
   */
  serve?: string;
  /**
   * Command that starts the app under test, Playwright style.
   * @example { command: 'npm run preview', url: 'http://127.0.0.1:4173/' }
   */
  webServer?: WebServerConfig;
  /**
   * Folder of the approved screenshots and DOM snapshots, committed to the repository.
   * @default 'replaygate-baselines'
   */
  baselineDir?: string;
  /**
   * Folder for screenshots, diffs, traces and the JSON report of a run.
   * @default 'replaygate-results'
   */
  outputDir?: string;
  /**
   * Folder of the files that replays choose in file inputs. A recording keeps the name, type
   * and size of each chosen file but not its content, so a file of the recorded name in this
   * folder is chosen in its place. A file not found there is replaced by an empty file of the
   * recorded name and size.
   * @example 'recordings/uploads'
   */
  uploadDir?: string;
  /**
   * Folder where renders of the recording, the baseline of sessions without stored baselines,
   * are kept between runs, or `false` to render them on every run. A cached render is used
   * only while the app under test, served on 127.0.0.1, still serves every asset it loaded
   * unchanged. The cache is pruned to 512 MiB after each run, least recently used first.
   * @default '.replaygate/cache/recording-renders'
   */
  renderCache?: string | false;
  /**
   * Sessions replayed in parallel: a number, or a percentage of the logical CPU cores.
   * @default '50%'
   * @example 2
   */
  workers?: number | string;
  /**
   * Extra attempts for a session that fails. A session that passes only on a retry is
   * reported as flaky.
   * @default 1 when the `CI` environment variable is set, else 0
   */
  retries?: number;
  /**
   * Pass/fail limits for pixels and DOM.
   * @default { maxDiffPixelRatio: 0, pixelThreshold: 0.02, minDomSimilarity: 1 }
   */
  thresholds?: ThresholdsConfig;
  /**
   * CSS selectors of elements ignored in both the pixel and the DOM comparison.
   * @default []
   * @example ['.ad-slot', '[data-testid="clock"]']
   */
  masks?: string[];
  /**
   * Attribute names ignored in the DOM comparison.
   * @default []
   * @example ['data-reactid', 'aria-describedby']
   */
  ignoreAttributes?: string[];
  /**
   * Viewport in CSS pixels used instead of the one stored in each recording.
   * @example { width: 1280, height: 720 }
   */
  viewport?: { width: number; height: number };
  /** Matching rules for requests made during the replay. */
  network?: NetworkConfig;
  /**
   * Virtual milliseconds the page clock advances after each action so timers and animations settle.
   * @default 500
   */
  settleMs?: number;
  /**
   * Real milliseconds allowed to find the target element of one step.
   * @default 5000
   */
  stepTimeoutMs?: number;
  /**
   * Overwrite the baselines with this run's screenshots and DOM snapshots instead of
   * comparing. Usually passed as `--update-baselines`.
   * @default false
   */
  updateBaselines?: boolean;
  /**
   * When a session's replay records a Playwright trace (`trace.zip` in its output folder).
   * Recording a trace costs about a third of a replay's time, so by default no attempt records
   * one and a failed session is replayed once more, traced, only to keep the trace.
   * @default 'on-failure'
   */
  trace?: TraceMode;
  /**
   * Reporters that run after the replay: `console`, `json`, `html`, `markdown` and `junit`.
   * The run's `report.json` in `outputDir` is written whichever reporters are listed, because
   * `replaygate approve`, `replaygate merge-reports` and the GitHub Action read it.
   * @default ['console', 'json']
   * @example ['console', ['junit', { outputFile: 'reports/replaygate.xml' }]]
   */
  reporters?: ReporterSetting[];
  /**
   * Address of the published HTML report, linked from the Markdown summary.
   * @example 'https://example.github.io/app/replaygate/'
   */
  reportUrl?: string;
  /**
   * Rules of `replaygate sanitize` and `replaygate audit` beyond the built-in detectors:
   * extra patterns, CSS selectors, JSON paths and headers whose values are replaced, and
   * values that look sensitive but are not.
   * @example { selectors: [{ name: 'account-name', selector: '.account-name' }] }
   */
  sanitize?: SanitizeRules;
  /**
   * Settings of `replaygate collect`, the upload server of the production recorder. The
   * upload token is never read from here: set `REPLAYGATE_COLLECT_TOKEN` or pass `--token`.
   * @example { port: 4780, store: 'replaygate-sessions', allowOrigins: ['https://staging.example.com'] }
   */
  collect?: CollectConfig;
}

/**
 * Returns the config unchanged. It exists so a config file gets type checking and editor
 * completion without a type annotation.
 *
 * @example
 * ```ts
 * // replaygate.config.ts
 * import { defineConfig } from 'replaygate';
 *
 * export default defineConfig({
 *   serve: 'dist',
 *   thresholds: { maxDiffPixelRatio: 0.001 },
 * });
 * ```
 */
export function defineConfig(config: ReplaygateConfig): ReplaygateConfig {
  return config;
}
