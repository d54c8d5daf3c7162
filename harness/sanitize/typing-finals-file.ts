import { EventType, type eventWithTime, type inputData } from '@rrweb/types';
import { isInputEvent } from './sanitize-recording.js';
import type { SplitPart } from './stream/json-splitter.js';
import { parsePart, readSplitPartBatches } from './stream/read-parts.js';
import { TypingFinalsCollector, type TypingFinals } from './walk/typing.js';

/** rrweb writes `type` first, so the event type is usually readable from the first bytes. */
const TYPE_PREFIX = Buffer.from('{"type":');
/** The same with any whitespace JSON allows, for events written by other tools. */
const LEADING_TYPE = /^\s*\{\s*"type"\s*:\s*(\d+)/;
/** Key that only rrweb Input events have; other events skip parsing in the first pass. */
const INPUT_KEY = Buffer.from('"isChecked"');
const DIGIT_ZERO = 0x30;
const DIGIT_NINE = 0x39;

function isDigit(byte: number | undefined): boolean {
  return byte !== undefined && byte >= DIGIT_ZERO && byte <= DIGIT_NINE;
}

/** Reads the event type from the first bytes, or returns undefined when it is not there. */
function peekEventType(raw: Buffer): number | undefined {
  const digit = raw[TYPE_PREFIX.length];
  if (
    isDigit(digit) &&
    !isDigit(raw[TYPE_PREFIX.length + 1]) &&
    raw.compare(TYPE_PREFIX, 0, TYPE_PREFIX.length, 0, TYPE_PREFIX.length) === 0
  ) {
    return digit! - DIGIT_ZERO;
  }
  const match = LEADING_TYPE.exec(raw.subarray(0, 64).toString('latin1'));
  return match ? Number(match[1]) : undefined;
}

/**
 * First pass over a recording file: collects the final value of every typing chain. Only
 * Input events are parsed; other events are recognized from their first bytes, so this
 * pass costs little more than decompressing and splitting the file up to the end of
 * `events`. It checks the JSON structure only that far; the second pass checks the rest.
 *
 * @throws FixtureError when the file cannot be read or its JSON structure is broken.
 */
export async function collectTypingFinalsFromFile(file: string): Promise<TypingFinals> {
  const collector = new TypingFinalsCollector();
  for await (const parts of readSplitPartBatches(file)) {
    for (const part of parts) {
      if (part.kind === 'element' && part.key === 'events') {
        observeEvent(file, part, collector);
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
): void {
  let type = peekEventType(part.raw);
  let event: eventWithTime | undefined;
  if (
    type === undefined ||
    (type === EventType.IncrementalSnapshot && part.raw.includes(INPUT_KEY))
  ) {
    event = parsePart(file, part) as eventWithTime;
    type = event.type;
  }
  if (type === EventType.FullSnapshot) {
    collector.observeFullSnapshot();
  } else if (event !== undefined && isInputEvent(event)) {
    collector.observeInput(event.data as inputData, part.index);
  }
}
