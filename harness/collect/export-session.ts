import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { parseRecording } from '../fixture/read-recording.js';
import {
  RECORDING_FORMAT,
  RECORDING_VERSION,
  type Recording,
  type RecordingMeta,
} from '../fixture/recording.js';
import { UsageError } from '../shared/errors.js';
import { SESSION_ID_PATTERN, recorderBatchSchema } from './batch-schema.js';
import type { RecorderBatch } from './batch.js';
import { listBatchFiles, readBatchFile } from './session-files.js';

/** Returns the recording name derived from a session id, such as `session-Xa91kq2pLm`. */
export function sessionRecordingName(sessionId: string): string {
  return `session-${sessionId}`;
}

/**
 * Returns the replay seed derived from a session id: 16 hex digits of a SHA-256 hash, so
 * every export of a session replays with the same random values.
 */
export function sessionSeed(sessionId: string): string {
  return createHash('sha256')
    .update(`replaygate-session-seed:${sessionId}`)
    .digest('hex')
    .slice(0, 16);
}

/**
 * Assembles the stored batches of one session into a raw recording. Batches are sorted by seq
 * and their events and exchanges concatenated, with exchanges renumbered from 0. The meta
 * comes from the first batch that has one, and `name` and `seed` are derived from the session
 * id unless the recorder sent them.
 *
 * @throws UsageError for an invalid id, a session that is not in the store, a session whose
 *   batches carry no meta, or an assembled recording that is not valid (for example when the
 *   batch with the first full snapshot was never stored).
 */
export async function exportSession(storeDir: string, sessionId: string): Promise<Recording> {
  if (!SESSION_ID_PATTERN.test(sessionId)) {
    throw new UsageError(
      `"${sessionId}" is not a session id: ids are 8 to 64 characters from A-Z, a-z, 0-9, _ and -. Run "replaygate sessions list --store ${storeDir}" to see the ids.`,
    );
  }
  return assembleRecording(storeDir, sessionId, await readSessionBatches(storeDir, sessionId));
}

/**
 * Assembles batches sorted by seq into a validated recording, as {@link exportSession}
 * describes. `storeDir` only names the store in errors.
 */
export function assembleRecording(
  storeDir: string,
  sessionId: string,
  batches: readonly RecorderBatch[],
): Recording {
  const withMeta = batches.find((batch) => batch.meta !== undefined);
  if (withMeta?.meta === undefined) {
    throw new UsageError(
      `Session ${sessionId} in ${storeDir} has no batch with meta (the recorder sends it with the first batch of each page load), so it cannot be exported.`,
    );
  }
  const { name, seed, ...meta } = withMeta.meta;
  const recordingMeta: RecordingMeta = {
    ...meta,
    name: name ?? sessionRecordingName(sessionId),
    seed: seed ?? sessionSeed(sessionId),
  };
  const recording: Recording = {
    format: RECORDING_FORMAT,
    version: RECORDING_VERSION,
    meta: recordingMeta,
    events: batches.flatMap((batch) => batch.events),
    network: batches
      .flatMap((batch) => batch.network)
      .map((exchange, index) => ({ ...exchange, id: index })),
  };
  try {
    return parseRecording(`session ${sessionId}`, recording);
  } catch (error) {
    throw new UsageError(
      `Session ${sessionId} does not assemble into a valid recording: ${(error as Error).message}`,
      { cause: error },
    );
  }
}

/**
 * Reads and validates a session's batch files, sorted by seq.
 *
 * @throws UsageError when the session has no batches or a batch file is damaged.
 */
export async function readSessionBatches(
  storeDir: string,
  sessionId: string,
): Promise<RecorderBatch[]> {
  const files = await listBatchFiles(resolve(storeDir), sessionId);
  if (files.length === 0) {
    throw new UsageError(
      `Session ${sessionId} not found in ${storeDir}. Run "replaygate sessions list --store ${storeDir}" to see the stored sessions.`,
    );
  }
  const batches: RecorderBatch[] = [];
  for (const file of files) {
    const parsed = recorderBatchSchema.safeParse(await readBatchFile(file).catch(() => undefined));
    if (!parsed.success) {
      throw new UsageError(
        `The batch file ${file.path} is damaged or not a batch. Move it out of the store to export the rest of the session.`,
      );
    }
    batches.push(parsed.data as unknown as RecorderBatch);
  }
  return batches;
}

/** Returns the sequence numbers missing between 0 and the highest stored one. */
export function missingSeqs(batches: readonly RecorderBatch[]): number[] {
  const stored = new Set(batches.map((batch) => batch.seq));
  const highest = Math.max(-1, ...stored);
  const missing: number[] = [];
  for (let seq = 0; seq <= highest; seq += 1) {
    if (!stored.has(seq)) {
      missing.push(seq);
    }
  }
  return missing;
}
