import { EventType, IncrementalSource, type eventWithTime } from '@rrweb/types';
import { expect, test } from 'vitest';
import { compilePlan } from './compile-plan.js';
import { RrwebStream } from './testing/rrweb-stream.js';
import { serializedDom } from './testing/serialized-dom.js';

test('scroll of a frame document', () => {
  const { element, documentOf } = serializedDom();
  const frameDocument = documentOf(element('p', {}));
  const page = documentOf(element('iframe', { id: 'notes' }, frameDocument));
  const start = 1_700_000_000_000;
  const events = [
    { type: EventType.Meta, data: { href: 'http://127.0.0.1/', width: 1280, height: 720 } },
    { type: EventType.FullSnapshot, data: { node: page, initialOffset: { top: 0, left: 0 } } },
    {
      type: EventType.IncrementalSnapshot,
      data: { source: IncrementalSource.Scroll, id: frameDocument.id, x: 0, y: 400 },
    },
  ].map((event, index) => ({ ...event, timestamp: start + index * 100 })) as eventWithTime[];
  const recording = { ...new RrwebStream(start).recording(), events };

  const [step] = compilePlan(recording).steps;
  // The frame's root element scrolls its viewport, and the replay reaches it through the frame.
  expect(step?.action).toMatchObject({ kind: 'scroll', x: 0, y: 400 });
  const target = step?.action.kind === 'scroll' ? step.action.target : undefined;
  expect(target === 'window' ? undefined : target?.candidates[0]).toMatchObject({
    hops: [{ css: '#notes', enterFrame: true }, { css: 'html' }],
  });
});
