import { checkEvents, isRecord } from '../check-events.js';
import { inputError } from '../input-error.js';
import type { SourceEvent, SourceSession } from '../types.js';
import { decompressPosthogEvent } from './posthog-compression.js';
import { readPosthogLines } from './posthog-lines.js';
import { stringField } from './rrweb.js';

/** Versions of PostHog's "export to file": snapshots keyed by window id, then a flat list. */
export const POSTHOG_EXPORT_VERSIONS = ['2022-12-02', '2023-04-28'] as const;

const EXPORT_FIX = 'Export the recording again with "Export to file" in PostHog';

/** Tells whether a document looks like a PostHog recording export of any version. */
export function isPosthogExport(document: unknown): boolean {
  return isRecord(document) && typeof document.version === 'string' && isRecord(document.data);
}

/**
 * Reads a PostHog recording: an export file of version `2022-12-02` (`snapshotsByWindowId`) or
 * `2023-04-28` (`snapshots` with a `windowId` each), or snapshot lines as PostHog stores them
 * (see {@link readPosthogLines}). Events come back decompressed and tagged with their window.
 *
 * @throws UsageError on an unknown export version or a malformed snapshot.
 */
export function readPosthogDocument(file: string, document: unknown): SourceSession {
  if (Array.isArray(document)) {
    return readPosthogLines(file, document);
  }
  if (!isPosthogExport(document)) {
    throw inputError(
      file,
      'the JSON is not a PostHog recording export: expected an object with "version" and "data"',
      EXPORT_FIX,
    );
  }
  const exported = document as { version: string; data: Record<string, unknown> };
  if (exported.version === '2022-12-02') {
    return readExportV1(file, exported.data);
  }
  if (exported.version === '2023-04-28') {
    return readExportV2(file, exported.data);
  }
  throw inputError(
    file,
    `PostHog export version ${JSON.stringify(exported.version)} is not supported (supported: ${POSTHOG_EXPORT_VERSIONS.join(', ')})`,
    EXPORT_FIX,
  );
}

function readExportV1(file: string, data: Record<string, unknown>): SourceSession {
  const byWindow = data.snapshotsByWindowId;
  if (!isRecord(byWindow)) {
    throw inputError(file, 'data.snapshotsByWindowId is missing or not an object', EXPORT_FIX);
  }
  const events: SourceEvent[] = [];
  for (const [windowId, snapshots] of Object.entries(byWindow)) {
    if (!Array.isArray(snapshots)) {
      throw inputError(
        file,
        `data.snapshotsByWindowId["${windowId}"] is not an array of events`,
        EXPORT_FIX,
      );
    }
    const where = (index: number) => `data.snapshotsByWindowId["${windowId}"][${index}]`;
    const restored = snapshots.map((value, index) =>
      decompressPosthogEvent(file, value, where(index)),
    );
    for (const event of checkEvents(file, restored, where)) {
      events.push({ ...event, windowId });
    }
  }
  return { format: 'posthog', variant: 'export 2022-12-02', events, warnings: [] };
}

function readExportV2(file: string, data: Record<string, unknown>): SourceSession {
  const snapshots = data.snapshots;
  if (!Array.isArray(snapshots)) {
    throw inputError(file, 'data.snapshots is missing or not an array of events', EXPORT_FIX);
  }
  const where = (index: number) => `data.snapshots[${index}]`;
  const restored = snapshots.map((value, index) =>
    decompressPosthogEvent(file, value, where(index)),
  );
  const events = checkEvents(file, restored, where);
  const sessionId = stringField(data, ['id']);
  return {
    format: 'posthog',
    variant: 'export 2023-04-28',
    ...(sessionId === undefined ? {} : { sessionId }),
    events,
    warnings: [],
  };
}
