import { describe, expect, it } from 'vitest';
import type { eventWithTime } from '@rrweb/types';
import { hashEvents, renderKey, type RenderKeyInput } from './render-key.js';

const events = [
  { type: 4, data: { href: 'http://127.0.0.1:5173/', width: 800, height: 600 }, timestamp: 1000 },
  { type: 3, data: { source: 2, type: 2, id: 7 }, timestamp: 1500 },
] as unknown as eventWithTime[];

function input(): RenderKeyInput {
  return {
    eventsSha256: hashEvents(events),
    browser: {
      name: 'chromium',
      version: '131.0.6778.85',
      executablePath: '/usr/bin/chromium',
      executableStamp: '1024:1700000000000',
      args: ['--font-render-hinting=none'],
    },
    fonts: 'f'.repeat(64),
    recordedOrigin: 'http://127.0.0.1:5173',
    viewport: { width: 1280, height: 720 },
    deviceScaleFactor: 1,
    locale: 'en-US',
    timeZone: 'UTC',
    capture: { masks: ['.ad'], ignoreAttributes: ['data-id'], settleMs: 500 },
    recordedAt: 1200,
    replaygateVersion: '0.1.0',
    renderer: 'a'.repeat(64),
  };
}

describe('renderKey', () => {
  it('is a stable SHA-256 for equal inputs', () => {
    expect(renderKey(input())).toMatch(/^[0-9a-f]{64}$/);
    expect(renderKey(input())).toBe(renderKey(input()));
  });

  it.each<[string, (value: RenderKeyInput) => void]>([
    ['browser version', (value) => (value.browser.version = '132.0.6834.57')],
    ['installed fonts', (value) => (value.fonts = 'e'.repeat(64))],
    ['recorded origin', (value) => (value.recordedOrigin = 'http://127.0.0.1:5174')],
    ['browser binary', (value) => (value.browser.executablePath = '/opt/chrome/chrome')],
    ['browser binary stamp', (value) => (value.browser.executableStamp = '2048:1700000000000')],
    ['launch flags', (value) => (value.browser.args = [])],
    ['viewport', (value) => (value.viewport = { width: 1280, height: 721 })],
    ['device scale factor', (value) => (value.deviceScaleFactor = 2)],
    ['locale', (value) => (value.locale = 'de-DE')],
    ['time zone', (value) => (value.timeZone = 'Europe/Berlin')],
    ['masks', (value) => (value.capture.masks = [])],
    ['ignored attributes', (value) => (value.capture.ignoreAttributes = [])],
    ['settle time', (value) => (value.capture.settleMs = 250)],
    ['checkpoint time', (value) => (value.recordedAt = 1201)],
    ['replaygate version', (value) => (value.replaygateVersion = '0.2.0')],
    ['renderer code', (value) => (value.renderer = 'b'.repeat(64))],
  ])('changes with the %s', (_name, change) => {
    const changed = input();
    change(changed);
    expect(renderKey(changed)).not.toBe(renderKey(input()));
  });

  it('changes with the recorded events', () => {
    const edited = structuredClone(events);
    (edited[1] as { timestamp: number }).timestamp = 1501;
    const changed = { ...input(), eventsSha256: hashEvents(edited) };
    expect(renderKey(changed)).not.toBe(renderKey(input()));
  });
});

describe('hashEvents', () => {
  it('depends on content, not on identity', () => {
    expect(hashEvents(structuredClone(events))).toBe(hashEvents(events));
  });
});
