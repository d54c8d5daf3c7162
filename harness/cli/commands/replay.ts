import type { CommandModule } from 'yargs';
import { shouldUseColor } from '../../../reporters/console.js';
import { runReporters, selectReporters } from '../../../reporters/index.js';
import { replayOptions } from '../../config/options.js';
import { resolveConfig } from '../../config/resolve-config.js';
import { runReplay } from '../../runner/run-replay.js';
import { reporterContext } from './reporter-context.js';

/**
 * `replaygate replay`: replays the recordings against a build, prints progress, runs the
 * selected reporters (the console summary and the JSON report by default), and sets the exit
 * code (0 pass, 1 regression, 2 invalid input).
 * This command is the composition root: the only module of the harness that imports reporters.
 */
export const replayCommand: CommandModule<object, Record<string, unknown>> = {
  command: 'replay',
  describe: 'Replay recorded sessions against a build and gate on DOM and pixel fidelity',
  builder: (yargs) =>
    yargs
      .options(replayOptions)
      .example('$0 replay --serve dist', 'Serve the built app in dist/ and replay recordings/')
      .example('$0 replay --url http://127.0.0.1:4173/', 'Replay against a running build')
      .example('$0 replay --update-baselines', 'Store this run as the new baselines'),
  handler: async (argv) => {
    const cwd = process.cwd();
    const config = await resolveConfig({ argv, env: process.env, cwd });
    const color = shouldUseColor(process.stdout, process.env);
    // Checked before the replay, so a misspelt reporter does not cost a whole run.
    const reporters = selectReporters(config.reporters, config.outputDir);

    const report = await runReplay({ config, cwd, color });

    await runReporters(report, reporters, reporterContext(config, color));
    if (config.json) {
      process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    }
    process.exitCode = report.exitCode;
  },
};
