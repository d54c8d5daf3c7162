import { stat } from 'node:fs/promises';
import { basename, dirname, extname, join, relative, resolve } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { loadFlow } from '../../capture/load-flow.js';
import { recordSession } from '../../capture/record-session.js';
import type { Recording } from '../../fixture/recording.js';
import { recordingFileName, writeRecording } from '../../fixture/write-recording.js';
import { formatMessage, UsageError } from '../../shared/errors.js';

/** Parsed arguments of `replaygate record`. */
export interface RecordArguments {
  url: string;
  flow?: string;
  out?: string;
  name?: string;
  viewport?: string;
  deviceScaleFactor?: number;
  locale?: string;
  timezone?: string;
  seed?: string;
  headed?: boolean;
}

const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

function buildRecordArguments(yargs: Argv): Argv<RecordArguments> {
  return yargs
    .positional('url', {
      type: 'string',
      demandOption: true,
      describe: 'First page of the session, served on 127.0.0.1 or localhost',
    })
    .options({
      flow: {
        type: 'string',
        describe:
          'Module whose default export is async function flow(page, baseURL); without it a browser window opens for recording by hand',
      },
      out: {
        type: 'string',
        describe:
          'Raw recording file to write; run replaygate sanitize on it before committing it [default: raw/<name>.replay.json.gz]',
      },
      name: {
        type: 'string',
        describe: 'Session name [default: the flow file name, or "session"]',
      },
      viewport: {
        type: 'string',
        describe: 'Viewport as WIDTHxHEIGHT in CSS pixels [default: 1280x720]',
      },
      'device-scale-factor': { type: 'number', describe: 'Device pixel ratio [default: 1]' },
      locale: {
        type: 'string',
        describe: 'Browser locale such as en-US [default: Chromium default]',
      },
      timezone: {
        type: 'string',
        describe: 'IANA time zone such as Europe/Berlin [default: this machine]',
      },
      seed: {
        type: 'string',
        describe: 'Seed for Math.random and crypto at replay [default: random]',
      },
      headed: { type: 'boolean', describe: 'Show the browser while the flow runs' },
    })
    .example(
      '$0 record http://127.0.0.1:4173/ --flow flows/checkout.ts',
      'Record a scripted session',
    )
    .example(
      '$0 record http://127.0.0.1:4173/ --name signup',
      'Record by hand in a browser window',
    ) as unknown as Argv<RecordArguments>;
}

/** `replaygate record <url>`: records one session and writes it as a recording file. */
export const recordCommand: CommandModule<object, RecordArguments> = {
  command: 'record <url>',
  describe: 'Record a browser session (rrweb events and network traffic) into a recording file',
  builder: buildRecordArguments,
  handler: async (argv) => {
    const cwd = process.cwd();
    const name = argv.name ?? defaultSessionName(argv.flow);
    if (!NAME_PATTERN.test(name)) {
      throw new UsageError(
        `--name: "${name}" is not a valid session name. Use letters, digits, ".", "_" and "-", starting with a letter or digit.`,
      );
    }
    const out = resolve(cwd, argv.out ?? `raw/${recordingFileName(name)}`);
    // Checked before the browser starts, so a wrong --out does not cost the recorded session.
    await checkOutputFile(out, argv.out ?? relative(cwd, out), recordingFileName(name));
    const flow = argv.flow === undefined ? undefined : await loadFlow(argv.flow, cwd);

    const recording = await recordSession({
      url: argv.url,
      name,
      ...(flow ? { flow } : {}),
      ...(argv.viewport ? { viewport: parseViewport(argv.viewport) } : {}),
      ...(argv.deviceScaleFactor !== undefined
        ? { deviceScaleFactor: parseScaleFactor(argv.deviceScaleFactor) }
        : {}),
      ...(argv.locale ? { locale: argv.locale } : {}),
      ...(argv.timezone ? { timeZone: argv.timezone } : {}),
      ...(argv.seed ? { seed: argv.seed } : {}),
      ...(argv.headed ? { headed: true } : {}),
    });
    await writeRecording(out, recording);
    const { size } = await stat(out);
    process.stdout.write(
      `${formatMessage(`Wrote ${relative(cwd, out) || out} (${formatKiB(size)})`)}\n`,
    );
    process.stdout.write(`${formatMessage(summarizeRecording(recording))}\n`);
    // A raw recording contains whatever the page showed, so only a sanitized copy belongs in
    // the repository.
    const folder = relative(cwd, dirname(out)) || '.';
    process.stdout.write(
      `${formatMessage(`Next: replaygate sanitize ${folder} --out recordings, then commit recordings/.`)}\n`,
    );
  },
};

/**
 * Rejects an output path that is an existing folder, where the atomic rename of the written
 * file would fail.
 *
 * @throws UsageError naming the folder and the fix.
 */
export async function checkOutputFile(
  path: string,
  shown: string,
  fileName: string,
): Promise<void> {
  const existing = await stat(path).catch(() => undefined);
  if (existing?.isDirectory()) {
    throw new UsageError(
      `--out: "${shown}" is a folder. Pass a file path such as ${join(shown, fileName)}.`,
    );
  }
}

/** Parses `WIDTHxHEIGHT` into CSS pixels. */
export function parseViewport(value: string): { width: number; height: number } {
  const match = /^\s*(\d+)\s*[xX]\s*(\d+)\s*$/.exec(value);
  const width = Number(match?.[1]);
  const height = Number(match?.[2]);
  if (!match || width <= 0 || height <= 0) {
    throw new UsageError(
      `--viewport: "${value}" is not a viewport. Pass WIDTHxHEIGHT in CSS pixels, for example 1280x720.`,
    );
  }
  return { width, height };
}

function parseScaleFactor(value: number): number {
  if (!Number.isFinite(value) || value <= 0) {
    throw new UsageError(
      `--device-scale-factor: ${value} is not a positive number. Pass for example 1 or 2.`,
    );
  }
  return value;
}

/** Returns the session name for a flow file (`flows/add-todo.ts` gives `add-todo`), or `session`. */
export function defaultSessionName(flowFile: string | undefined): string {
  if (flowFile === undefined) {
    return 'session';
  }
  const base = basename(flowFile, extname(flowFile));
  return base.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[^A-Za-z0-9]+/, '') || 'session';
}

/** Describes a recording in one line: page loads, events, user inputs, exchanges and duration. */
export function summarizeRecording(recording: Recording): string {
  const { events, network } = recording;
  const pageLoads = events.filter((event) => event.type === 2).length;
  const first = events[0]?.timestamp ?? 0;
  const last = events[events.length - 1]?.timestamp ?? first;
  const seconds = ((last - first) / 1000).toFixed(1);
  return `Recorded "${recording.meta.name}": ${pageLoads} page load(s), ${events.length} rrweb events, ${network.length} network exchanges over ${seconds} s.`;
}

function formatKiB(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KiB`;
}
