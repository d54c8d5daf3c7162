import type { Argv, CommandModule } from 'yargs';
import { FixtureError } from '../../fixture/fixture-error.js';
import { listRecordingFiles } from '../../fixture/write-recording.js';
import { formatMessage, UsageError } from '../../shared/errors.js';
import type { AuditReport } from '../../sanitize/audit.js';
import { auditRecordingFile } from '../../sanitize/audit-file.js';
import { adviseFix, formatFindings } from '../../sanitize/format-findings.js';
import { loadSanitizeRules } from '../../sanitize/load-rules.js';
import { createTextSanitizer } from '../../sanitize/text-sanitizer.js';

/** Parsed arguments of `replaygate audit`. */
export interface AuditArguments {
  inputs: string[];
  config?: string;
  json?: boolean;
}

/**
 * Key for the text sanitizer that `audit` uses only to scan. Scanning never derives a
 * pseudonym, and pseudonyms are recognized without the key, so no secret key is needed.
 */
const SCAN_ONLY_KEY = Buffer.alloc(32);

function buildAuditArguments(yargs: Argv): Argv<AuditArguments> {
  return yargs
    .positional('inputs', {
      type: 'string',
      array: true,
      demandOption: true,
      describe: 'Fixture files, or folders searched for *.replay.json.gz and *.replay.json',
    })
    .options({
      config: {
        type: 'string',
        describe: 'Config file with sanitize rules [default: replaygate.config.ts in this folder]',
      },
      json: { type: 'boolean', describe: 'Print the reports as JSON' },
    })
    .example('$0 audit recordings/', 'Check every committed fixture for personal data and secrets')
    .epilogue(
      'Exit codes: 0 no finding, 1 at least one finding, 2 invalid usage or an unreadable fixture.',
    ) as unknown as Argv<AuditArguments>;
}

function summarize(reports: AuditReport[], unreadable: number): string {
  const events = reports.reduce((sum, report) => sum + report.events, 0);
  const exchanges = reports.reduce((sum, report) => sum + report.exchanges, 0);
  const findings = reports.reduce((sum, report) => sum + report.findingCount, 0);
  const flagged = reports.filter((report) => report.findingCount > 0).length;
  const scope = `Audited ${reports.length} fixture(s) (${events} events, ${exchanges} exchanges)`;
  const unread = unreadable > 0 ? `; ${unreadable} could not be read` : '';
  if (findings === 0) {
    return `${scope}: no personal data or secrets found${unread}.`;
  }
  const listed = reports.flatMap((report) => report.findings);
  return [
    `${scope}: ${findings} sensitive value(s) in ${flagged} fixture(s)${unread}.`,
    ...adviseFix(listed),
  ].join('\n');
}

/**
 * `replaygate audit <inputs..>`: scans every fixture with every detector and lists each
 * finding with its fixture, event index, JSON path, detector and a masked excerpt. Exit
 * code 0 when clean, 1 on any finding, 2 when a fixture cannot be read.
 */
export const auditCommand: CommandModule<object, AuditArguments> = {
  command: 'audit <inputs..>',
  describe: 'Check fixtures for personal data and secrets left in them',
  builder: buildAuditArguments,
  handler: async (argv) => {
    const cwd = process.cwd();
    const { rules } = await loadSanitizeRules(argv.config, cwd);
    const scanner = createTextSanitizer({ key: SCAN_ONLY_KEY, rules });
    const files = await listRecordingFiles(argv.inputs, cwd);
    if (files.length === 0) {
      throw new UsageError(
        `No fixtures found in ${argv.inputs.join(', ')}. Pass *.replay.json.gz files or folders that contain them.`,
      );
    }
    const reports: AuditReport[] = [];
    let unreadable = 0;
    for (const file of files) {
      try {
        reports.push(await auditRecordingFile(file, scanner));
      } catch (error) {
        if (!(error instanceof FixtureError)) {
          throw error;
        }
        unreadable += 1;
        process.stderr.write(`${formatMessage(error.message)}\n`);
      }
    }
    if (argv.json) {
      process.stdout.write(`${JSON.stringify({ reports, unreadable }, null, 2)}\n`);
    } else {
      const lines = reports.flatMap((report) => formatFindings(report, cwd));
      if (lines.length > 0) {
        process.stdout.write(`${lines.join('\n')}\n`);
      }
      process.stdout.write(`${formatMessage(summarize(reports, unreadable))}\n`);
    }
    const findings = reports.some((report) => report.findingCount > 0);
    process.exitCode = unreadable > 0 ? 2 : findings ? 1 : 0;
  },
};
