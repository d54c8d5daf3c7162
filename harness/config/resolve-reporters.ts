import { resolve } from 'node:path';
import type { ReporterSetting } from './define-config.js';

/** One reporter to run, with its output paths absolute. */
export interface ResolvedReporter {
  name: string;
  /** File a file reporter writes, when set by the config file or the environment. */
  outputFile?: string;
  /** Folder the HTML reporter writes, when set by the config file or the environment. */
  outputFolder?: string;
  /** Source of the name (`--reporter`, `REPLAYGATE_REPORTER`, the config file, the default), for errors. */
  source: string;
}

/** The inputs of {@link resolveReporters}. */
export interface ReporterSources {
  /** The validated `reporters` value from the first source that set it. */
  value: readonly ReporterSetting[];
  /** Source of that value, named in error messages. */
  source: string;
  env: NodeJS.ProcessEnv;
  /** Folder that environment paths are resolved against. */
  cwd: string;
  /** Folder that config file paths are resolved against. */
  rootDir: string;
}

/**
 * Returns the environment variables that set a reporter's output paths, Playwright style:
 * `REPLAYGATE_JUNIT_OUTPUT_FILE` and `REPLAYGATE_HTML_OUTPUT_DIR`.
 */
export function reporterOutputEnv(name: string): { outputFile: string; outputFolder: string } {
  const prefix = `REPLAYGATE_${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
  return { outputFile: `${prefix}_OUTPUT_FILE`, outputFolder: `${prefix}_OUTPUT_DIR` };
}

/**
 * Turns the `reporters` setting into reporters with absolute output paths. A path in an
 * environment variable wins over one in the config file, as every environment variable
 * wins over the file. Names are not checked here: the command that runs the reporters checks
 * them against its registry.
 */
export function resolveReporters(input: ReporterSources): ResolvedReporter[] {
  return input.value.map((setting) => {
    const [name, options] = typeof setting === 'string' ? [setting, {}] : setting;
    const env = reporterOutputEnv(name);
    const outputFile =
      pathFrom(input.env[env.outputFile], input.cwd) ?? pathFrom(options.outputFile, input.rootDir);
    const outputFolder =
      pathFrom(input.env[env.outputFolder], input.cwd) ??
      pathFrom(options.outputFolder, input.rootDir);
    return {
      name,
      ...(outputFile === undefined ? {} : { outputFile }),
      ...(outputFolder === undefined ? {} : { outputFolder }),
      source: input.source,
    };
  });
}

/** Resolves a path against `base`; an unset or blank value (an empty environment variable) counts as unset. */
function pathFrom(value: string | undefined, base: string): string | undefined {
  if (value === undefined || value.trim() === '') {
    return undefined;
  }
  return resolve(base, value.trim());
}
