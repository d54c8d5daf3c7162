import { EventType, type eventWithTime, type inputData } from '@rrweb/types';
import { isInputEvent } from './sanitize-recording.js';
import { parsePart, readSplitParts } from './stream/read-parts.js';
import { TypingFinalsCollector, type TypingFinals } from './walk/typing.js';

/** rrweb writes `type` first, so the event type is usually readable from the first bytes. */
const LEADING_TYPE = /^\s*\{\s*"type"\s*:\s*(\d+)/;
/** Key that only rrweb Input events have; other events skip parsing in the first pass. */
const INPUT_KEY = Buffer.from('"isChecked"');

function peekEventType(raw: Buffer): number | undefined {
  const match = LEADING_TYPE.exec(raw.subarray(0, 64).toString('latin1'));
  return match ? Number(match[1]) : undefined;
}

/**
 * First pass over a recording file: collects the final value of every typing chain. Only
 * Input events are parsed; other events are recognized from their first bytes, so this
 * pass costs little more than decompressing the file.
 *
 * @throws FixtureError when the file cannot be read or its JSON structure is broken.
 */
export async function collectTypingFinalsFromFile(file: string): Promise<TypingFinals> {
  const collector = new TypingFinalsCollector();
  for await (const part of readSplitParts(file)) {
    if (part.kind !== 'element' || part.key !== 'events') {
      continue;
    }
    let type = peekEventType(part.raw);
    const mayBeInput = part.raw.includes(INPUT_KEY);
    let event: eventWithTime | undefined;
    if (type === undefined || (type === EventType.IncrementalSnapshot && mayBeInput)) {
      event = parsePart(file, part) as eventWithTime;
      type = event.type;
    }
    if (type === EventType.FullSnapshot) {
      collector.observeFullSnapshot();
    } else if (event !== undefined && isInputEvent(event)) {
      collector.observeInput(event.data as inputData, part.index);
    }
  }
  return collector.finish();
}
