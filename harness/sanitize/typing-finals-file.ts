import { EventType, type eventWithTime, type inputData } from '@rrweb/types';
import { isInputEvent } from './sanitize-recording.js';
import { mightBeInputEvent, peekEventType } from './stream/event-peek.js';
import type { SplitPart } from './stream/json-splitter.js';
import { parsePart, readSplitPartBatches } from './stream/read-parts.js';
import { TypingFinalsCollector, type TypingFinals } from './walk/typing.js';

/** Options of {@link collectTypingFinalsFromFile}. */
export interface TypingFinalsOptions {
  /**
   * Parse every event instead of recognizing most from their raw bytes. The file sanitizer
   * sets it for a second try when the second pass finds a chain the first one missed.
   * @default false
   */
  parseEvery?: boolean;
}

/**
 * First pass over a recording file: collects the final value of every typing chain. By
 * default only events that might be Input events are parsed (see {@link mightBeInputEvent}),
 * and full snapshots are recognized from their first bytes. So this pass costs little more
 * than decompressing and splitting the file up to the end of `events`. It checks the JSON
 * structure only that far, and the second pass checks the rest. Files written oddly
 * enough to mislead the byte checks (a repeated `type` key) are caught by the second pass,
 * which then needs a run with `parseEvery`.
 *
 * @throws FixtureError when the file cannot be read or its JSON structure is broken.
 */
export async function collectTypingFinalsFromFile(
  file: string,
  options: TypingFinalsOptions = {},
): Promise<TypingFinals> {
  const collector = new TypingFinalsCollector();
  for await (const parts of readSplitPartBatches(file)) {
    for (const part of parts) {
      if (part.kind === 'element' && part.key === 'events') {
        observeEvent(file, part, collector, options.parseEvery === true);
      } else if (part.kind === 'array-end' && part.key === 'events') {
        // Nothing after the events matters here, and recordings put `network` after them.
        // The second pass reads the whole file and rejects a second `events` key.
        return collector.finish();
      }
    }
  }
  return collector.finish();
}

function observeEvent(
  file: string,
  part: Extract<SplitPart, { kind: 'element' }>,
  collector: TypingFinalsCollector,
  parseEvery: boolean,
): void {
  let type = parseEvery ? undefined : peekEventType(part.raw);
  let event: eventWithTime | undefined;
  if (type === undefined || mightBeInputEvent(part.raw)) {
    event = parsePart(file, part) as eventWithTime;
    type = event.type;
  }
  if (type === EventType.FullSnapshot) {
    collector.observeFullSnapshot();
  } else if (event !== undefined && isInputEvent(event)) {
    collector.observeInput(event.data as inputData, part.index);
  }
}
