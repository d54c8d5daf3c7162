import { join, relative, resolve } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { recordingFileName, writeRecording } from '../../fixture/write-recording.js';
import { importFile, type ImportedSession } from '../../import/import-file.js';
import { readHarFile } from '../../import/network/har.js';
import type { FormatChoice } from '../../import/read-source.js';
import { IMPORT_FORMATS } from '../../import/types.js';
import { formatMessage, UsageError } from '../../shared/errors.js';
import { checkOutputFolder } from './sanitize.js';

/** Parsed arguments of `replaygate import`. */
export interface ImportArguments {
  inputs: string[];
  out: string;
  format: FormatChoice;
  har?: string;
  url?: string;
}

function buildImportArguments(yargs: Argv): Argv<ImportArguments> {
  return yargs
    .positional('inputs', {
      type: 'string',
      array: true,
      demandOption: true,
      describe: 'Session files exported from rrweb, PostHog or Sentry, optionally gzip-compressed',
    })
    .options({
      out: {
        type: 'string',
        demandOption: true,
        describe: 'Folder for the raw recordings, one <name>.replay.json.gz per session window',
      },
      format: {
        choices: ['auto', ...IMPORT_FORMATS],
        default: 'auto',
        describe: 'Source format; auto detects it from the content',
      },
      har: {
        type: 'string',
        describe:
          'HAR file whose fetch and XHR entries become the network traffic of the sessions they match by time and page',
      },
      url: {
        type: 'string',
        describe: 'Page URL for sessions whose rrweb Meta events name no http(s) page',
      },
    })
    .example('$0 import export.json --out raw/', 'Import a PostHog, Sentry or rrweb export')
    .example(
      '$0 import events.json --har session.har --out raw/',
      'Import rrweb events with the traffic saved in a HAR file',
    )
    .epilogue(
      'Imported recordings are raw: run "replaygate sanitize" on them before committing. Exit codes: 0 all written, 2 invalid usage or input, in which case nothing is written.',
    ) as unknown as Argv<ImportArguments>;
}

function parseUrl(url: string | undefined): string | undefined {
  if (url === undefined) {
    return undefined;
  }
  if (!/^https?:\/\//i.test(url) || !URL.canParse(url)) {
    throw new UsageError(
      `--url: "${url}" is not an http(s) URL. Pass the page the session was recorded on, for example https://app.example.com/.`,
    );
  }
  return url;
}

/** Maps each session to its output file, rejecting two sessions with one name. */
function planOutputs(sessions: ImportedSession[], outDir: string): Map<string, ImportedSession> {
  const byOutput = new Map<string, ImportedSession>();
  for (const session of sessions) {
    const output = join(outDir, recordingFileName(session.recording.meta.name));
    const other = byOutput.get(output);
    if (other !== undefined) {
      throw new UsageError(
        `${other.input} and ${session.input} would both be written to ${output}. Rename one of them, or import them into different --out folders.`,
      );
    }
    byOutput.set(output, session);
  }
  return byOutput;
}

function report(session: ImportedSession, output: string, cwd: string): void {
  const { events, network } = session.recording;
  // Pages are counted as the replay compiler counts them: one per Meta event. rrweb can take
  // several full snapshots of one page (checkouts, takeFullSnapshot), so those are no measure.
  const metaEvents = events.filter((event) => event.type === 4).length;
  const pageLoads = Math.max(metaEvents, events.some((event) => event.type === 2) ? 1 : 0);
  const lines = [
    `Imported ${session.input} (${session.format}, ${session.variant}) -> ${relative(cwd, output) || output}: ${events.length} events, ${pageLoads} page loads, ${network.length} exchanges`,
    ...session.warnings.map((warning) => `  ${warning}`),
  ];
  process.stdout.write(`${formatMessage(lines.join('\n'))}\n`);
}

/**
 * `replaygate import <inputs..> --out <folder>`: converts sessions recorded by other tools into
 * raw replaygate recordings. Every input is converted before anything is written, so a bad
 * input leaves the output folder unchanged.
 */
export const importCommand: CommandModule<object, ImportArguments> = {
  command: 'import <inputs..>',
  describe: 'Convert rrweb, PostHog and Sentry session exports (and HAR traffic) into recordings',
  builder: buildImportArguments,
  handler: async (argv) => {
    const cwd = process.cwd();
    const outDir = resolve(cwd, argv.out);
    await checkOutputFolder(outDir, argv.out);
    const url = parseUrl(argv.url);
    const har = argv.har === undefined ? undefined : await readHarFile(argv.har);
    const sessions: ImportedSession[] = [];
    for (const input of argv.inputs) {
      sessions.push(
        ...(await importFile(input, {
          format: argv.format,
          ...(har ? { har } : {}),
          ...(url === undefined ? {} : { url }),
        })),
      );
    }
    const outputs = planOutputs(sessions, outDir);
    for (const [output, session] of outputs) {
      await writeRecording(output, session.recording);
      report(session, output, cwd);
    }
  },
};
