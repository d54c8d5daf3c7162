import { resolve } from 'node:path';
import type { CommandModule } from 'yargs';
import { shouldUseColor } from '../../../reporters/console.js';
import { REPORT_FILE, runReporters, selectReporters } from '../../../reporters/index.js';
import { readJsonReport } from '../../../reporters/json.js';
import { resolveConfig } from '../../config/resolve-config.js';
import { findShardReports } from '../../report/find-shard-reports.js';
import { mergeReports, type ShardReport } from '../../report/merge-reports.js';
import { formatMessage, UsageError } from '../../shared/errors.js';
import { pickReplayOptions } from './pick-options.js';
import { reporterContext } from './reporter-context.js';

/**
 * `replaygate merge-reports <folders…>`: merges the `report.json` of each shard into one
 * report, writes it to the output folder, runs the selected reporters on it and sets the
 * exit code of the whole run.
 */
export const mergeReportsCommand: CommandModule<object, Record<string, unknown>> = {
  command: 'merge-reports <folders..>',
  describe: 'Merge the reports of sharded replay runs and run the reporters on the result',
  builder: (yargs) =>
    yargs
      .positional('folders', {
        describe: 'Shard output folders, folders holding them, or report.json files',
        type: 'string',
        array: true,
      })
      .options(
        pickReplayOptions([
          'config',
          'output-dir',
          'reporter',
          'report-url',
          'json',
          'quiet',
          'verbose',
        ]),
      )
      .example(
        '$0 merge-reports all-shards/* --reporter console,markdown,junit',
        'Merge downloaded shard results into replaygate-results/',
      ),
  handler: async (argv) => {
    const cwd = process.cwd();
    const config = await resolveConfig({ argv, env: process.env, cwd });
    const reporters = selectReporters(config.reporters, config.outputDir);
    const folders = (argv.folders as unknown[] | undefined)?.map(String) ?? [];

    const paths = await findShardReports(folders, cwd);
    const target = resolve(config.outputDir, REPORT_FILE);
    if (paths.includes(target)) {
      throw new UsageError(
        `The merged report would overwrite the shard report ${target}. Pass --output-dir with another folder.`,
      );
    }
    const shards: ShardReport[] = [];
    for (const path of paths) {
      shards.push({ path, report: await readJsonReport(path) });
    }

    const { report, warnings } = mergeReports(shards);
    for (const warning of warnings) {
      process.stderr.write(`${formatMessage(warning)}\n`);
    }
    const color = shouldUseColor(process.stdout, process.env);
    await runReporters(report, reporters, reporterContext(config, color));
    if (config.json) {
      process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    } else if (!config.quiet) {
      process.stdout.write(`Merged ${shards.length} reports into ${target}\n`);
    }
    process.exitCode = report.exitCode;
  },
};
