import { existsSync, statSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { UsageError } from '../shared/errors.js';

/** File name of a run's JSON report inside its output folder. */
const REPORT_FILE = 'report.json';

/**
 * Finds the `report.json` of each shard. Each argument is a shard's output folder, a folder
 * whose direct subfolders are shard output folders (as a CI download of several artifacts lays
 * them out), or a `report.json` file itself.
 *
 * @throws UsageError when an argument does not exist or contains no report.
 */
export async function findShardReports(inputs: readonly string[], cwd: string): Promise<string[]> {
  if (inputs.length === 0) {
    throw new UsageError(
      'merge-reports needs at least one folder with a report.json, for example replaygate merge-reports shard-1 shard-2.',
    );
  }
  const found: string[] = [];
  for (const input of inputs) {
    const path = resolve(cwd, input);
    if (!existsSync(path)) {
      throw new UsageError(
        `${path} does not exist. Pass the folders that hold each shard's report.json.`,
      );
    }
    if (statSync(path).isFile()) {
      found.push(path);
      continue;
    }
    const direct = join(path, REPORT_FILE);
    if (existsSync(direct)) {
      found.push(direct);
      continue;
    }
    const nested = await reportsInSubfolders(path);
    if (nested.length === 0) {
      throw new UsageError(
        `No ${REPORT_FILE} in ${path} or its direct subfolders. Pass each shard's output folder (its --output-dir), or a folder holding them.`,
      );
    }
    found.push(...nested);
  }
  return [...new Set(found)];
}

async function reportsInSubfolders(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true });
  return entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => join(folder, entry.name, REPORT_FILE))
    .filter((path) => existsSync(path))
    .sort();
}
