import type { eventWithTime } from '@rrweb/types';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readRecording } from '../../fixture/read-recording.js';
import type { Recording } from '../../fixture/recording.js';

/**
 * Reads `recordings/<session>.replay.json.gz`, the committed demo recordings that import tests
 * convert. The folder is found by walking up, because the compiled module sits under `dist/`.
 */
export function readDemoSession(session: string): Promise<Recording> {
  let folder = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(folder, 'recordings')) && dirname(folder) !== folder) {
    folder = dirname(folder);
  }
  return readRecording(join(folder, 'recordings', `${session}.replay.json.gz`));
}

/** Returns a copy of a recording with every event and exchange moved by `deltaMs`. */
export function shiftRecording(recording: Recording, deltaMs: number): Recording {
  const copy = structuredClone(recording);
  for (const event of copy.events) {
    event.timestamp += deltaMs;
  }
  for (const exchange of copy.network) {
    exchange.startedAt += deltaMs;
    exchange.endedAt += deltaMs;
  }
  copy.meta.startedAt += deltaMs;
  return copy;
}

/** Returns the timestamp of a recording's first Meta event. */
export function firstMetaTime(recording: Recording): number {
  const meta = recording.events.find((event) => event.type === 4);
  if (meta === undefined) {
    throw new Error(`${recording.meta.name} has no Meta event.`);
  }
  return meta.timestamp;
}

/** Merges event lists into one sorted by time, keeping list order among equal times. */
export function mergeByTime(...lists: eventWithTime[][]): eventWithTime[] {
  return lists
    .flat()
    .map((event, index) => ({ event, index }))
    .sort((a, b) => a.event.timestamp - b.event.timestamp || a.index - b.index)
    .map(({ event }) => event);
}
