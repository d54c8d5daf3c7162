import { createHash } from 'node:crypto';
import type { eventWithTime } from '@rrweb/types';

/** Everything besides the app's assets that can change a render of the recording. */
export interface RenderKeyInput {
  /** SHA-256 of the recording's events, from {@link hashEvents}. */
  eventsSha256: string;
  browser: {
    /** Playwright's browser type name, such as `chromium`. */
    name: string;
    /** `browser.version()`, such as `131.0.6778.85`. */
    version: string;
    /** The launched binary, or `bundled` for Playwright's own download. */
    executablePath: string;
    /** Size and modification time of the binary, so a rebuilt binary of the same version counts. */
    executableStamp: string;
    /** Launch flags; some (font hinting, LCD text) change how text is rasterized. */
    args: string[];
  };
  /** SHA-256 of the installed fonts and fontconfig's configuration, from `fontFingerprint`. */
  fonts: string;
  /**
   * Origin the session was recorded on. The renderer serves the recording's URLs on it from
   * the app under test, so another origin resolves other URLs.
   */
  recordedOrigin: string;
  viewport: { width: number; height: number };
  deviceScaleFactor: number;
  locale: string;
  timeZone: string;
  capture: { masks: string[]; ignoreAttributes: string[]; settleMs: number };
  /** Milliseconds after the recording's first event at which the checkpoint is rendered. */
  recordedAt: number;
  replaygateVersion: string;
  /** From `rendererFingerprint()`: the render code and the rrweb bundle. */
  renderer: string;
}

/** Version of the key layout below; bumping it turns every existing entry into a miss. */
const KEY_LAYOUT_VERSION = 2;

/** Returns the SHA-256 (hex) of a recording's events, as serialized in the fixture. */
export function hashEvents(events: readonly eventWithTime[]): string {
  return createHash('sha256').update(JSON.stringify(events)).digest('hex');
}

/**
 * Returns the cache key of one render: a SHA-256 (hex) over every input in a fixed order.
 * Two renders with the same key and the same app assets produce the same screenshot and DOM.
 */
export function renderKey(input: RenderKeyInput): string {
  const ordered = [
    KEY_LAYOUT_VERSION,
    input.replaygateVersion,
    input.renderer,
    input.eventsSha256,
    [
      input.browser.name,
      input.browser.version,
      input.browser.executablePath,
      input.browser.executableStamp,
      input.browser.args,
    ],
    input.fonts,
    input.recordedOrigin,
    [input.viewport.width, input.viewport.height],
    input.deviceScaleFactor,
    input.locale,
    input.timeZone,
    [input.capture.masks, input.capture.ignoreAttributes, input.capture.settleMs],
    input.recordedAt,
  ];
  return createHash('sha256').update(JSON.stringify(ordered)).digest('hex');
}
