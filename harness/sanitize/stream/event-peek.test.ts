import { describe, expect, it } from 'vitest';
import { mightBeInputEvent, peekEventType } from './event-peek.js';

const bytes = (text: string) => Buffer.from(text, 'utf8');

describe('mightBeInputEvent', () => {
  it.each([
    ['rrweb Input event', '{"type":3,"data":{"source":5,"text":"a","isChecked":false,"id":7}}'],
    ['event without isChecked', '{"type":3,"data":{"source":5,"id":7,"text":"a"}}'],
    ['source after other keys', '{"data":{"id":7,"text":"a","source":5},"type":3}'],
    ['whitespace around the colon', '{"type":3,"data":{"source" :\n 5 ,"id":7,"text":"a"}}'],
    ['source 5.0', '{"type":3,"data":{"source":5.0,"id":7,"text":"a"}}'],
    ['source 5e0', '{"type":3,"data":{"source":5e0,"id":7,"text":"a"}}'],
    ['source 0.5E1', '{"type":3,"data":{"source":0.5E1,"id":7,"text":"a"}}'],
    ['source written last of two', '{"type":3,"data":{"source":2,"id":7,"text":"a","source":5}}'],
    ['escaped source key', '{"type":3,"data":{"\\u0073ource":5,"id":7,"text":"a"}}'],
    ['escaped type key', '{"\\u0074ype":3,"data":{"source":5,"id":7,"text":"a"}}'],
  ])('accepts %s', (_, raw) => {
    expect(mightBeInputEvent(bytes(raw))).toBe(true);
  });

  it.each([
    ['mouse move', '{"type":3,"data":{"source":1,"positions":[{"x":1,"y":2,"id":7}]}}'],
    ['source 50', '{"type":3,"data":{"source":50,"id":7,"text":"a"}}'],
    ['source as a string value', '{"type":2,"data":{"tagName":"source","id":7,"text":"5"}}'],
    ['escaped backslash before u', '{"type":3,"data":{"source":0,"text":"C:\\\\users"}}'],
    ['quoted key in a text', '{"type":3,"data":{"source":0,"text":"{\\"source\\":5}"}}'],
  ])('rejects %s', (_, raw) => {
    expect(mightBeInputEvent(bytes(raw))).toBe(false);
  });
});

describe('peekEventType', () => {
  it.each([
    ['{"type":3,"data":{}}', 3],
    ['{"type":2}', 2],
    [' {\n "type" : 4 , "data":{}}', 4],
    ['{"type":12,"data":{}}', 12],
    ['{"type":0.3e1,"data":{}}', undefined],
    ['{"type":2.5,"data":{}}', undefined],
    ['{"timestamp":1,"type":3}', undefined],
  ])('reads %s as %s', (raw, expected) => {
    expect(peekEventType(bytes(raw))).toBe(expected);
  });
});
