import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { UsageError } from '../../harness/shared/errors.js';

/**
 * File in the root of every HTML report folder. It marks the folder as an earlier report that
 * {@link replaceReportFolder} may delete, and not a folder of the user's.
 */
export const REPORT_MARKER = '.replaygate-report';

/**
 * Checks that `target` may be replaced by a new report: it is missing, an empty folder, or a
 * folder with {@link REPORT_MARKER}.
 *
 * @throws UsageError when `target` is a file or a non-empty folder without the marker.
 */
export async function checkReplaceable(target: string): Promise<void> {
  if (!existsSync(target)) {
    return;
  }
  const info = await stat(target);
  if (!info.isDirectory()) {
    throw new UsageError(
      `Cannot write the HTML report to ${target}: a file with that name exists. Choose another output folder for the HTML report, or delete the file.`,
    );
  }
  const entries = await readdir(target);
  if (entries.length > 0 && !entries.includes(REPORT_MARKER)) {
    throw new UsageError(
      `Cannot write the HTML report to ${target}: the folder exists and is not a replaygate report (it has no ${REPORT_MARKER} file), so it was left unchanged. Choose another output folder for the HTML report, or delete this folder.`,
    );
  }
}

/** Creates an empty staging folder next to `target`, on the same file system, for a rename. */
export async function createStagingFolder(target: string): Promise<string> {
  await mkdir(dirname(target), { recursive: true });
  return mkdtemp(join(dirname(target), `.${basename(target)}.staging-`));
}

/**
 * Moves the finished `staging` folder to `target`. A folder cannot be renamed over a non-empty
 * one, so an existing report is first renamed aside and deleted after the swap. Readers see
 * either the old report or the new one, apart from the instant between the two renames. When
 * the second rename fails, the old report is put back.
 */
export async function replaceReportFolder(staging: string, target: string): Promise<void> {
  await checkReplaceable(target);
  if (!existsSync(target)) {
    await rename(staging, target);
    return;
  }
  const previous = join(
    dirname(target),
    `.${basename(target)}.previous-${randomBytes(6).toString('hex')}`,
  );
  await rename(target, previous);
  try {
    await rename(staging, target);
  } catch (error) {
    await rename(previous, target);
    throw error;
  }
  await rm(previous, { recursive: true, force: true });
}
