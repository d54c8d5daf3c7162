import { EventType } from '@rrweb/types';
import type { eventWithTime } from '@rrweb/types';
import { recorderVersion } from '../capture/recorder-info.js';
import { FixtureError } from '../fixture/fixture-error.js';
import { parseRecording } from '../fixture/read-recording.js';
import type { Recording, RecordingMeta } from '../fixture/recording.js';
import { RECORDING_FORMAT, RECORDING_VERSION } from '../fixture/recording.js';
import { inputError } from './input-error.js';
import { collectNetwork } from './network/collect-network.js';
import type { HarArchive } from './network/har.js';
import { PageTimeline, isHttpUrl } from './network/exchange-parts.js';
import type { ImportFormat, SourceEvent } from './types.js';
import { addUrlChanges } from './url-changes.js';

/**
 * Defaults for the browser facts an import cannot know, so the replay runs in a known
 * environment. An empty user agent makes Playwright keep the browser's own.
 */
export const IMPORT_DEFAULTS = {
  url: 'http://localhost/',
  viewport: { width: 1280, height: 720 },
  deviceScaleFactor: 1,
  userAgent: '',
  locale: 'en-US',
  timeZone: 'UTC',
} as const;

/** Event fields that only describe the source's storage, left out of the recording. */
const SOURCE_ONLY_FIELDS = ['windowId', 'window_id', 'cv'];

/** Inputs of {@link buildRecording}: one browser window of one imported session. */
export interface WindowSource {
  /** The input file, named in errors. */
  file: string;
  name: string;
  seed: string;
  format: ImportFormat;
  /** The window's events, sorted by time. */
  events: SourceEvent[];
  har?: HarArchive;
  /** Page URL to use when no Meta event names an http(s) page. */
  url?: string;
}

/** A recording built from an import, with what the import changed or could not use. */
export interface ImportedRecording {
  recording: Recording;
  warnings: string[];
}

/** Tells whether events contain an rrweb full snapshot. */
export function hasFullSnapshot(events: readonly SourceEvent[]): boolean {
  return events.some((event) => event.type === EventType.FullSnapshot);
}

/**
 * Builds the raw recording of one window: drops incremental events before the first full
 * snapshot, adds `replaygate.url` events for URL changes other recorders reported, moves
 * network plugin and Sentry request events into `network`, adds the matching HAR entries and
 * fills `meta` from the first Meta event and {@link IMPORT_DEFAULTS}.
 *
 * @throws UsageError when the window has no full snapshot, or the result is not a valid recording.
 */
export function buildRecording(source: WindowSource): ImportedRecording {
  const warnings: string[] = [];
  const firstSnapshot = source.events.findIndex((event) => event.type === EventType.FullSnapshot);
  if (firstSnapshot < 0) {
    throw inputError(
      source.file,
      'contains no rrweb full snapshot (event type 2), so no page can be rebuilt from it',
      'Export the session from its start: rrweb takes a full snapshot when it starts recording a page',
    );
  }
  const kept = source.events.filter(
    (event, index) => index >= firstSnapshot || event.type !== EventType.IncrementalSnapshot,
  );
  const dropped = source.events.length - kept.length;
  if (dropped > 0) {
    warnings.push(`Dropped ${dropped} incremental events recorded before the first full snapshot.`);
  }

  const url = startUrl(kept, source, warnings);
  const withUrls = addUrlChanges(kept).events;
  const pages = new PageTimeline(withUrls, url);
  const network = collectNetwork(withUrls, pages, source.har);
  warnings.push(...network.warnings);
  const events = network.events.map(withoutSourceFields);

  const recording: Recording = {
    format: RECORDING_FORMAT,
    version: RECORDING_VERSION,
    meta: buildMeta(source, events, url, warnings),
    events,
    network: network.exchanges,
  };
  return { recording: validate(source, recording), warnings };
}

function startUrl(events: SourceEvent[], source: WindowSource, warnings: string[]): string {
  for (const event of events) {
    if (
      event.type === EventType.Meta &&
      typeof event.data.href === 'string' &&
      isHttpUrl(event.data.href)
    ) {
      return event.data.href;
    }
  }
  const url = source.url ?? IMPORT_DEFAULTS.url;
  if (source.url === undefined) {
    warnings.push(
      `No Meta event names an http(s) page, so the start URL is ${url}; pass --url with the page the session was recorded on.`,
    );
  }
  return url;
}

function buildMeta(
  source: WindowSource,
  events: eventWithTime[],
  url: string,
  warnings: string[],
): RecordingMeta {
  const meta = events.find((event) => event.type === EventType.Meta);
  const width = meta?.type === EventType.Meta ? meta.data.width : undefined;
  const height = meta?.type === EventType.Meta ? meta.data.height : undefined;
  const viewportKnown = isPositiveInteger(width) && isPositiveInteger(height);
  if (!viewportKnown) {
    const { width: defaultWidth, height: defaultHeight } = IMPORT_DEFAULTS.viewport;
    warnings.push(
      `No Meta event gives the viewport size, so it is ${defaultWidth}x${defaultHeight}.`,
    );
  }
  return {
    name: source.name,
    startedAt: events[0]?.timestamp ?? 0,
    url,
    viewport: viewportKnown ? { width, height } : { ...IMPORT_DEFAULTS.viewport },
    deviceScaleFactor: IMPORT_DEFAULTS.deviceScaleFactor,
    userAgent: IMPORT_DEFAULTS.userAgent,
    locale: IMPORT_DEFAULTS.locale,
    timeZone: IMPORT_DEFAULTS.timeZone,
    seed: source.seed,
    recorder: { name: `import:${source.format}`, version: recorderVersion() },
  };
}

function isPositiveInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value > 0;
}

function withoutSourceFields(event: SourceEvent): eventWithTime {
  const copy: Record<string, unknown> = { ...event };
  for (const field of SOURCE_ONLY_FIELDS) {
    delete copy[field];
  }
  return copy as unknown as eventWithTime;
}

function validate(source: WindowSource, recording: Recording): Recording {
  try {
    return parseRecording(`${source.name} (imported from ${source.file})`, recording);
  } catch (error) {
    if (error instanceof FixtureError) {
      throw inputError(
        source.file,
        `the imported session is not a valid recording: ${error.message}`,
        'Check the events of the input, or import it with another --format',
      );
    }
    throw error;
  }
}
