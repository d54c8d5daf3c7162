import { readFile } from 'node:fs/promises';
import { REPORT_FORMAT, REPORT_VERSION, type ReplayReport } from '../harness/result/types.js';
import { writeFileAtomic } from '../harness/shared/atomic-write.js';
import { UsageError } from '../harness/shared/errors.js';

/** Writes the report as pretty-printed JSON through a temporary file and a rename. */
export async function writeJsonReport(path: string, report: ReplayReport): Promise<void> {
  await writeFileAtomic(path, `${JSON.stringify(report, null, 2)}\n`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Checks the format name and version of parsed report JSON, and that it lists sessions. */
function validateReport(path: string, data: unknown): ReplayReport {
  if (!isRecord(data) || data.format !== REPORT_FORMAT) {
    const found = isRecord(data) ? JSON.stringify(data.format) : 'no object';
    throw new UsageError(
      `${path} is not a replaygate report: expected "format": "${REPORT_FORMAT}", found ${found ?? 'no format'}. Pass the report.json that replaygate replay wrote to its output folder.`,
    );
  }
  if (typeof data.version !== 'number' || !Number.isInteger(data.version)) {
    throw new UsageError(
      `${path} has an invalid report version ${JSON.stringify(data.version)}; expected the whole number ${REPORT_VERSION}. The file may be damaged: run the replay again.`,
    );
  }
  if (data.version > REPORT_VERSION) {
    throw new UsageError(
      `${path} is report version ${data.version}, but this replaygate reads version ${REPORT_VERSION}. Upgrade replaygate to read it.`,
    );
  }
  if (data.version < REPORT_VERSION) {
    throw new UsageError(
      `${path} is report version ${data.version}, which this replaygate no longer reads (it reads version ${REPORT_VERSION}). Run the replay again with this version.`,
    );
  }
  if (!Array.isArray(data.sessions)) {
    throw new UsageError(
      `${path} has no "sessions" list, so it is not a complete report. Run the replay again.`,
    );
  }
  return data as unknown as ReplayReport;
}

/**
 * Reads a JSON report written by {@link writeJsonReport}.
 *
 * @throws UsageError when the file is missing, is not JSON, is not a replaygate report, or has
 * another report version than this build reads.
 */
export async function readJsonReport(path: string): Promise<ReplayReport> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new UsageError(
        `Report not found: ${path}. Check the path, or run replaygate replay to write one.`,
      );
    }
    throw error;
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new UsageError(
      `${path} is not valid JSON (${reason}). The file may be truncated: run the replay again.`,
    );
  }
  return validateReport(path, data);
}
