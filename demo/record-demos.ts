import { randomBytes } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { recordSession, type RecordingFlow } from '../harness/capture/record-session.js';
import { recordingFileName, writeRecording } from '../harness/fixture/write-recording.js';
import { auditRecording } from '../harness/sanitize/audit.js';
import { sanitizeRecording } from '../harness/sanitize/sanitize-recording.js';
import { createTextSanitizer } from '../harness/sanitize/text-sanitizer.js';
import { startStaticServer } from '../harness/serve/static-server.js';
import { UsageError } from '../harness/shared/errors.js';
import { buildDemoApps, DEFAULT_APPS_DIR, TODOMVC_IMPLEMENTATIONS } from './build-apps.js';
import swaggerPetstoreFlow from './flows/swagger-petstore.js';
import todomvcFlow, { createTodomvcFlow } from './flows/todomvc.js';
import { HUMAN_PACING } from './flows/todomvc-human-pacing.js';
import { projectRoot } from './project-paths.js';

/** One demo recording: the app path under the demo server, and the flow to run there. */
interface DemoSession {
  name: string;
  path: string;
  flow: RecordingFlow;
  /** The same flow at the pace the Keystroke-Level Model predicts for a person, if it has one. */
  humanPacedFlow?: RecordingFlow;
}

/** Every demo recording, written to `recordings/<name>.replay.json.gz`. */
export const DEMO_SESSIONS: DemoSession[] = [
  ...TODOMVC_IMPLEMENTATIONS.map((implementation) => ({
    name: `todomvc-${implementation}`,
    path: `todomvc/${implementation}/`,
    flow: todomvcFlow,
    humanPacedFlow: createTodomvcFlow(HUMAN_PACING),
  })),
  { name: 'swagger-petstore', path: 'swagger-ui/', flow: swaggerPetstoreFlow },
];

/** Selection and pace of the sessions to record. */
export interface RecordDemosOptions {
  /** Session names to record, or every demo session when missing. */
  only?: string[];
  /**
   * `scripted` (default) runs the flows as the committed recordings were made. `human` runs
   * the Keystroke-Level Model pacing and adds `-human-paced` to each session name.
   */
  pace?: 'scripted' | 'human';
}

/**
 * Builds the demo apps, serves them on 127.0.0.1 and records the demo sessions into
 * `recordingsDir`, so a recorder change never leaves stale fixtures behind. The settings
 * are fixed (viewport, locale, time zone, seed) so that re-recording changes only what the
 * sessions themselves change.
 */
export async function recordDemos(
  recordingsDir: string,
  appsDir: string,
  options: RecordDemosOptions = {},
): Promise<void> {
  const sessions = selectSessions(options);
  await buildDemoApps(appsDir);
  const server = await startStaticServer(appsDir);
  try {
    for (const session of sessions) {
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

/** Returns the sessions `options` selects, with the flow of the requested pace. */
function selectSessions(options: RecordDemosOptions): DemoSession[] {
  const known = DEMO_SESSIONS.map((session) => session.name);
  const unknown = (options.only ?? []).filter((name) => !known.includes(name));
  if (unknown.length > 0) {
    throw new UsageError(
      `Unknown session name(s) in --only: ${unknown.join(', ')}. Pass one or more of ${known.join(', ')}, separated by commas.`,
    );
  }
  const selected = DEMO_SESSIONS.filter(
    (session) => options.only === undefined || options.only.includes(session.name),
  );
  if (options.pace !== 'human') {
    return selected;
  }
  return selected.map((session) => {
    if (!session.humanPacedFlow) {
      throw new UsageError(
        `The ${session.name} flow has no human pacing, only the TodoMVC flows do. Pass --only with TodoMVC sessions, such as --only todomvc-vanillajs.`,
      );
    }
    return {
      name: `${session.name}-human-paced`,
      path: session.path,
      flow: session.humanPacedFlow,
    };
  });
}

const USAGE = `Usage: node dist/demo/record-demos.js [--pace scripted|human] [--only <names>] [--out <folder>]

  --pace <pace>    "scripted" (default) records the committed demo recordings; "human" paces the
                   TodoMVC flow as the Keystroke-Level Model predicts for an average typist and
                   adds -human-paced to the session name
  --only <names>   comma-separated session names to record, such as todomvc-vanillajs
                   (default: every demo session)
  --out <folder>   folder for the recordings (default: recordings)`;

const OPTIONS = {
  pace: { type: 'string', default: 'scripted' },
  only: { type: 'string' },
  out: { type: 'string' },
  help: { type: 'boolean', default: false },
} as const;

function parseFlags() {
  try {
    return parseArgs({ options: OPTIONS }).values;
  } catch (error) {
    // parseArgs throws TypeErrors with ERR_PARSE_ARGS_* codes for unknown or malformed flags.
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

function parseCommandLine(): { out?: string; options: RecordDemosOptions } | undefined {
  const values = parseFlags();
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return undefined;
  }
  if (values.pace !== 'scripted' && values.pace !== 'human') {
    throw new UsageError(`--pace must be "scripted" or "human", got "${values.pace}".`);
  }
  const options: RecordDemosOptions = { pace: values.pace };
  if (values.only !== undefined) {
    options.only = values.only.split(',').map((name) => name.trim());
  }
  return { ...(values.out === undefined ? {} : { out: values.out }), options };
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  try {
    const command = parseCommandLine();
    if (command) {
      const root = projectRoot();
      const out = command.out === undefined ? join(root, 'recordings') : resolve(command.out);
      await recordDemos(out, join(root, DEFAULT_APPS_DIR), command.options);
    }
  } catch (error) {
    if (!(error instanceof UsageError)) {
      throw error;
    }
    process.stderr.write(`${error.message}\n\n${USAGE}\n`);
    process.exitCode = 2;
  }
}
