import type { eventWithTime } from '@rrweb/types';

/** Source formats that `replaygate import` reads. */
export const IMPORT_FORMATS = ['rrweb', 'packed', 'posthog', 'sentry'] as const;

/** One of {@link IMPORT_FORMATS}. */
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** An rrweb event as a source stores it, tagged with the browser window that recorded it. */
export type SourceEvent = eventWithTime & { windowId?: string };

/** Events and network that a format reader extracts from one input file, before windows are split. */
export interface SourceSession {
  format: ImportFormat;
  /** The variant of the format, for example `export 2023-04-28` or `snapshot lines`. */
  variant: string;
  /** The session id the source stores, when it stores one. */
  sessionId?: string;
  /** Every event in source order, checked to be rrweb events. */
  events: SourceEvent[];
  warnings: string[];
}
