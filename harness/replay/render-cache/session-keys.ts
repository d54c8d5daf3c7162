import { statSync } from 'node:fs';
import { chromium, type Browser } from '@playwright/test';
import { browserLaunchOptions } from '../../browser/resolve-browser.js';
import { recorderVersion } from '../../capture/recorder-info.js';
import type { Recording } from '../../fixture/recording.js';
import type { CaptureOptions } from '../capture-checkpoint.js';
import { rendererFingerprint } from '../recording-baseline.js';
import { fontFingerprint } from './font-fingerprint.js';
import { hashEvents, renderKey, type RenderKeyInput } from './render-key.js';

/** The render settings of one session, everything in a render key but the checkpoint's time. */
export interface SessionRenderInput {
  browser: Browser;
  recording: Recording;
  /** Origin the session was recorded on, as the renderer maps it to the app. */
  recordedOrigin: string;
  viewport: { width: number; height: number };
  capture: CaptureOptions & { settleMs: number };
}

/**
 * Returns a function from a checkpoint's `recordedAt` to its render key, or undefined when the
 * browser binary cannot be identified, in which case nothing may be cached.
 */
export function sessionRenderKeys(
  input: SessionRenderInput,
): ((recordedAt: number) => string) | undefined {
  const browser = identifyBrowser(input.browser);
  if (browser === undefined) {
    return undefined;
  }
  const { meta } = input.recording;
  const base: Omit<RenderKeyInput, 'recordedAt'> = {
    eventsSha256: hashEvents(input.recording.events),
    browser,
    fonts: fontFingerprint(),
    recordedOrigin: input.recordedOrigin,
    viewport: input.viewport,
    deviceScaleFactor: meta.deviceScaleFactor,
    locale: meta.locale,
    timeZone: meta.timeZone,
    capture: {
      masks: input.capture.masks,
      ignoreAttributes: input.capture.ignoreAttributes,
      settleMs: input.capture.settleMs,
    },
    replaygateVersion: recorderVersion(),
    renderer: rendererFingerprint(),
  };
  return (recordedAt) => renderKey({ ...base, recordedAt });
}

/**
 * Identifies the running browser by version and binary. The binary is the one the launch options
 * resolve to, as the replay's Playwright config launches it with those options.
 */
function identifyBrowser(browser: Browser): RenderKeyInput['browser'] | undefined {
  let launch: ReturnType<typeof browserLaunchOptions>;
  try {
    launch = browserLaunchOptions();
  } catch {
    return undefined;
  }
  const executablePath = launch.executablePath ?? chromium.executablePath();
  let executableStamp: string;
  try {
    const info = statSync(executablePath);
    executableStamp = `${info.size}:${info.mtimeMs}`;
  } catch {
    return undefined;
  }
  return {
    name: browser.browserType().name(),
    version: browser.version(),
    executablePath,
    executableStamp,
    args: launch.args,
  };
}
