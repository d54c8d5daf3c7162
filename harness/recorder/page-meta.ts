import type { RecorderBatch } from '../collect/batch.js';
import { LOCATIONS, type SanitizeContext } from '../sanitize/walk/context.js';
import { sanitizeUrl } from '../sanitize/walk/url.js';
import type { SessionState } from './session-state.js';

/** Name written to `meta.recorder.name`. */
export const RECORDER_NAME = 'replaygate';

// Replaced by the build script with the package version; unset when run from source.
declare const __REPLAYGATE_VERSION__: string | undefined;

/** Returns the version of this recorder build, `0.0.0` when run from source. */
export function recorderVersion(): string {
  return typeof __REPLAYGATE_VERSION__ === 'string' ? __REPLAYGATE_VERSION__ : '0.0.0';
}

/** Returns the facts about the page and browser that the first batch of a page load carries. */
export function readPageMeta(
  session: SessionState,
  context: SanitizeContext,
): NonNullable<RecorderBatch['meta']> {
  return {
    startedAt: session.startedAt,
    url: sanitizeUrl(context, session.url, LOCATIONS.metaUrl),
    viewport: { width: window.innerWidth, height: window.innerHeight },
    deviceScaleFactor: window.devicePixelRatio,
    userAgent: navigator.userAgent,
    locale: navigator.language,
    timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    recorder: { name: RECORDER_NAME, version: recorderVersion() },
  };
}
