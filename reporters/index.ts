import { join, resolve } from 'node:path';
import type { ReplayReport, SessionResult } from '../harness/result/types.js';
import { UsageError } from '../harness/shared/errors.js';
import { renderSummary } from './console.js';
import { writeJsonReport } from './json.js';
import { writeJunitReport } from './junit.js';
import { writeMarkdownReport } from './markdown.js';

/** File name of the run's JSON report inside the output folder, written on every run. */
export const REPORT_FILE = 'report.json';

/** Inputs of the reporters of one run, besides the report. */
export interface ReporterContext {
  /** The run's output folder; default output paths are inside it. */
  outputDir: string;
  /** Writes text to standard output. */
  write(text: string): void;
  /** Whether the console summary may use ANSI colours. */
  color: boolean;
  /** Whether the console summary lists every failing checkpoint and DOM change. */
  verbose: boolean;
  /** True when `--json` prints the report on standard output, so the console summary stays off. */
  json: boolean;
  /** Address of the published report, linked from the Markdown summary. */
  reportUrl?: string;
  /** Address of the CI run with the artifacts, linked from the Markdown summary. */
  artifactUrl?: string;
  /** Returns a session's recorded rrweb events for the HTML report's player, or undefined. */
  recordingFor?: (session: SessionResult) => Promise<unknown[] | undefined>;
}

/** Registry entry of one reporter: its output kind, default path and writer. */
interface ReporterDefinition {
  /** Help text for the docs. */
  description: string;
  /** `file` reporters take `outputFile`, `folder` reporters `outputFolder`, `stdout` neither. */
  output: 'stdout' | 'file' | 'folder';
  /** File or folder name inside the run's output folder when no path is configured. */
  defaultName?: string;
  /** Writes the output; `path` is the resolved file or folder, or undefined for `stdout`. */
  run(report: ReplayReport, path: string | undefined, context: ReporterContext): Promise<void>;
}

/**
 * The reporters a run can select, by name. The name union, the `--reporter` help and the
 * error for an unknown name all come from this object.
 */
export const REPORTERS = {
  console: {
    description: 'Table of sessions worst first, with the first cause of each failure',
    output: 'stdout',
    async run(report, _path, context) {
      if (!context.json) {
        context.write(
          `${renderSummary(report, { color: context.color, verbose: context.verbose })}\n`,
        );
      }
    },
  },
  json: {
    description: 'The full report as JSON, the format `replaygate merge-reports` reads',
    output: 'file',
    defaultName: REPORT_FILE,
    run: (report, path) => writeJsonReport(requirePath(path), report),
  },
  html: {
    description:
      'Browsable report: screenshots, diffs, DOM changes, steps, traces and the recorded session',
    output: 'folder',
    defaultName: 'html',
    async run(report, path, context) {
      // Loaded on use: the HTML report's templates and player assets are the largest reporter.
      const { writeHtmlReport } = await import('./html/index.js');
      await writeHtmlReport(report, {
        outputFolder: requirePath(path),
        ...(context.recordingFor === undefined ? {} : { recordingFor: context.recordingFor }),
      });
    },
  },
  markdown: {
    description: 'GitHub Markdown summary for a job summary or a pull-request comment',
    output: 'file',
    defaultName: 'summary.md',
    run: (report, path, context) =>
      writeMarkdownReport(requirePath(path), report, {
        ...(context.reportUrl === undefined ? {} : { reportUrl: context.reportUrl }),
        ...(context.artifactUrl === undefined ? {} : { artifactUrl: context.artifactUrl }),
      }),
  },
  junit: {
    description: 'JUnit XML with a test case per session, for CI test result views',
    output: 'file',
    defaultName: 'junit.xml',
    run: (report, path) => writeJunitReport(requirePath(path), report),
  },
} satisfies Record<string, ReporterDefinition>;

/** The name of a reporter in {@link REPORTERS}. */
export type ReporterName = keyof typeof REPORTERS;

/** Every reporter name, in registry order. */
export const REPORTER_NAMES = Object.keys(REPORTERS) as ReporterName[];

/** A reporter as the config names it, before it is checked against the registry. */
export interface ReporterEntry {
  name: string;
  outputFile?: string;
  outputFolder?: string;
  /** Source of the name (a flag, a variable, the config file), named in errors. */
  source?: string;
}

/** A checked reporter with its output path, absolute or relative to the current folder. */
export interface SelectedReporter {
  name: ReporterName;
  /** File or folder to write; undefined for the console. */
  path: string | undefined;
}

function requirePath(path: string | undefined): string {
  if (path === undefined) {
    throw new Error('A file reporter ran without an output path.');
  }
  return path;
}

function isReporterName(name: string): name is ReporterName {
  return Object.hasOwn(REPORTERS, name);
}

function outputPath(
  entry: ReporterEntry,
  name: ReporterName,
  outputDir: string,
): string | undefined {
  const definition: ReporterDefinition = REPORTERS[name];
  const where = entry.source === undefined ? '' : ` (set in ${entry.source})`;
  if (definition.output === 'stdout') {
    if (entry.outputFile !== undefined || entry.outputFolder !== undefined) {
      throw new UsageError(
        `Reporter "${name}"${where} prints to standard output and takes no outputFile or outputFolder. Remove the option, or choose a file reporter such as markdown or junit.`,
      );
    }
    return undefined;
  }
  if (definition.output === 'folder') {
    if (entry.outputFile !== undefined && entry.outputFolder === undefined) {
      throw new UsageError(
        `Reporter "${name}"${where} writes a folder, so it takes outputFolder, not outputFile ${entry.outputFile}. Rename the option to outputFolder.`,
      );
    }
    return resolve(entry.outputFolder ?? join(outputDir, definition.defaultName ?? name));
  }
  // A file reporter given only a folder writes its default file name there, as Playwright's
  // PLAYWRIGHT_JUNIT_OUTPUT_DIR does.
  const fileName = definition.defaultName ?? `${name}.out`;
  return resolve(entry.outputFile ?? join(entry.outputFolder ?? outputDir, fileName));
}

/**
 * Checks reporter names against {@link REPORTERS} and resolves each output path, defaulting
 * to a file or folder inside `outputDir`.
 *
 * @throws UsageError for an unknown name or an output option the reporter does not take,
 *   naming where the reporter was set and the valid names.
 */
export function selectReporters(
  entries: readonly ReporterEntry[],
  outputDir: string,
): SelectedReporter[] {
  return entries.map((entry) => {
    if (!isReporterName(entry.name)) {
      const where = entry.source === undefined ? '' : ` in ${entry.source}`;
      throw new UsageError(
        `Unknown reporter "${entry.name}"${where}. Choose from ${REPORTER_NAMES.join(', ')}, for example --reporter console,junit.`,
      );
    }
    return { name: entry.name, path: outputPath(entry, entry.name, outputDir) };
  });
}

/** A file or folder that {@link runReporters} wrote. */
export interface ReporterOutput {
  name: ReporterName;
  path: string;
}

/**
 * Writes the run's `report.json` into the output folder, which `approve`, `merge-reports`
 * and the GitHub Action read whatever reporters are selected, then runs each selected
 * reporter in order. Returns the files and folders written by the selected reporters.
 */
export async function runReporters(
  report: ReplayReport,
  reporters: readonly SelectedReporter[],
  context: ReporterContext,
): Promise<ReporterOutput[]> {
  const runRecord = resolve(context.outputDir, REPORT_FILE);
  await writeJsonReport(runRecord, report);

  const outputs: ReporterOutput[] = [];
  for (const reporter of reporters) {
    if (reporter.name === 'json' && reporter.path === runRecord) {
      outputs.push({ name: reporter.name, path: runRecord });
      continue;
    }
    await REPORTERS[reporter.name].run(report, reporter.path, context);
    if (reporter.path !== undefined) {
      outputs.push({ name: reporter.name, path: reporter.path });
    }
  }
  return outputs;
}

/** Renders the reporter reference as a Markdown table, for the docs. */
export function formatReportersMarkdown(): string {
  const rows = [
    '| Reporter | Writes | Default path | Path variable | Description |',
    '| --- | --- | --- | --- | --- |',
  ];
  for (const name of REPORTER_NAMES) {
    const definition: ReporterDefinition = REPORTERS[name];
    const prefix = `REPLAYGATE_${name.toUpperCase()}`;
    const variable =
      definition.output === 'file'
        ? `\`${prefix}_OUTPUT_FILE\`, \`${prefix}_OUTPUT_DIR\``
        : definition.output === 'folder'
          ? `\`${prefix}_OUTPUT_DIR\``
          : '';
    const path =
      definition.defaultName === undefined ? '' : `\`<outputDir>/${definition.defaultName}\``;
    const writes = definition.output === 'stdout' ? 'standard output' : `a ${definition.output}`;
    rows.push(`| \`${name}\` | ${writes} | ${path} | ${variable} | ${definition.description} |`);
  }
  return `${rows.join('\n')}\n`;
}
