import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { inputData } from '@rrweb/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRecording } from '../fixture/read-recording.js';
import { sanitizeRecordingFile } from './sanitize-file.js';
import { createTextSanitizer } from './text-sanitizer.js';
import { collectTypingFinalsFromFile } from './typing-finals-file.js';

const KEY = Buffer.alloc(32, 9);
const EMAIL = 'ann.bell@mailbox.org';
const TYPED = [...EMAIL].map((_, index) => EMAIL.slice(0, index + 1));
const META = {
  name: 'typing',
  startedAt: 1_700_000_000_000,
  url: 'http://127.0.0.1:4173/',
  viewport: { width: 800, height: 600 },
  deviceScaleFactor: 1,
  userAgent: 'test',
  locale: 'en-US',
  timeZone: 'UTC',
  seed: 'seed',
  recorder: { name: 'replaygate', version: '0.1.0' },
};
const SNAPSHOT_DATA =
  '{"node":{"type":0,"id":1,"childNodes":[{"type":2,"tagName":"html","attributes":{},"id":2,' +
  '"childNodes":[{"type":2,"tagName":"body","attributes":{},"id":3,"childNodes":[{"type":2,' +
  '"tagName":"input","attributes":{"type":"text"},"id":7,"childNodes":[]}]}]}]},' +
  '"initialOffset":{"top":0,"left":0}}';
const SNAPSHOT = `{"type":2,"timestamp":1,"data":${SNAPSHOT_DATA}}`;

/** Raw JSON of one Input event on node 7, written the way `form` names. */
type InputForm = (text: string, timestamp: number) => string;

const quoted = (text: string) => JSON.stringify(text);
const FORMS: Record<string, InputForm> = {
  'without isChecked': (text, timestamp) =>
    `{"type":3,"timestamp":${timestamp},"data":{"source":5,"id":7,"text":${quoted(text)}}}`,
  'with an escaped key': (text, timestamp) =>
    `{"type":3,"timestamp":${timestamp},"data":{"source":5,"id":7,"text":${quoted(text)},"is\\u0043hecked":false}}`,
  'with a repeated type key': (text, timestamp) =>
    `{"type":2,"timestamp":${timestamp},"data":{"source":5,"id":7,"text":${quoted(text)},"isChecked":false},"type":3}`,
  'with an escaped source key': (text, timestamp) =>
    `{"type":3,"timestamp":${timestamp},"data":{"\\u0073ource":5,"id":7,"text":${quoted(text)},"isChecked":false}}`,
  'with source 5.0 and spaces': (text, timestamp) =>
    `{ "data" : { "text" : ${quoted(text)}, "source" : 5.0, "id" : 7 }, "timestamp" : ${timestamp}, "type" : 3 }`,
  'with source 0.5e1': (text, timestamp) =>
    `{"type":3,"timestamp":${timestamp},"data":{"source":0.5e1,"id":7,"text":${quoted(text)},"isChecked":false}}`,
  'with type 0.3e1': (text, timestamp) =>
    `{"type":0.3e1,"timestamp":${timestamp},"data":{"source":5,"id":7,"text":${quoted(text)},"isChecked":false}}`,
  'with a string node id': (text, timestamp) =>
    `{"type":3,"timestamp":${timestamp},"data":{"source":5,"id":"7","text":${quoted(text)},"isChecked":false}}`,
};
const NORMAL: InputForm = (text, timestamp) =>
  `{"type":3,"timestamp":${timestamp},"data":{"source":5,"id":7,"text":${quoted(text)},"isChecked":false}}`;

let folder: string;

function recordingText(events: string[]): string {
  return `{"format":"replaygate.recording","version":1,"meta":${JSON.stringify(META)},"events":[${events.join(',')}],"network":[]}`;
}

async function writeRaw(name: string, events: string[]): Promise<string> {
  const path = join(folder, 'raw', `${name}.replay.json.gz`);
  await writeFile(path, gzipSync(recordingText(events)));
  return path;
}

/** Sanitizes a file and returns the texts of its Input events. */
async function sanitizedTexts(input: string): Promise<string[]> {
  const output = join(folder, 'out', `${Math.random().toString(36).slice(2)}.replay.json.gz`);
  const result = await sanitizeRecordingFile({
    input,
    output,
    tempDir: join(folder, 'tmp'),
    createTextSanitizer: () => createTextSanitizer({ key: KEY }),
  });
  expect(result.written).toBe(true);
  const recording = await readRecording(output);
  return recording.events
    .filter((event) => event.type === 3)
    .map((event) => (event.data as inputData).text);
}

function typingEvents(form: InputForm, values: readonly string[] = TYPED): string[] {
  return [SNAPSHOT, ...values.map((text, index) => form(text, 10 + index))];
}

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'replaygate-typing-finals-'));
  await mkdir(join(folder, 'raw'));
  await mkdir(join(folder, 'tmp'));
});

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('collectTypingFinalsFromFile', () => {
  it.each(Object.entries(FORMS))('finds the chain of Input events %s', async (name, form) => {
    const input = await writeRaw(`finals ${name}`, typingEvents(form));

    const finals = await collectTypingFinalsFromFile(input);

    expect([...finals.finals]).toEqual([[1, EMAIL]]);
  });
});

describe('sanitizeRecordingFile typing chains', () => {
  it.each(Object.entries(FORMS))('sanitizes Input events %s as usual', async (name, form) => {
    const expected = await sanitizedTexts(await writeRaw(`normal ${name}`, typingEvents(NORMAL)));
    const input = await writeRaw(`typing ${name}`, typingEvents(form));

    const texts = await sanitizedTexts(input);

    expect(texts).toEqual(expected);
    expect(texts.filter((text) => text.includes('@mailbox'))).toEqual([]);
  });

  it('starts over when a repeated type key hides a full snapshot', async () => {
    // The first pass trusts `"type":3` and so reads one chain from `a` to `ann.xy`. JSON.parse
    // keeps `"type":2`, so the second pass ends the chain at the e-mail address.
    const hidden = `{"type":3,"timestamp":40,"data":${SNAPSHOT_DATA},"type":2}`;
    const events = [...typingEvents(NORMAL), hidden, NORMAL('ann.x', 41), NORMAL('ann.xy', 42)];
    const input = await writeRaw('hidden snapshot', events);
    expect([...(await collectTypingFinalsFromFile(input)).finals]).toEqual([[1, 'ann.xy']]);

    const texts = await sanitizedTexts(input);

    expect(texts).toHaveLength(TYPED.length + 2);
    expect(texts.filter((text) => text.includes('@mailbox'))).toEqual([]);
    expect(texts.slice(0, TYPED.length)).toEqual(
      await sanitizedTexts(await writeRaw('plain', typingEvents(NORMAL))),
    );
    expect(await readdir(join(folder, 'tmp'))).toEqual([]);
  });
});
