import type { Options } from 'yargs';
import { replayOptions } from '../../config/options.js';

/**
 * Returns the `replay` flags named in `flags`, so another command shares their help text and
 * their resolution through the config file and the environment.
 */
export function pickReplayOptions(flags: readonly string[]): Record<string, Options> {
  const picked: Record<string, Options> = {};
  for (const flag of flags) {
    const option = replayOptions[flag];
    if (option === undefined) {
      throw new Error(`The replay command has no flag --${flag}.`);
    }
    picked[flag] = option;
  }
  return picked;
}
