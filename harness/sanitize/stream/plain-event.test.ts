import { IncrementalSource } from '@rrweb/types';
import { describe, expect, it } from 'vitest';
import { WALKED_SOURCES } from '../walk/event.js';
import { PLAIN_SOURCES, readPlainEvent } from './plain-event.js';

const read = (event: unknown) =>
  readPlainEvent(Buffer.from(typeof event === 'string' ? event : JSON.stringify(event)));

describe('readPlainEvent', () => {
  it.each([
    [
      'a mouse move as rrweb writes it',
      { type: 3, data: { source: 1, positions: [{ x: 3, y: 4, id: 6, timeOffset: -10 }] } },
    ],
    [
      'a touch move with two positions',
      {
        type: 3,
        data: {
          source: 6,
          positions: [
            { x: 1, y: 2, id: 3, timeOffset: -20 },
            { x: 1.5, y: 2.25, id: 3, timeOffset: 0 },
          ],
        },
      },
    ],
    [
      'a click',
      {
        type: 3,
        data: { source: 2, type: 2, id: 9, x: 640, y: 584.0900268554688, pointerType: 0 },
      },
    ],
    ['a focus without coordinates', { type: 3, data: { source: 2, type: 5, id: -1 } }],
    ['a scroll', { type: 3, data: { source: 3, id: 1, x: 0, y: 1200 } }],
    ['a viewport resize', { type: 3, data: { source: 4, width: 1280, height: 720 } }],
    [
      'a drag',
      { type: 3, data: { source: 12, positions: [{ x: 1, y: 2, id: 3, timeOffset: 0 }] } },
    ],
  ])('accepts %s, with the timestamp before or after data', (_, event) => {
    const late = { ...event, timestamp: 1700000000123 };
    const early = { type: 3, timestamp: 1700000000123, data: event.data };

    expect(read(late)).toEqual({ source: event.data.source, timestamp: 1700000000123 });
    expect(read(early)).toEqual({ source: event.data.source, timestamp: 1700000000123 });
  });

  it('accepts the longest numbers', () => {
    const raw =
      '{"type":3,"data":{"source":3,"id":-9999999999,"x":9999999999.99999999999999999,"y":0.5},"timestamp":999999999999999}';

    expect(read(raw)).toEqual({ source: 3, timestamp: 999999999999999 });
  });

  it('reads a timestamp with a fraction', () => {
    const raw = '{"type":3,"data":{"source":3,"id":1,"x":0,"y":5},"timestamp":1700000000123.5}';

    expect(read(raw)).toEqual({ source: 3, timestamp: 1700000000123.5 });
  });

  it.each([
    [
      'a mutation',
      { type: 3, data: { source: 0, texts: [], attributes: [], removes: [], adds: [] } },
    ],
    ['an Input event', { type: 3, data: { source: 5, text: 'a', isChecked: false, id: 7 } }],
    ['a full snapshot', { type: 2, data: { node: { type: 0, childNodes: [], id: 1 } } }],
    ['a media interaction', { type: 3, data: { source: 7, type: 0, id: 4, muted: false } }],
    [
      'a card number as a coordinate',
      { type: 3, data: { source: 3, id: 1, x: 4111111111111111, y: 0 } },
    ],
    ['12 digits', { type: 3, data: { source: 4, width: 415555012345, height: 720 } }],
    ['a string value', { type: 3, data: { source: 3, id: 1, x: 0, y: 'a@example.com' } }],
    ['a key rrweb does not write', { type: 3, data: { source: 3, id: 1, x: 0, y: 0, note: 1 } }],
    ['keys in another order', { type: 3, data: { source: 3, x: 0, id: 1, y: 0 } }],
    ['a null value', { type: 3, data: { source: 4, width: null, height: 720 } }],
    ['an empty positions list', { type: 3, data: { source: 1, positions: [] } }],
    ['a delay', { type: 3, data: { source: 3, id: 1, x: 0, y: 0 }, delay: 5 }],
    ['a negative timestamp', { type: 3, data: { source: 3, id: 1, x: 0, y: 0 }, timestamp: -1 }],
  ])('rejects %s', (_, event) => {
    expect(read({ timestamp: 1, ...event })).toBeUndefined();
  });

  it.each([
    ['no timestamp', '{"type":3,"data":{"source":3,"id":1,"x":0,"y":0}}'],
    [
      'two timestamps',
      '{"type":3,"timestamp":1,"data":{"source":3,"id":1,"x":0,"y":0},"timestamp":2}',
    ],
    ['a repeated key', '{"type":3,"data":{"source":3,"id":1,"id":2,"x":0,"y":0},"timestamp":1}'],
    ['an exponent', '{"type":3,"data":{"source":3,"id":1,"x":1e20,"y":0},"timestamp":1}'],
    ['a leading zero', '{"type":3,"data":{"source":3,"id":01,"x":0,"y":0},"timestamp":1}'],
    ['a bare dot', '{"type":3,"data":{"source":3,"id":1.,"x":0,"y":0},"timestamp":1}'],
    ['whitespace', '{"type":3, "data":{"source":3,"id":1,"x":0,"y":0},"timestamp":1}'],
    ['bytes after the event', '{"type":3,"data":{"source":3,"id":1,"x":0,"y":0},"timestamp":1}x'],
    ['a cut event', '{"type":3,"data":{"source":1,"positions":[{"x":1,"y":2'],
    [
      'a position without its first key',
      '{"type":3,"data":{"source":1,"positions":[{,"y":2,"id":3,"timeOffset":0}]},"timestamp":1}',
    ],
    [
      'a data key without its comma',
      '{"type":3,"data":{"source":3"id":1,"x":0,"y":0},"timestamp":1}',
    ],
    [
      'a fraction that rounds to 12 digits',
      '{"type":3,"data":{"source":3,"id":1,"x":99999999999.999999,"y":0},"timestamp":1}',
    ],
    [
      'eleven integer digits',
      '{"type":3,"data":{"source":3,"id":1,"x":12345678901,"y":0},"timestamp":1}',
    ],
    [
      '18 fraction digits',
      '{"type":3,"data":{"source":3,"id":1,"x":0.000000000000000001,"y":0},"timestamp":1}',
    ],
    ['negative zero', '{"type":3,"data":{"source":3,"id":-0,"x":0,"y":0},"timestamp":1}'],
    [
      'a 16-digit timestamp',
      '{"type":3,"data":{"source":3,"id":1,"x":0,"y":0},"timestamp":9007199254740993}',
    ],
    ['a source with a fraction', '{"type":3,"data":{"source":1.0,"positions":[]},"timestamp":1}'],
  ])('rejects %s', (_, raw) => {
    expect(read(raw)).toBeUndefined();
  });

  it('accepts only valid JSON in mutated events', () => {
    const seeds = [
      '{"type":3,"data":{"source":1,"positions":[{"x":3,"y":4,"id":6,"timeOffset":-10},{"x":5,"y":6,"id":6,"timeOffset":0}]},"timestamp":1700000000123}',
      '{"type":3,"timestamp":1700000000123,"data":{"source":2,"type":2,"id":9,"x":640.5,"y":58,"pointerType":0}}',
      '{"type":3,"data":{"source":4,"width":1280,"height":720},"timestamp":1700000000123}',
    ];
    const alphabet = '{}[],:"-.0123456789eExyidtypesourcetimestamp ';
    // The Park-Miller sequence from a fixed seed, so a failure repeats. Its products stay
    // below 2^53, so they are exact in doubles.
    let state = 12345;
    const random = (below: number) => {
      state = (state * 48271) % 2147483647;
      return state % below;
    };
    let accepted = 0;

    for (let round = 0; round < 20_000; round++) {
      let text = seeds[round % seeds.length]!;
      for (let edit = 1 + random(3); edit > 0; edit--) {
        const at = random(text.length);
        const character = alphabet[random(alphabet.length)]!;
        // Insert a character, replace one, or delete up to eight, as much as a short key.
        const kind = random(3);
        let removed = 0;
        if (kind === 1) {
          removed = 1;
        } else if (kind === 2) {
          removed = 1 + random(8);
        }
        text = text.slice(0, at) + (kind === 2 ? '' : character) + text.slice(at + removed);
      }
      const result = read(text);
      if (result === undefined) {
        continue;
      }
      accepted++;
      const parsed = JSON.parse(text) as {
        type: number;
        data: { source: number };
        timestamp: number;
      };
      const keys = (value: unknown): number =>
        typeof value !== 'object' || value === null
          ? 0
          : Object.values(value).reduce<number>(
              (sum, child) => sum + keys(child),
              Array.isArray(value) ? 0 : Object.keys(value).length,
            );
      const numbers = JSON.stringify(parsed.data).match(/-?[\d.]+(e[+-]?\d+)?/g) ?? [];

      expect(parsed.type).toBe(3);
      expect(parsed.data.source).toBe(result.source);
      expect(parsed.timestamp).toBe(result.timestamp);
      expect(text.split('":').length - 1).toBe(keys(parsed));
      expect(numbers.filter((number) => Math.abs(Number(number)) >= 1e11)).toEqual([]);
    }

    expect(accepted).toBeGreaterThan(100);
  });

  it('reads no source the sanitizer walks', () => {
    const walked = [...PLAIN_SOURCES].filter((source) =>
      WALKED_SOURCES.has(source as IncrementalSource),
    );

    expect(walked).toEqual([]);
  });
});
