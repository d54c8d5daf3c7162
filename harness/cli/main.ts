#!/usr/bin/env node
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { formatMessage, UsageError } from '../shared/errors.js';
import { inspectCommand } from './commands/inspect.js';
import { recordCommand } from './commands/record.js';
import { replayCommand } from './commands/replay.js';

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
    .command(inspectCommand)
    .demandCommand(1, 'Name a command: replay, record or inspect.')
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
      throw new UsageError(`${message} Run "replaygate --help" for usage.`);
    })
    .parseAsync();
}

main(hideBin(process.argv)).catch((error: unknown) => {
  if (error instanceof UsageError) {
    process.stderr.write(`${formatMessage(error.message)}\n`);
  } else {
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    process.stderr.write(`${formatMessage(`internal error: ${detail}`)}\n`);
  }
  process.exitCode = EXIT_INVALID;
});
