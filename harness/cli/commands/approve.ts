import { join } from 'node:path';
import type { CommandModule } from 'yargs';
import { REPORT_FILE } from '../../../reporters/index.js';
import { readJsonReport } from '../../../reporters/json.js';
import { resolveConfig } from '../../config/resolve-config.js';
import { approveSessions } from '../../report/approve-baselines.js';
import { pickReplayOptions } from './pick-options.js';

/**
 * `replaygate approve [sessions…]`: stores the latest run's actual screenshots and DOM
 * snapshots as the baselines of the named sessions, or of every session that ran.
 */
export const approveCommand: CommandModule<object, Record<string, unknown>> = {
  command: 'approve [sessions..]',
  describe: "Accept the latest run's screenshots and DOM snapshots as the new baselines",
  builder: (yargs) =>
    yargs
      .positional('sessions', {
        describe: 'Session names to approve; default every session of the latest run',
        type: 'string',
        array: true,
      })
      .options(pickReplayOptions(['config', 'output-dir', 'baseline-dir']))
      .example('$0 approve', 'Approve every session of the run in replaygate-results/')
      .example('$0 approve checkout-guest', 'Approve one session'),
  handler: async (argv) => {
    const cwd = process.cwd();
    const config = await resolveConfig({ argv, env: process.env, cwd });
    const names = (argv.sessions as unknown[] | undefined)?.map(String) ?? [];
    const reportPath = join(config.outputDir, REPORT_FILE);
    const report = await readJsonReport(reportPath);

    const result = await approveSessions({
      report,
      reportPath,
      names,
      baselineDir: config.baselineDir,
    });

    const checkpoints = result.approved.reduce((sum, session) => sum + session.checkpoints, 0);
    const lines = [
      `Approved ${count(result.approved.length, 'session')} (${count(checkpoints, 'checkpoint')}) into ${config.baselineDir}:`,
      ...result.approved.map(
        (session) => `  ${session.name} (${count(session.checkpoints, 'checkpoint')})`,
      ),
    ];
    if (result.skipped.length > 0) {
      lines.push(
        `Left out ${count(result.skipped.length, 'skipped session')}: ${result.skipped.join(', ')}`,
      );
    }
    process.stdout.write(`${lines.join('\n')}\n`);
  },
};

function count(value: number, noun: string): string {
  return `${value} ${noun}${value === 1 ? '' : 's'}`;
}
