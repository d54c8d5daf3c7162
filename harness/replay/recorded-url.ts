import { CUSTOM_EVENT_TAGS, type Recording } from '../fixture/recording.js';

/**
 * Returns true when the recording stores where the page was between page loads. replaygate's recorders
 * add a custom event for every same-document URL change (pushState, replaceState, hash
 * changes); other recorders, and so most imported sessions, only give the URL of each full
 * snapshot, and an app that routes in the page may be elsewhere by the next checkpoint.
 */
export function tracksUrlChanges(recording: Recording): boolean {
  if (recording.meta.recorder.name === 'replaygate') {
    return true;
  }
  return recording.events.some(
    (event) => event.type === 5 && (event.data as { tag?: unknown }).tag === CUSTOM_EVENT_TAGS.url,
  );
}
