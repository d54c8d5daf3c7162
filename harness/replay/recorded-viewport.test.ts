import { describe, expect, it } from 'vitest';
import { h, RrwebStream } from '../compile/testing/rrweb-stream.js';
import { recordedViewportAt } from './recording-baseline.js';

describe('recordedViewportAt', () => {
  const stream = new RrwebStream();
  stream.page('http://127.0.0.1:4173/', h('p', {}, 'Todos'));
  stream.wait(1_000).resize(480, 700).wait(1_000).resize(1024, 700);
  const { events } = stream.recording('resized');

  it.each([
    [999, undefined],
    [1_000, { width: 480, height: 700 }],
    [1_999, { width: 480, height: 700 }],
    [2_000, { width: 1024, height: 700 }],
  ])('at %i ms is %j', (recordedAt, expected) => {
    expect(recordedViewportAt(events, recordedAt)).toEqual(expected);
  });
});
