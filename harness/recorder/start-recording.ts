import { resolveOptions, type RecorderOptions, type ResolvedOptions } from './options.js';
import { PageRecorder, storageOf } from './page-recorder.js';
import { SessionStore } from './session-state.js';

/** Control over the recording of the current page load. */
export interface RecordingHandle {
  /** False when the page is not http(s), or sampling or consent kept this session from recording. */
  readonly active: boolean;
  /** Id of the session, which continues across reloads of the tab; undefined when inactive. */
  readonly sessionId: string | undefined;
  /** Adds labels sent with every later batch of this page load. */
  addTags(...tags: string[]): void;
  /** Seals the open batch and uploads; resolves true once every buffered batch is stored. */
  flush(): Promise<boolean>;
  /** Stops recording this page load and uploads what it can; the session itself stays open. */
  stop(): Promise<void>;
}

const INACTIVE: RecordingHandle = Object.freeze({
  active: false,
  sessionId: undefined,
  addTags: () => undefined,
  flush: () => Promise.resolve(true),
  stop: () => Promise.resolve(),
});

let current: Promise<RecordingHandle> | undefined;

/**
 * Starts the production recorder in this page. It records nothing unless sampling picks the
 * session and `consent` (when given) returns true. Input values are masked unless a field is
 * opted in, and the sanitizer's detectors mask what they find before anything is stored or
 * uploaded. A second call in the same page returns the first call's handle.
 *
 * @throws TypeError for an invalid option, before anything is recorded.
 */
export function startRecording(options: RecorderOptions): Promise<RecordingHandle> {
  const resolved = resolveOptions(options);
  if (current === undefined) {
    current = begin(resolved);
    // A failed start may be retried, for example after fixing an option.
    current.catch(() => {
      current = undefined;
    });
  } else {
    resolved.onWarning('startRecording() was called again; returning the running recording');
  }
  return current;
}

async function begin(options: ResolvedOptions): Promise<RecordingHandle> {
  if (typeof window === 'undefined' || !/^https?:$/.test(location.protocol)) {
    return INACTIVE;
  }
  const sessions = new SessionStore(storageOf('sessionStorage'));
  const session = sessions.resumeOrStart(options.sampleRate);
  if (!session.sampled || !(await askConsent(options))) {
    return INACTIVE;
  }
  const recorder = new PageRecorder(options, sessions, session);
  recorder.start();
  return {
    active: true,
    sessionId: recorder.sessionId,
    addTags: (...tags) => recorder.addTags(tags),
    flush: () => recorder.flush(),
    stop: () => recorder.stop(),
  };
}

async function askConsent(options: ResolvedOptions): Promise<boolean> {
  if (options.consent === undefined) {
    return true;
  }
  try {
    return (await options.consent()) === true;
  } catch (error) {
    options.onWarning('the consent hook failed, so nothing is recorded', error);
    return false;
  }
}
