import { basename } from 'node:path';
import type { Recording } from '../fixture/recording.js';
import { buildRecording, hasFullSnapshot } from './build-recording.js';
import type { HarArchive } from './network/har.js';
import { readSourceSession, type FormatChoice } from './read-source.js';
import { splitWindows } from './split-windows.js';
import { normalizeTimestamps, repairOutliers, sortByTime } from './timestamps.js';
import type { ImportFormat, SourceEvent } from './types.js';

/** Options of {@link importFile}. */
export interface ImportOptions {
  format: FormatChoice;
  har?: HarArchive;
  /** Page URL for sessions whose Meta events name no http(s) page. */
  url?: string;
}

/** One recording imported from an input file. */
export interface ImportedSession {
  input: string;
  format: ImportFormat;
  /** The variant of the source format, for example `export 2023-04-28`. */
  variant: string;
  recording: Recording;
  warnings: string[];
}

/**
 * Imports one input file into one recording per browser window. Timestamps become
 * milliseconds, events are sorted by time, and a session with several windows yields
 * recordings named `<name>-w1`, `<name>-w2` and so on, in order of each window's first event.
 *
 * @throws UsageError naming the file when it cannot be imported.
 */
export async function importFile(file: string, options: ImportOptions): Promise<ImportedSession[]> {
  const source = await readSourceSession(file, options.format);
  const warnings = [...source.warnings];
  const converted = normalizeTimestamps(file, source.events);
  if (converted > 0) {
    warnings.push(`Converted ${converted} event timestamps from seconds to milliseconds.`);
  }
  const repaired = repairOutliersByWindow(source.events);
  if (repaired > 0) {
    warnings.push(
      `Gave ${repaired} events the time of the event before them: their timestamps were out of order and over an hour from their neighbours.`,
    );
  }
  let events = sortByTime(source.events);
  if (source.format === 'posthog') {
    events = withoutDuplicates(events);
  }

  const windows = splitWindows(events);
  const usable = windows.filter(hasFullSnapshot);
  if (usable.length === 0) {
    // Raises the error that names the missing full snapshot.
    buildRecording({ file, name: 'session', seed: 'session', format: source.format, events });
  }
  if (usable.length < windows.length) {
    warnings.push(
      `Skipped ${windows.length - usable.length} of ${windows.length} windows without a full snapshot.`,
    );
  }
  const name = sessionNameOf(file);
  const sessionId = source.sessionId ?? name;
  return usable.map((windowEvents, index) => {
    const suffix = usable.length > 1 ? `-w${index + 1}` : '';
    const built = buildRecording({
      file,
      name: `${name}${suffix}`,
      seed: `${sessionId}${suffix}`,
      format: source.format,
      events: windowEvents,
      ...(options.har ? { har: options.har } : {}),
      ...(options.url === undefined ? {} : { url: options.url }),
    });
    return {
      input: file,
      format: source.format,
      variant: source.variant,
      recording: built.recording,
      warnings: [...warnings, ...built.warnings],
    };
  });
}

/**
 * Returns the session name for an input file: its base name without `.gz`, `.json`, `.jsonl`
 * or `.ndjson`, with characters outside letters, digits, `.`, `_` and `-` replaced by `-`.
 */
export function sessionNameOf(file: string): string {
  const base = basename(file)
    .replace(/\.gz$/i, '')
    .replace(/\.(json|jsonl|ndjson)$/i, '');
  return base.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[^A-Za-z0-9]+/, '') || 'session';
}

/** Repairs outliers within each window's events, in source order. */
function repairOutliersByWindow(events: SourceEvent[]): number {
  const byWindow = new Map<string | undefined, SourceEvent[]>();
  for (const event of events) {
    const list = byWindow.get(event.windowId) ?? [];
    list.push(event);
    byWindow.set(event.windowId, list);
  }
  let repaired = 0;
  for (const list of byWindow.values()) {
    repaired += repairOutliers(list);
  }
  return repaired;
}

/**
 * Drops events identical to one at the same time, which PostHog stores when posthog-js
 * retries a batch. PostHog's own player drops them too.
 */
function withoutDuplicates(events: SourceEvent[]): SourceEvent[] {
  const kept: SourceEvent[] = [];
  let sameTime = new Set<string>();
  let time: number | undefined;
  for (const event of events) {
    if (event.timestamp !== time) {
      sameTime = new Set();
      time = event.timestamp;
    }
    const key = JSON.stringify(event);
    if (!sameTime.has(key)) {
      sameTime.add(key);
      kept.push(event);
    }
  }
  return kept;
}
