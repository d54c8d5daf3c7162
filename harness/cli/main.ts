#!/usr/bin/env node
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { replayOptions } from '../config/options.js';
import { formatMessage, UsageError } from '../shared/errors.js';
import { approveCommand } from './commands/approve.js';
import { importCommand } from './commands/import.js';
import { inspectCommand } from './commands/inspect.js';
import { mergeReportsCommand } from './commands/merge-reports.js';
import { recordCommand } from './commands/record.js';
import { replayCommand } from './commands/replay.js';
import { showReportCommand } from './commands/show-report.js';
import { sanitizeCommand } from './commands/sanitize.js';
import { auditCommand } from './commands/audit.js';
import { collectCommand } from './commands/collect.js';
import { sessionsCommand } from './commands/sessions.js';

/** Exit code for invalid usage or input, and for runs that could not start. */
const EXIT_INVALID = 2;

/**
 * Runs the CLI. Commands throw instead of exiting so they stay testable; this handler turns a
 * `UsageError` into its message and exit code 2, and anything else into a stack trace.
 */
async function main(argv: string[]): Promise<void> {
  await yargs(argv)
    .scriptName('replaygate')
    .usage('$0 <command> [options]')
    .command(replayCommand)
    .command(recordCommand)
    .command(importCommand)
    .command(inspectCommand)
    .command(sanitizeCommand)
    .command(auditCommand)
    .command(showReportCommand)
    .command(mergeReportsCommand)
    .command(approveCommand)
    .command(collectCommand)
    .command(sessionsCommand)
    .demandCommand(
      1,
      'Name a command, such as replay, record, import, sanitize or collect; --help lists them all.',
    )
    .strict()
    // A list flag takes one value per occurrence (`--masks .a --masks .b`), so it cannot swallow
    // the words after it.
    .parserConfiguration({ 'greedy-arrays': false })
    .recommendCommands()
    .help()
    .version()
    .fail((message, error) => {
      if (error) {
        throw error;
      }
      // yargs' own validation: unknown flags, missing arguments.
      const sentence = /[.!?]$/.test(message) ? message : `${message}.`;
      const hint = listFlagHint(argv, message);
      throw new UsageError(`${sentence}${hint} Run "replaygate --help" for usage.`);
    })
    .parseAsync();
}

/**
 * Returns a hint for a word that yargs calls unknown because it is the second value after a
 * flag (`--recordings a/ b/`): list flags take one value per occurrence. Returns '' otherwise.
 */
function listFlagHint(argv: readonly string[], message: string): string {
  const unknown = /^Unknown arguments?: (.*)$/.exec(message)?.[1]?.split(', ')[0];
  const position = unknown === undefined ? -1 : argv.indexOf(unknown);
  let flag = position - 1;
  while (flag >= 0 && !argv[flag]!.startsWith('-')) {
    flag--;
  }
  const name = flag < 0 ? undefined : argv[flag];
  const isList = name !== undefined && replayOptions[name.replace(/^--/, '')]?.type === 'array';
  if (!isList || position - flag < 2) {
    return '';
  }
  return ` ${name} takes one value per use: repeat it for each value (${name} ${argv[flag + 1]} ${name} ${unknown}).`;
}

// A reader that closes early (`replaygate audit recordings/ | head`) is not an error of the
// command: the rest of the output is dropped, and the exit code stays the command's own.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') {
    throw error;
  }
});

main(hideBin(process.argv)).catch((error: unknown) => {
  if (error instanceof UsageError) {
    process.stderr.write(`${formatMessage(error.message)}\n`);
  } else {
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    process.stderr.write(`${formatMessage(`internal error: ${detail}`)}\n`);
  }
  process.exitCode = EXIT_INVALID;
});
