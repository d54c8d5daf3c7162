import { UNMASK_ATTRIBUTE } from './input-masking.js';
import { startRecording } from './start-recording.js';

// The script-tag build exposes the API as `window.replaygate`, next to whatever the page
// already put there.
const scope = window as unknown as { replaygate?: Record<string, unknown> };
scope.replaygate = { ...scope.replaygate, startRecording, UNMASK_ATTRIBUTE };
