import { rmSync } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, resolve, sep } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { FixtureError } from '../../fixture/fixture-error.js';
import { listRecordingFiles, recordingFileName } from '../../fixture/write-recording.js';
import { formatMessage, UsageError } from '../../shared/errors.js';
import {
  adviseFix,
  countsByDetector,
  displayPath,
  formatFindings,
} from '../../sanitize/format-findings.js';
import { loadSanitizeKey } from '../../sanitize/key.js';
import { loadSanitizeRules } from '../../sanitize/load-rules.js';
import { compileRules } from '../../sanitize/rules.js';
import { sanitizeRecordingFile, type SanitizeFileResult } from '../../sanitize/sanitize-file.js';
import { createTextSanitizer } from '../../sanitize/text-sanitizer.js';
import { tuneV8ForSanitizing } from '../../sanitize/tune-v8.js';

/** Parsed arguments of `replaygate sanitize`. */
export interface SanitizeArguments {
  inputs: string[];
  out: string;
  config?: string;
}

function buildSanitizeArguments(yargs: Argv): Argv<SanitizeArguments> {
  return yargs
    .positional('inputs', {
      type: 'string',
      array: true,
      demandOption: true,
      describe: 'Raw recording files, or folders searched for *.replay.json.gz and *.replay.json',
    })
    .options({
      out: {
        type: 'string',
        demandOption: true,
        describe: 'Folder for the sanitized fixtures, usually recordings/',
      },
      config: {
        type: 'string',
        describe: 'Config file with sanitize rules [default: replaygate.config.ts in this folder]',
      },
    })
    .example('$0 sanitize raw/ --out recordings/', 'Sanitize every raw recording in raw/')
    .epilogue(
      'The pseudonym key comes from REPLAYGATE_SANITIZE_KEY or the file named by REPLAYGATE_SANITIZE_KEY_FILE. Exit codes: 0 all written, 1 an output still contained a sensitive value and was not written, 2 invalid usage or input.',
    ) as unknown as Argv<SanitizeArguments>;
}

/**
 * Rejects an output folder path that is an existing file.
 *
 * @throws UsageError naming the path and the fix.
 */
export async function checkOutputFolder(path: string, shown: string): Promise<void> {
  const existing = await stat(path).catch(() => undefined);
  if (existing !== undefined && !existing.isDirectory()) {
    throw new UsageError(
      `--out: "${shown}" is a file, not a folder. Pass a folder for the written recordings, such as recordings/.`,
    );
  }
}

/** Returns the fixture name for a raw recording: `raw/checkout.json.gz` gives `checkout.replay.json.gz`. */
export function sanitizedFileName(input: string): string {
  const name = basename(input)
    .replace(/(\.gz)?$/i, '')
    .replace(/(\.json)?$/i, '')
    .replace(/(\.replay)?$/i, '');
  return recordingFileName(name);
}

/** Expands the inputs, leaving out files inside `outDir`, which earlier runs wrote. */
async function listInputs(inputs: string[], outDir: string, cwd: string): Promise<string[]> {
  const files: string[] = [];
  for (const input of inputs) {
    const isFolder =
      (await stat(resolve(cwd, input)).catch(() => undefined))?.isDirectory() === true;
    for (const file of await listRecordingFiles([input], cwd)) {
      if (!isFolder || !file.startsWith(outDir + sep)) {
        files.push(file);
      }
    }
  }
  return [...new Set(files)];
}

function planOutputs(files: string[], outDir: string): Map<string, string> {
  const byOutput = new Map<string, string>();
  for (const file of files) {
    const output = join(outDir, sanitizedFileName(file));
    const other = byOutput.get(output);
    if (other !== undefined) {
      throw new UsageError(
        `${other} and ${file} would both be written to ${output}. Rename one of them, or sanitize them into different --out folders.`,
      );
    }
    byOutput.set(output, file);
  }
  return byOutput;
}

/**
 * Removes the temporary folder when the process is interrupted, so a stopped run leaves no
 * partial file behind. Returns the function that removes the handlers again.
 */
function removeOnInterrupt(folder: string): () => void {
  const handlers = (['SIGINT', 'SIGTERM', 'SIGHUP'] as const).map((signal) => {
    const handler = () => {
      rmSync(folder, { recursive: true, force: true });
      process.stderr.write(
        `${formatMessage(`Interrupted by ${signal}; no fixture was written for the file in progress.`)}\n`,
      );
      process.exit(signal === 'SIGINT' ? 130 : 143);
    };
    process.once(signal, handler);
    return () => process.off(signal, handler);
  });
  return () => handlers.forEach((remove) => remove());
}

function report(result: SanitizeFileResult, cwd: string): void {
  const replaced = Object.values(result.summary.counts).reduce((sum, count) => sum + count, 0);
  const detail = replaced > 0 ? ` (${countsByDetector(result.summary.counts)})` : '';
  const from = displayPath(result.input, cwd);
  const to = displayPath(result.output, cwd);
  if (result.written) {
    const line = `Sanitized ${from} -> ${to}: ${result.events} events, ${result.exchanges} exchanges, ${replaced} values replaced${detail}`;
    process.stdout.write(`${formatMessage(line)}\n`);
    return;
  }
  const lines = [
    `Not written: ${to} would still contain ${result.audit.findingCount} sensitive value(s) after sanitizing ${from}:`,
    ...formatFindings(result.audit, cwd),
    ...adviseFix(result.audit.findings),
  ];
  process.stderr.write(`${formatMessage(lines.join('\n'))}\n`);
}

/**
 * `replaygate sanitize <inputs..> --out <folder>`: writes a sanitized fixture for each raw
 * recording. Inputs are never modified, each output is written and audited in a temporary
 * folder first, and an output that the audit flags is not written (exit code 1).
 */
export const sanitizeCommand: CommandModule<object, SanitizeArguments> = {
  command: 'sanitize <inputs..>',
  describe:
    'Replace personal data and secrets in raw recordings and write fixtures that still replay',
  builder: buildSanitizeArguments,
  handler: async (argv) => {
    const cwd = process.cwd();
    const outDir = resolve(cwd, argv.out);
    const { rules } = await loadSanitizeRules(argv.config, cwd);
    const compiledRules = compileRules(rules);
    const key = loadSanitizeKey(process.env);
    await checkOutputFolder(outDir, argv.out);
    const files = await listInputs(argv.inputs, outDir, cwd);
    if (files.length === 0) {
      const skipped = await listRecordingFiles(argv.inputs, cwd).catch(() => []);
      if (skipped.length > 0) {
        throw new UsageError(
          `Every recording in ${argv.inputs.join(', ')} is inside --out ${argv.out}, and files there are skipped as earlier output. Pass an --out folder outside the raw recordings, such as recordings/.`,
        );
      }
      throw new UsageError(
        `No recordings found in ${argv.inputs.join(', ')}. Pass *.replay.json.gz files or folders that contain them.`,
      );
    }
    const outputs = planOutputs(files, outDir);
    tuneV8ForSanitizing();

    const tempDir = await mkdtemp(join(tmpdir(), 'replaygate-sanitize-'));
    const stopRemoving = removeOnInterrupt(tempDir);
    let refused = 0;
    let failed = 0;
    try {
      for (const [output, input] of outputs) {
        try {
          const result = await sanitizeRecordingFile({
            input,
            output,
            rules,
            compiledRules,
            tempDir,
            createTextSanitizer: () => createTextSanitizer({ key, rules }),
          });
          report(result, cwd);
          refused += result.written ? 0 : 1;
        } catch (error) {
          if (!(error instanceof FixtureError)) {
            throw error;
          }
          failed += 1;
          process.stderr.write(`${formatMessage(error.message)}\n`);
        }
      }
    } finally {
      stopRemoving();
      await rm(tempDir, { recursive: true, force: true });
    }
    if (failed > 0) {
      process.exitCode = 2;
    } else if (refused > 0) {
      process.exitCode = 1;
    }
  },
};
