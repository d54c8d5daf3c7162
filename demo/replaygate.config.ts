import type { ReplaygateConfig } from '../harness/config/define-config.js';

/**
 * Replays the demo recordings against the demo apps. Build the apps into `.apps` first with
 * `node dist/demo/build-apps.js`; `npm run record:demo` builds them too.
 */
export default {
  recordings: ['../recordings'],
  serve: '.apps',
  // TodoMVC's vanillajs example keys each row by Date.now() at the moment the change event
  // fires, which can land a millisecond after the recorded key press. Replays of one build
  // agree to the millisecond; only the comparison with the recording itself needs this.
  ignoreAttributes: ['data-id'],
} satisfies ReplaygateConfig;
