import { describe, expect, it } from 'vitest';
import type { eventWithTime } from '@rrweb/types';
import { CUSTOM_EVENT_TAGS, type Recording } from '../fixture/recording.js';
import { tracksUrlChanges } from './recorded-url.js';

function recording(recorder: string, events: unknown[]): Recording {
  return {
    format: 'replaygate.recording',
    version: 1,
    meta: {
      name: 'todo',
      startedAt: 1_700_000_000_000,
      url: 'http://127.0.0.1:4173/',
      viewport: { width: 1280, height: 720 },
      deviceScaleFactor: 1,
      userAgent: '',
      locale: 'en-US',
      timeZone: 'UTC',
      seed: 'seed',
      recorder: { name: recorder, version: '1.0.0' },
    },
    events: events as eventWithTime[],
    network: [],
  };
}

const meta = {
  type: 4,
  timestamp: 1,
  data: { href: 'http://127.0.0.1:4173/', width: 1, height: 1 },
};

describe('tracksUrlChanges', () => {
  it('trusts replaygate recordings without any URL event', () => {
    expect(tracksUrlChanges(recording('replaygate', [meta]))).toBe(true);
  });

  it('does not trust an import without URL events', () => {
    expect(tracksUrlChanges(recording('import:rrweb', [meta]))).toBe(false);
  });

  it('trusts an import that carries URL events', () => {
    const urlEvent = {
      type: 5,
      timestamp: 2,
      data: { tag: CUSTOM_EVENT_TAGS.url, payload: { href: 'http://127.0.0.1:4173/#/active' } },
    };
    expect(tracksUrlChanges(recording('import:posthog', [meta, urlEvent]))).toBe(true);
  });
});
