import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import type { RecordingMeta, SanitizationSummary } from '../fixture/recording.js';
import { UsageError } from '../shared/errors.js';
import { RecordingAuditor, type AuditReport } from './audit.js';
import { withCleanTextCache, type CleanTextCache } from './clean-text-cache.js';
import { SessionSanitizer, type SanitizeOptions } from './sanitize-recording.js';
import {
  guardNesting,
  readRecordingItemBatches,
  type RecordingItem,
} from './stream/read-recording-stream.js';
import { RecordingWriter } from './stream/recording-writer.js';
import { collectTypingFinalsFromFile } from './typing-finals-file.js';
import type { TextSanitizer } from './types.js';
import type { LateValueRules } from './walk/selector-matcher.js';
import { TypingFinalsMismatchError, type TypingFinals } from './walk/typing-chains.js';

/** Options of {@link sanitizeRecordingFile}. */
export interface SanitizeFileOptions extends Omit<SanitizeOptions, 'text'> {
  /** Raw recording to read; it is never modified. */
  input: string;
  /** Path of the sanitized `*.replay.json.gz` fixture. */
  output: string;
  /**
   * Creates the text sanitizer of this session. It is called once per run over the file:
   * once for most files, and up to three times when a run has to be repeated.
   */
  createTextSanitizer: () => TextSanitizer;
  /**
   * Folder for the output while it is written and audited.
   * @default the operating system's temporary folder
   */
  tempDir?: string;
}

/** Outcome of sanitizing one file. */
export interface SanitizeFileResult {
  input: string;
  output: string;
  /** False when the audit of the result found a value, so nothing was written. */
  written: boolean;
  events: number;
  exchanges: number;
  summary: SanitizationSummary;
  /** The audit of the sanitized result, made while it was written and before it was moved to `output`. */
  audit: AuditReport;
}

/**
 * Sanitizes a recording file while streaming it, in memory bounded by its largest event.
 * A first pass collects the typing chains. A second pass sanitizes each event and exchange,
 * audits it as `replaygate audit` would, and writes it as gzip-compressed JSON to a
 * temporary file. Only a result the audit finds clean is moved to `output`, so nothing
 * unsanitized and nothing half-written ever appears there. A select's value recorded before
 * the option whose `selectors` rule covers it makes the second pass run again with that
 * rule (see `SessionSanitizer.lateRules`), with the typing chains of the first. Memory also
 * keeps the final values of typing chains and bounded caches (see {@link withCleanTextCache}).
 *
 * @throws FixtureError when the input is unreadable, not a valid recording, or has an event
 *   or exchange that nests too deeply to be walked. Nothing is written to `output` then.
 * @throws UsageError when `output` is the input file.
 */
export async function sanitizeRecordingFile(
  options: SanitizeFileOptions,
): Promise<SanitizeFileResult> {
  const { input, output } = options;
  if (resolve(input) === resolve(output)) {
    throw new UsageError(
      `${input}: the output path is the input file. Pass an --out folder other than the folder of the raw recordings, because inputs are never modified.`,
    );
  }
  const tempDir = options.tempDir ?? tmpdir();
  await mkdir(tempDir, { recursive: true });
  const temporary = join(tempDir, `.${basename(output)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    let finals = await collectTypingFinalsFromFile(input);
    let run: SanitizeRun;
    try {
      run = await sanitizeToTemporary(options, temporary, finals);
    } catch (error) {
      if (!(error instanceof TypingFinalsMismatchError)) {
        throw error;
      }
      // The byte checks of the fast first pass were misled, for example by a repeated `type`
      // key. Parsing every event gives the finals the second pass expects.
      finals = await collectTypingFinalsFromFile(input, { parseEvery: true });
      run = await sanitizeToTemporary(options, temporary, finals);
    }
    const lateRules = run.session.lateRules();
    if (lateRules.size > 0) {
      // A select's value was recorded before the option that has its rule, so the value
      // reached the temporary file unreplaced. A run with those rules replaces it.
      run = await sanitizeToTemporary(options, temporary, finals, lateRules);
    }
    const { counts, session, auditor } = run;
    const summary = session.summary();
    const audit = auditor.report();
    const written = audit.findingCount === 0;
    if (written) {
      await moveIntoPlace(temporary, output);
    }
    return { input, output, written, ...counts, summary, audit };
  } finally {
    await rm(temporary, { force: true });
  }
}

/** Outcome of one run of both passes, read once the temporary file is complete. */
interface SanitizeRun {
  counts: { events: number; exchanges: number };
  session: SessionSanitizer;
  auditor: RecordingAuditor;
}

/**
 * Runs the second pass over the input with the typing chains of the first, and writes the
 * audited result to `temporary`.
 *
 * @throws TypingFinalsMismatchError when the first pass missed a typing chain. The partial
 *   temporary file must then be discarded.
 */
async function sanitizeToTemporary(
  options: SanitizeFileOptions,
  temporary: string,
  finals: TypingFinals,
  lateRules?: LateValueRules,
): Promise<SanitizeRun> {
  const text = withCleanTextCache(options.createTextSanitizer());
  const session = new SessionSanitizer({ ...options, text }, finals, lateRules);
  const auditor = new RecordingAuditor(options.output, text);
  const counts = await writeSanitized(options.input, temporary, { session, auditor, text });
  return { counts, session, auditor };
}

/** The parts of one sanitizing run that every item passes through. */
interface SanitizeSteps {
  session: SessionSanitizer;
  auditor: RecordingAuditor;
  /** The text sanitizer that `session` and `auditor` share. */
  text: CleanTextCache;
}

/**
 * Sanitizes the input into the temporary file. The auditor scans each piece exactly as it
 * is handed to the writer, so the audit covers the bytes written without reading them back.
 */
async function writeSanitized(
  input: string,
  temporary: string,
  steps: SanitizeSteps,
): Promise<{ events: number; exchanges: number }> {
  const writer = new RecordingWriter(temporary);
  const counts = { events: 0, exchanges: 0 };
  try {
    for await (const items of readRecordingItemBatches(input)) {
      for (const item of items) {
        const full = guardItem(input, item, () => writeItem(item, steps, writer, counts));
        steps.text.endElement();
        if (full) {
          await writer.flush();
        }
      }
    }
    const summary = steps.session.summary();
    steps.auditor.field('sanitization', summary);
    await writer.field('sanitization', summary);
    await writer.close();
  } catch (error) {
    await writer.abort();
    throw error;
  }
  return counts;
}

/** Runs `step` on an event or exchange under {@link guardNesting}, and on other items as is. */
function guardItem<Result>(input: string, item: RecordingItem, step: () => Result): Result {
  if (item.kind === 'event') {
    const place = { key: 'events', index: item.index, eventType: item.event.type } as const;
    return guardNesting(input, place, step);
  }
  if (item.kind === 'exchange') {
    return guardNesting(input, { key: 'network', index: item.index }, step);
  }
  return step();
}

/**
 * Sanitizes, audits and buffers one item. Returns true when the writer's buffer is full and
 * must be flushed before the next item.
 */
function writeItem(
  item: RecordingItem,
  { session, auditor }: SanitizeSteps,
  writer: RecordingWriter,
  counts: { events: number; exchanges: number },
): boolean {
  switch (item.kind) {
    case 'field': {
      // An earlier summary describes another run; the new one is written at the end.
      if (item.key === 'sanitization') {
        return false;
      }
      const value = item.key === 'meta' ? session.meta(item.value as RecordingMeta) : item.value;
      auditor.field(item.key, value);
      return writer.appendField(item.key, value);
    }
    case 'array-start':
      writer.startArray(item.key);
      return false;
    case 'event': {
      const event = session.event(item.event, item.index);
      auditor.event(event, item.index);
      counts.events += 1;
      return writer.appendElement(event);
    }
    case 'plain-event':
      // The sanitizer leaves these events as they are and the audit finds nothing in them
      // (see `readPlainEvent`), so their bytes are written as read.
      session.plainEvent(item.timestamp);
      auditor.plainEvent(item.index);
      counts.events += 1;
      return writer.appendRaw(item.raw);
    case 'exchange': {
      const exchange = session.exchange(item.exchange);
      auditor.exchange(exchange, item.index);
      counts.exchanges += 1;
      return writer.appendElement(exchange);
    }
    case 'array-end':
      if (item.key === 'events') {
        session.endEvents();
      }
      writer.endArray();
      return false;
  }
}

/**
 * Moves the finished file to `output` by renaming. Across file systems, where a rename
 * fails, the file is copied next to `output` under a hidden temporary name first and then
 * renamed, so `output` still appears in one step.
 */
async function moveIntoPlace(temporary: string, output: string): Promise<void> {
  await mkdir(dirname(output), { recursive: true });
  try {
    await rename(temporary, output);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') {
      throw error;
    }
    // NOTE: an interrupt during this copy leaves the hidden temporary file next to `output`;
    // its content is already sanitized and audited.
    const sibling = join(
      dirname(output),
      `.${basename(output)}.${randomBytes(6).toString('hex')}.tmp`,
    );
    try {
      await copyFile(temporary, sibling);
      await rename(sibling, output);
    } finally {
      await rm(sibling, { force: true });
    }
  }
}
