/**
 * The production recorder: records real users' sessions in the browser, masks them in the
 * page and uploads them to a replaygate collector. Import it from `replaygate/recorder` in an
 * app with a bundler, or load the script-tag build, which sets `window.replaygate`.
 */
export { startRecording, type RecordingHandle } from './start-recording.js';
export type { PageSanitizeRules, RecorderOptions, UrlPattern } from './options.js';
export { UNMASK_ATTRIBUTE } from './input-masking.js';
