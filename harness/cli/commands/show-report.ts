import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { CommandModule } from 'yargs';
import { readRecording } from '../../fixture/read-recording.js';
import type { SessionResult } from '../../result/types.js';
import { startStaticServer, type StaticServer } from '../../serve/static-server.js';
import { UsageError } from '../../shared/errors.js';

/** Folder `show-report` serves when none is given: where the HTML reporter writes by default. */
export const DEFAULT_REPORT_FOLDER = 'replaygate-results/html';

/** Port `show-report` listens on by default, the same as `npx playwright show-report`. */
export const DEFAULT_REPORT_PORT = 9323;

/** Parsed arguments of `replaygate show-report`. */
export interface ShowReportArguments {
  folder: string;
  port: number;
}

/**
 * Reads a session's recorded rrweb events from its fixture, for the HTML report's player.
 * Fixtures are sanitized when they are recorded, so the events are what the report may show.
 *
 * @throws FixtureError when the fixture is missing or invalid; the report shows its message.
 */
export async function readRecordedEvents(session: SessionResult): Promise<unknown[]> {
  const recording = await readRecording(session.fixture);
  return recording.events;
}

function checkReportFolder(folder: string): string {
  const root = resolve(folder);
  if (!existsSync(root) || !statSync(root).isDirectory()) {
    throw new UsageError(
      `No HTML report folder at ${root}. Write one with "replaygate replay --reporter html", or pass the report folder: replaygate show-report <folder>.`,
    );
  }
  if (!existsSync(join(root, 'index.html'))) {
    throw new UsageError(
      `${root} has no index.html, so it is not an HTML report. Pass the folder the HTML reporter wrote, for example replaygate show-report ${DEFAULT_REPORT_FOLDER}.`,
    );
  }
  return root;
}

/**
 * Serves an HTML report folder on 127.0.0.1. Port 0 picks a free port.
 *
 * @throws UsageError when the folder contains no report, the port is invalid or the port is in use.
 */
export async function serveReport(folder: string, port: number): Promise<StaticServer> {
  const root = checkReportFolder(folder);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new UsageError(
      `--port ${port} is not a valid port. Pass a whole number from 0 to 65535.`,
    );
  }
  try {
    return await startStaticServer(root, port);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new UsageError(
        `Port ${port} on 127.0.0.1 is already in use. Pass another --port, or --port 0 for a free one.`,
      );
    }
    throw error;
  }
}

/**
 * Serves the report until `signal` aborts, writing the URL to `output`. The CLI aborts on
 * Ctrl-C (SIGINT) or SIGTERM.
 */
export async function runShowReport(
  args: ShowReportArguments,
  signal: AbortSignal,
  output: NodeJS.WritableStream = process.stdout,
): Promise<void> {
  const server = await serveReport(args.folder, args.port);
  output.write(`Serving the HTML report at ${server.url}\nPress Ctrl+C to stop.\n`);
  if (!signal.aborted) {
    await new Promise<void>((resolveStop) =>
      signal.addEventListener('abort', () => resolveStop(), { once: true }),
    );
  }
  await server.close();
}

/** `replaygate show-report [folder]`: serves an HTML report on 127.0.0.1 until Ctrl-C. */
export const showReportCommand: CommandModule<object, ShowReportArguments> = {
  command: 'show-report [folder]',
  describe: 'Serve an HTML report on 127.0.0.1 until Ctrl-C',
  builder: (yargs) =>
    yargs
      .positional('folder', {
        type: 'string',
        default: DEFAULT_REPORT_FOLDER,
        describe: 'Folder the HTML reporter wrote',
      })
      .option('port', {
        type: 'number',
        default: DEFAULT_REPORT_PORT,
        describe: 'Port on 127.0.0.1 to serve the report on; 0 picks a free port',
      })
      .example('$0 show-report', `Serve ./${DEFAULT_REPORT_FOLDER}`)
      .example(
        '$0 show-report ci-artifacts/report --port 0',
        'Serve a downloaded report on a free port',
      ),
  handler: async (argv) => {
    const controller = new AbortController();
    const stop = () => controller.abort();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    try {
      await runShowReport({ folder: argv.folder, port: argv.port }, controller.signal);
    } finally {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    }
  },
};
