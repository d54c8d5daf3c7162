import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../shared/atomic-write.js';
import { recorderBatchSchema } from './batch-schema.js';
import type { RecorderBatch } from './batch.js';
import {
  listBatchFiles,
  listSessionIds,
  readBatchFile,
  sessionFolder,
  SUMMARY_FILE,
  type BatchFile,
} from './session-files.js';
import { mergeSummary, summarizeBatch, type SessionSummary } from './session-summary.js';

/**
 * Schema of `summary.json`. A file that does not match is treated as missing and rebuilt
 * from the batch files.
 */
const summaryFileSchema = z.object({
  sessionId: z.string(),
  seqs: z.array(z.int().nonnegative()),
  firstReceivedAt: z.number(),
  lastReceivedAt: z.number(),
  startedAt: z.number().nullable(),
  endedAt: z.number().nullable(),
  urls: z.array(z.string()),
  tags: z.array(z.string()),
  pageErrors: z.int().nonnegative(),
  consoleErrors: z.int().nonnegative(),
  failedRequests: z.int().nonnegative(),
  events: z.int().nonnegative(),
  exchanges: z.int().nonnegative(),
  bytes: z.int().nonnegative(),
  dropped: z.object({
    events: z.int().nonnegative(),
    exchanges: z.int().nonnegative(),
    batches: z.int().nonnegative(),
  }),
});

/** Sessions reconciled at the same time by {@link loadSessionSummaries}. */
const RECONCILE_CONCURRENCY = 16;

/** Options of {@link reconcileSession}. */
export interface ReconcileOptions {
  /** Summaries of batches the caller already parsed, by seq, so their files are not read again. */
  known?: ReadonlyMap<number, SessionSummary>;
  /** Write a repaired summary back and delete temporary files that interrupted writes left. */
  write: boolean;
  log?: (line: string) => void;
}

/** Reads a session's `summary.json`, or returns undefined when it is missing or invalid. */
export async function readSummaryFile(
  store: string,
  sessionId: string,
): Promise<SessionSummary | undefined> {
  try {
    const text = await readFile(join(sessionFolder(store, sessionId), SUMMARY_FILE), 'utf8');
    const parsed = summaryFileSchema.safeParse(JSON.parse(text));
    return parsed.success && parsed.data.sessionId === sessionId ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Writes a session's `summary.json` atomically. */
export async function writeSummaryFile(store: string, summary: SessionSummary): Promise<void> {
  const path = join(sessionFolder(store, summary.sessionId), SUMMARY_FILE);
  await writeFileAtomic(path, `${JSON.stringify(summary)}\n`);
}

/**
 * Returns a session's summary as its batch files on disk make it. The stored summary is
 * used when every seq it lists still has a file, and the batches it lacks are merged in,
 * which repairs a summary that a crash left behind its batch files. Otherwise the summary is
 * rebuilt from all batch files. Returns undefined for a session without batch files.
 */
export async function reconcileSession(
  store: string,
  sessionId: string,
  options: ReconcileOptions,
): Promise<SessionSummary | undefined> {
  const files = await listBatchFiles(store, sessionId);
  if (options.write) {
    await removeTemporaryFiles(sessionFolder(store, sessionId));
  }
  if (files.length === 0) {
    return undefined;
  }
  const onDisk = new Set(files.map((file) => file.seq));
  const stored = await readSummaryFile(store, sessionId);
  let summary = stored?.seqs.every((seq) => onDisk.has(seq)) ? stored : undefined;
  const listed = new Set(summary?.seqs ?? []);

  for (const file of files.filter((candidate) => !listed.has(candidate.seq))) {
    const addition =
      options.known?.get(file.seq) ?? (await summarizeBatchFile(file, sessionId, options.log));
    if (addition !== undefined) {
      summary = summary === undefined ? addition : mergeSummary(summary, addition);
    }
  }
  if (options.write && summary !== undefined && summary !== stored) {
    await writeSummaryFile(store, summary);
  }
  return summary;
}

/**
 * Summarizes one stored batch file. A file that no longer parses as a batch is logged and
 * skipped, so one damaged file cannot hide the rest of the session.
 */
async function summarizeBatchFile(
  file: BatchFile,
  sessionId: string,
  log: ((line: string) => void) | undefined,
): Promise<SessionSummary | undefined> {
  try {
    const [document, stats] = await Promise.all([readBatchFile(file), stat(file.path)]);
    const parsed = recorderBatchSchema.safeParse(document);
    if (!parsed.success || parsed.data.sessionId !== sessionId || parsed.data.seq !== file.seq) {
      log?.(`Skipped ${file.path}: it is not a valid batch of session ${sessionId}.`);
      return undefined;
    }
    const batch = parsed.data as unknown as RecorderBatch;
    return summarizeBatch(batch, { receivedAt: stats.mtimeMs, bytes: stats.size });
  } catch (error) {
    log?.(`Skipped ${file.path}: reading it failed (${(error as Error).message}).`);
    return undefined;
  }
}

/** Deletes the temporary files (`.name.random.tmp`) that interrupted atomic writes left. */
async function removeTemporaryFiles(folder: string): Promise<void> {
  const names = await readdir(folder).catch(() => [] as string[]);
  const temporary = names.filter((name) => name.startsWith('.') && name.endsWith('.tmp'));
  await Promise.all(temporary.map((name) => rm(join(folder, name), { force: true })));
}

/**
 * Reconciles every session in the store and returns the summaries of those with batches,
 * sorted by session id.
 */
export async function loadSessionSummaries(
  store: string,
  options: Omit<ReconcileOptions, 'known'>,
): Promise<SessionSummary[]> {
  const ids = await listSessionIds(store);
  const summaries: Array<SessionSummary | undefined> = new Array(ids.length);
  let next = 0;
  const worker = async () => {
    while (next < ids.length) {
      const index = next;
      next += 1;
      summaries[index] = await reconcileSession(store, ids[index] as string, options);
    }
  };
  await Promise.all(Array.from({ length: RECONCILE_CONCURRENCY }, worker));
  return summaries.filter((summary): summary is SessionSummary => summary !== undefined);
}
