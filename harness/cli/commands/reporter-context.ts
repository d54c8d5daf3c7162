import { existsSync } from 'node:fs';
import type { ReporterContext } from '../../../reporters/index.js';
import type { ResolvedConfig } from '../../config/resolve-config.js';
import { readRecording } from '../../fixture/read-recording.js';
import type { SessionResult } from '../../result/types.js';

/**
 * Builds the reporter inputs from the resolved config. The HTML report's player reads each
 * session's fixture. A report merged from another machine's shards can name fixtures that are
 * not on this machine, so those sessions get no player.
 */
export function reporterContext(config: ResolvedConfig, color: boolean): ReporterContext {
  return {
    outputDir: config.outputDir,
    write: (text) => process.stdout.write(text),
    color,
    verbose: config.verbose,
    json: config.json,
    ...(config.reportUrl === undefined ? {} : { reportUrl: config.reportUrl }),
    recordingFor: async (session: SessionResult) => {
      if (session.fixture === '' || !existsSync(session.fixture)) {
        return undefined;
      }
      return (await readRecording(session.fixture)).events;
    },
  };
}
