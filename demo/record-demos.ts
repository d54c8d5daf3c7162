import { randomBytes } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { recordSession, type RecordingFlow } from '../harness/capture/record-session.js';
import { recordingFileName, writeRecording } from '../harness/fixture/write-recording.js';
import { auditRecording } from '../harness/sanitize/audit.js';
import { sanitizeRecording } from '../harness/sanitize/sanitize-recording.js';
import { createTextSanitizer } from '../harness/sanitize/text-sanitizer.js';
import { startStaticServer } from '../harness/serve/static-server.js';
import { buildDemoApps, DEFAULT_APPS_DIR, TODOMVC_IMPLEMENTATIONS } from './build-apps.js';
import swaggerPetstoreFlow from './flows/swagger-petstore.js';
import todomvcFlow from './flows/todomvc.js';
import { projectRoot } from './project-paths.js';

/** One demo recording: the app path under the demo server, and the flow to run there. */
interface DemoSession {
  name: string;
  path: string;
  flow: RecordingFlow;
}

/** Every demo recording, written to `recordings/<name>.replay.json.gz`. */
export const DEMO_SESSIONS: DemoSession[] = [
  ...TODOMVC_IMPLEMENTATIONS.map((implementation) => ({
    name: `todomvc-${implementation}`,
    path: `todomvc/${implementation}/`,
    flow: todomvcFlow,
  })),
  { name: 'swagger-petstore', path: 'swagger-ui/', flow: swaggerPetstoreFlow },
];

/**
 * Builds the demo apps, serves them on 127.0.0.1 and records every demo session into
 * `recordingsDir`, so a recorder change never leaves stale fixtures behind. The settings
 * are fixed (viewport, locale, time zone, seed) so that re-recording changes only what the
 * sessions themselves change.
 */
export async function recordDemos(recordingsDir: string, appsDir: string): Promise<void> {
  await buildDemoApps(appsDir);
  const server = await startStaticServer(appsDir);
  try {
    for (const session of DEMO_SESSIONS) {
      const recording = await recordSession({
        url: new URL(session.path, server.url).href,
        name: session.name,
        flow: session.flow,
        viewport: { width: 1280, height: 720 },
        deviceScaleFactor: 1,
        locale: 'en-US',
        timeZone: 'UTC',
        seed: `demo-${session.name}`,
      });
      const out = join(recordingsDir, recordingFileName(session.name));

      // Nothing reaches recordings/ without passing the sanitizer and its audit. The flows type
      // invented values, so a fresh key per run is enough: pseudonyms only need to agree
      // within one session.
      const key = randomBytes(32);
      const sanitized = sanitizeRecording(recording, { text: createTextSanitizer({ key }) });
      const audit = auditRecording(out, sanitized, createTextSanitizer({ key }));
      if (audit.findingCount > 0) {
        throw new Error(
          `The sanitized ${session.name} recording still has ${audit.findingCount} sensitive value(s), so it was not written. Run "replaygate audit" on a copy to see them.`,
        );
      }
      await writeRecording(out, sanitized);
      const { size } = await stat(out);
      const line = `${relative(process.cwd(), out)}: ${(size / 1024).toFixed(1)} KiB, ${recording.events.length} events, ${recording.network.length} exchanges`;
      process.stdout.write(`${line}\n`);
    }
  } finally {
    await server.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const root = projectRoot();
  await recordDemos(join(root, 'recordings'), join(root, DEFAULT_APPS_DIR));
}
