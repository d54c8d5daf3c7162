import { RECORDING_FORMAT } from '../fixture/recording.js';
import { isRecord } from './check-events.js';
import { readPosthogDocument, isPosthogExport } from './formats/posthog.js';
import { readPosthogLines } from './formats/posthog-lines.js';
import { readRrwebDocument } from './formats/rrweb.js';
import {
  hasSegmentHeader,
  hasSentryEvents,
  isSegmentList,
  readSentryDocument,
  readSentryEnvelope,
} from './formats/sentry.js';
import { inputError } from './input-error.js';
import { decodeText, parseInputText, readInputBytes } from './read-input.js';
import type { ImportFormat, SourceSession } from './types.js';

/** The `--format` choice: a source format, or `auto` to detect it from the content. */
export type FormatChoice = ImportFormat | 'auto';

/**
 * Reads one input file into the events it stores, detecting the format unless `choice` names
 * it. Gzip-compressed files are decompressed first.
 *
 * @throws UsageError naming the file, what is wrong with it and how to fix it.
 */
export async function readSourceSession(
  file: string,
  choice: FormatChoice,
): Promise<SourceSession> {
  const bytes = await readInputBytes(file);
  if ((choice === 'auto' || choice === 'sentry') && hasSegmentHeader(bytes)) {
    return readSentryEnvelope(file, bytes);
  }
  const parsed = parseInputText(file, decodeText(bytes));
  if (parsed.kind === 'lines') {
    if (choice !== 'auto' && choice !== 'posthog') {
      throw inputError(
        file,
        `the file is JSON Lines, but --format ${choice} expects one JSON document`,
        'Pass --format posthog for PostHog snapshot lines, or --format auto',
      );
    }
    return readPosthogLines(file, parsed.values);
  }
  const format = choice === 'auto' ? detectFormat(file, parsed.value) : choice;
  switch (format) {
    case 'posthog':
      return readPosthogDocument(file, parsed.value);
    case 'sentry':
      return readSentryDocument(file, parsed.value);
    case 'rrweb':
    case 'packed':
      return readRrwebDocument(file, parsed.value);
  }
}

/**
 * Detects the source format of a parsed JSON document from its shape.
 *
 * @throws UsageError for documents that hold no session events, such as a HAR file.
 */
export function detectFormat(file: string, document: unknown): ImportFormat {
  rejectOtherDocuments(file, document);
  if (isPosthogExport(document)) {
    return 'posthog';
  }
  if (isSegmentList(document)) {
    return 'sentry';
  }
  const values = Array.isArray(document)
    ? document
    : isRecord(document) && Array.isArray(document.events)
      ? document.events
      : [];
  if (values.some(isPosthogLine)) {
    return 'posthog';
  }
  if (hasSentryEvents(values)) {
    return 'sentry';
  }
  return values.some((value) => typeof value === 'string') ? 'packed' : 'rrweb';
}

/** Tells whether a value has a shape only PostHog snapshots have. */
function isPosthogLine(value: unknown): boolean {
  if (Array.isArray(value)) {
    return value.length === 2 && typeof value[0] === 'string' && isRecord(value[1]);
  }
  if (!isRecord(value)) {
    return false;
  }
  return (
    'windowId' in value ||
    'window_id' in value ||
    'cv' in value ||
    value.event === '$snapshot' ||
    value.event === '$snapshot_items'
  );
}

function rejectOtherDocuments(file: string, document: unknown): void {
  if (!isRecord(document)) {
    return;
  }
  if (document.format === RECORDING_FORMAT) {
    throw inputError(
      file,
      'is already a replaygate recording',
      'Pass it to "replaygate sanitize" or "replaygate replay" directly',
    );
  }
  if (isRecord(document.log) && Array.isArray(document.log.entries)) {
    throw inputError(
      file,
      'is a HAR file, which contains network traffic but no rrweb events',
      'Pass it with --har, next to the file with the session events',
    );
  }
}
