import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { EventType, IncrementalSource } from '@rrweb/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { h, RrwebStream } from '../compile/testing/rrweb-stream.js';
import { FixtureError } from '../fixture/fixture-error.js';
import { readRecording } from '../fixture/read-recording.js';
import type { NetworkExchange, Recording } from '../fixture/recording.js';
import { auditRecordingFile } from './audit-file.js';
import { sanitizeRecordingFile, type SanitizeFileResult } from './sanitize-file.js';
import { sanitizeRecording } from './sanitize-recording.js';
import { corpusRecording } from './testing/corpus-recording.js';
import { writeSyntheticRecording } from './testing/generate-recording.js';
import { keyFieldRecording } from './testing/key-field-recording.js';
import { createTextSanitizer } from './text-sanitizer.js';
import type { TextSanitizer } from './types.js';

const KEY = Buffer.alloc(32, 3);
const newSanitizer = () => createTextSanitizer({ key: KEY });
const META = {
  name: 'doubled',
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

let folder: string;
let raw: string;
let tempDir: string;

/**
 * Writes a recording whose full snapshot `<body>` or custom event payload nests `depth`
 * levels deep. The nested JSON is written as text, because `JSON.stringify` itself recurses.
 */
async function writeDeepRecording(path: string, place: 'dom' | 'custom', depth: number) {
  const recording = corpusRecording('plain text');
  const marker = 'NESTED-VALUE-MARKER';
  let nested: string;
  if (place === 'dom') {
    const open = (level: number) =>
      `{"type":2,"tagName":"div","attributes":{},"id":${100_000 + level},"childNodes":[`;
    nested = `${Array.from({ length: depth }, (_, level) => open(level)).join('')}${']}'.repeat(depth)}`;
    const snapshot = recording.events.find((event) => event.type === 2) as {
      data: { node: { childNodes: Array<{ tagName?: string; childNodes: unknown[] }> } };
    };
    const html = snapshot.data.node.childNodes.find((node) => node.tagName === 'html');
    const body = html?.childNodes.find((node) => (node as { tagName?: string }).tagName === 'body');
    (body as { childNodes: unknown[] }).childNodes.push(marker);
  } else {
    nested = `${'{"a":'.repeat(depth)}"x"${'}'.repeat(depth)}`;
    const custom = recording.events.find((event) => event.type === 5) as {
      data: { payload: unknown };
    };
    custom.data.payload = marker;
  }
  const index = recording.events.findIndex((event) => JSON.stringify(event).includes(marker));
  await writeFile(path, gzipSync(JSON.stringify(recording).replace(`"${marker}"`, nested)));
  return index;
}

/**
 * Appends raw event JSON to the recording's events, writes it gzip-compressed as the raw file
 * `name`, and sanitizes it into `plain-out/`. The events are spliced in as text, so they keep
 * the bytes they are written with.
 */
async function sanitizeWithEvents(
  name: string,
  recording: Recording,
  events: readonly string[],
): Promise<{ output: string; result: SanitizeFileResult }> {
  const text = JSON.stringify(recording).replace(
    /\]\s*,\s*"network"/,
    `,${events.join(',')}],"network"`,
  );
  const input = join(folder, `${name}.replay.json.gz`);
  await writeFile(input, gzipSync(text));
  const output = join(folder, 'plain-out', `${name}.replay.json.gz`);
  const result = await sanitizeRecordingFile({
    input,
    output,
    tempDir,
    createTextSanitizer: newSanitizer,
  });
  return { output, result };
}

async function sha256(path: string): Promise<string> {
  return createHash('sha256')
    .update(await readFile(path))
    .digest('hex');
}

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'replaygate-sanitize-file-'));
  tempDir = join(folder, 'tmp');
  await mkdir(tempDir);
  raw = join(folder, 'synthetic.replay.json.gz');
  await writeSyntheticRecording(raw, 6_000_000);
});

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('sanitizeRecordingFile', () => {
  it('streams the same result as the in-memory sanitizer', async () => {
    const output = join(folder, 'out', 'synthetic.replay.json.gz');
    const before = await sha256(raw);
    const result = await sanitizeRecordingFile({
      input: raw,
      output,
      tempDir,
      createTextSanitizer: newSanitizer,
    });

    expect(result.written).toBe(true);
    expect(result.audit.findingCount).toBe(0);
    expect(result.events).toBeGreaterThan(1000);
    expect(await sha256(raw)).toBe(before);
    const expected = sanitizeRecording(await readRecording(raw), { text: newSanitizer() });
    const streamed = await readRecording(output);
    expect(streamed.sanitization).toEqual(expected.sanitization);
    expect(streamed.network).toEqual(expected.network);
    expect(streamed.events).toEqual(expected.events);
    expect(await readdir(tempDir)).toEqual([]);
  });

  const get = (url: string, headers: Record<string, string> = {}) => ({
    method: 'GET',
    url,
    headers,
  });
  const post = (contentType: string, body: NonNullable<NetworkExchange['request']['body']>) => ({
    method: 'POST',
    url: 'http://127.0.0.1:4173/login',
    headers: { 'Content-Type': contentType },
    body,
  });

  it.each([
    [
      'in a header',
      'kq83hf9slx02mz7w',
      get('http://127.0.0.1:4173/me', { 'X-Api-Key': 'kq83hf9slx02mz7w' }),
    ],
    ['form-encoded', 'Ab!cd~1234xy', get('http://127.0.0.1:4173/me?api_key=Ab%21cd%7E1234xy')],
    [
      'with lower-case escapes',
      'wJalrXUt/K7MDENG+bPx',
      get('http://127.0.0.1:4173/me?token=wJalrXUt%2fK7MDENG%2bbPx'),
    ],
    [
      'as a basic password',
      'kq83hf9slx02mz7w',
      get('http://127.0.0.1:4173/me', { Authorization: `Basic ${btoa('ann:kq83hf9slx02mz7w')}` }),
    ],
    [
      'in a multipart field',
      'kq83hf9slx02mz7w',
      post('multipart/form-data; boundary=b1', {
        encoding: 'base64',
        data: btoa(
          '--b1\r\nContent-Disposition: form-data; name="apiKey"\r\n\r\nkq83hf9slx02mz7w\r\n--b1--\r\n',
        ),
      }),
    ],
    [
      'in a GraphQL argument',
      'kq83hf9slx02mz7w',
      post('application/json', {
        encoding: 'text',
        data: JSON.stringify({ query: 'mutation { login(password: "kq83hf9slx02mz7w") }' }),
      }),
    ],
    [
      'with a quote in a JSON field',
      'ab"cd1234xyz',
      post('application/json', {
        encoding: 'text',
        data: JSON.stringify({ password: 'ab"cd1234xyz' }),
      }),
    ],
  ])('replaces a typed key sent %s', async (_case, key, request) => {
    const recording = keyFieldRecording(key, request);
    const input = join(folder, 'key-field.replay.json.gz');
    await writeFile(input, gzipSync(JSON.stringify(recording)));
    const output = join(folder, 'key-out', 'key-field.replay.json.gz');
    const result = await sanitizeRecordingFile({
      input,
      output,
      tempDir,
      createTextSanitizer: newSanitizer,
    });

    expect(result.written).toBe(true);
    const sanitized = await readRecording(output);
    // As JSON writes it, so a key with a quote is looked for with the quote escaped.
    expect(JSON.stringify(sanitized)).not.toContain(JSON.stringify(key.slice(0, 4)).slice(1, -1));
    expect(sanitized).toEqual(sanitizeRecording(recording, { text: newSanitizer() }));
  });

  it('replaces a typed key when the requests come first', async () => {
    const key = 'kq83hf9slx02mz7w';
    const { network, ...rest } = keyFieldRecording(
      key,
      get('http://127.0.0.1:4173/me', { 'X-Api-Key': key }),
    );
    const input = join(folder, 'network-first.replay.json.gz');
    await writeFile(input, gzipSync(JSON.stringify({ network, ...rest })));
    const output = join(folder, 'key-out', 'network-first.replay.json.gz');
    await sanitizeRecordingFile({ input, output, tempDir, createTextSanitizer: newSanitizer });

    expect(JSON.stringify(await readRecording(output))).not.toContain(key.slice(0, 4));
  });

  it('replaces early select values', async () => {
    // A script that appends the options and then sets the value in the same task: the recorder
    // reports the value at once, before rrweb's Mutation event of the options.
    const stream = new RrwebStream();
    const refs = stream.page(
      'http://127.0.0.1:4173/',
      h('select', { ref: 'payee' }, h('option', { value: '' }, 'Choose')),
    );
    stream.input(refs.payee!, 'Quentin Marlowe', { userTriggered: false });
    stream.add(
      refs.payee!,
      h('option', { class: 'person', value: 'Quentin Marlowe' }, 'Quentin Marlowe'),
    );
    const recording = stream.recording();
    const rules = { selectors: [{ name: 'person', selector: '.person' }] };
    const input = join(folder, 'preset-select.replay.json.gz');
    await writeFile(input, gzipSync(JSON.stringify(recording)));
    const output = join(folder, 'select-out', 'preset-select.replay.json.gz');
    const createWithRules = () => createTextSanitizer({ key: KEY, rules });
    const result = await sanitizeRecordingFile({
      input,
      output,
      tempDir,
      rules,
      createTextSanitizer: createWithRules,
    });

    expect(result.written).toBe(true);
    const sanitized = await readRecording(output);
    expect(JSON.stringify(sanitized)).not.toContain('Quentin');
    const [input0] = sanitized.events.flatMap((event) =>
      event.type === EventType.IncrementalSnapshot && event.data.source === IncrementalSource.Input
        ? [event.data.text]
        : [],
    );
    expect(JSON.stringify(sanitized.events.at(-1))).toContain(`"value":"${input0}"`);
    // Counted once, although the events were sanitized twice.
    expect(result.summary.counts['custom:person/input']).toBe(1);
    expect(sanitized).toEqual(sanitizeRecording(recording, { text: createWithRules(), rules }));
  });

  it('writes plain events as read', async () => {
    // A click with a number that JSON.stringify would write as 584.5, and an event whose
    // repeated `data` key hides a mutation that JSON.parse drops: only the parsed form of the
    // second may reach the output.
    const click =
      '{"type":3,"data":{"source":2,"type":2,"id":9,"x":640,"y":584.50},"timestamp":1700000000500}';
    const repeated =
      '{"type":3,"data":{"source":0,"adds":[{"parentId":1,"nextId":null,"node":{"type":3,"textContent":"ann@example.com","id":99}}]},"data":{"source":3,"id":1,"x":0,"y":0},"timestamp":1700000000600}';
    const recording = corpusRecording('plain text');
    const { output, result } = await sanitizeWithEvents('plain-events', recording, [
      click,
      repeated,
    ]);

    expect(result.written).toBe(true);
    expect(result.events).toBe(recording.events.length + 2);
    const written = gunzipSync(await readFile(output)).toString('utf8');
    expect(written).toContain(`,${click},`);
    expect(written).toContain(
      '{"type":3,"data":{"source":3,"id":1,"x":0,"y":0},"timestamp":1700000000600}',
    );
    expect(written).not.toContain('ann@example.com');
  });

  it('rejects an infinite timestamp', async () => {
    const recording = corpusRecording('plain text');
    const infinite = '{"type":3,"data":{"source":3,"id":1,"x":0,"y":0},"timestamp":1e400}';
    const sanitizing = sanitizeWithEvents('infinite', recording, [infinite]);

    await expect(sanitizing).rejects.toThrow(
      `events[${recording.events.length}] is not an rrweb event`,
    );
    expect(existsSync(join(folder, 'plain-out', 'infinite.replay.json.gz'))).toBe(false);
  });

  it('rejects a null event with its index', async () => {
    const recording = keyFieldRecording('kq83hf9slx02mz7w', get('http://127.0.0.1:4173/me'));
    (recording.events as unknown[]).splice(2, 0, null);
    const input = join(folder, 'null-event.replay.json.gz');
    await writeFile(input, gzipSync(JSON.stringify(recording)));
    const output = join(folder, 'null-out', 'null-event.replay.json.gz');
    const run = sanitizeRecordingFile({
      input,
      output,
      tempDir,
      createTextSanitizer: newSanitizer,
    });

    await expect(run).rejects.toThrow(FixtureError);
    await expect(run).rejects.toThrow(/events\[2\]|event 2/);
  });

  it('passes binary bodies through byte for byte', async () => {
    const output = join(folder, 'binary', 'synthetic.replay.json.gz');
    await sanitizeRecordingFile({ input: raw, output, tempDir, createTextSanitizer: newSanitizer });
    const before = await readRecording(raw);
    const after = await readRecording(output);
    const images = before.network.filter(
      (exchange) => exchange.response?.headers['content-type'] === 'image/png',
    );

    expect(images.length).toBeGreaterThan(0);
    for (const image of images) {
      expect(after.network[image.id]?.response?.body).toEqual(image.response?.body);
    }
    const json = after.network.find(
      (exchange) => exchange.response?.headers['content-type'] === 'application/json',
    );
    expect(json?.response?.body?.data).not.toMatch(/@(larchmail\.net|quillpost\.org|vennbox\.io)/);
  });

  it('names the file and byte offset of an unmatched brace', async () => {
    const broken = join(folder, 'broken.replay.json.gz');
    const text =
      '{"format":"replaygate.recording","version":1,"events":[{"type":4,"timestamp":1,"data":{}}}],"network":[]}';
    await writeFile(broken, gzipSync(text));
    const output = join(folder, 'broken-out', 'broken.replay.json.gz');

    const error = await sanitizeRecordingFile({
      input: broken,
      output,
      tempDir,
      createTextSanitizer: newSanitizer,
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(FixtureError);
    expect((error as Error).message).toContain(broken);
    expect((error as Error).message).toContain(
      `unmatched closing brace after element 0 of "events" at byte offset ${text.indexOf('}}]') + 1}`,
    );
    expect(existsSync(output)).toBe(false);
    expect(await readdir(tempDir)).toEqual([]);
  });

  it('rejects a second events array', async () => {
    const doubled = join(folder, 'doubled.replay.json.gz');
    const snapshot = '{"type":2,"timestamp":1,"data":{"node":{"type":0,"childNodes":[],"id":1}}}';
    const typed =
      '{"type":3,"timestamp":2,"data":{"source":5,"id":7,"text":"ann@mailbox.org","isChecked":false}}';
    const text = `{"format":"replaygate.recording","version":1,"meta":${JSON.stringify(META)},"events":[${snapshot}],"network":[],"events":[${snapshot},${typed}]}`;
    await writeFile(doubled, gzipSync(text));
    const output = join(folder, 'doubled-out', 'doubled.replay.json.gz');

    const error = await sanitizeRecordingFile({
      input: doubled,
      output,
      tempDir,
      createTextSanitizer: newSanitizer,
    }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(FixtureError);
    expect((error as Error).message).toContain('top-level key "events" twice');
    expect(existsSync(output)).toBe(false);
    expect(await readdir(tempDir)).toEqual([]);
  });

  it('writes nothing when the audit finds a value', async () => {
    const leaky = (): TextSanitizer => {
      const real = newSanitizer();
      return {
        sanitize: (text, location) => (text.includes('@') ? text : real.sanitize(text, location)),
        scan: (text) => real.scan(text),
        replaceWhole: (value, detector, location, mode) =>
          real.replaceWhole(value, detector, location, mode),
        get counts() {
          return real.counts;
        },
      };
    };
    const output = join(folder, 'leaky', 'synthetic.replay.json.gz');
    const result = await sanitizeRecordingFile({
      input: raw,
      output,
      tempDir,
      createTextSanitizer: leaky,
    });

    expect(result.written).toBe(false);
    expect(result.audit.findingCount).toBeGreaterThan(0);
    expect(result.audit.findings[0]?.detector).toBe('email');
    expect(result.audit.findings[0]?.excerpt).not.toMatch(
      /@(larchmail\.net|quillpost\.org|vennbox\.io)/,
    );
    expect(existsSync(output)).toBe(false);
    expect(await readdir(tempDir)).toEqual([]);
  });

  it.each([
    ['DOM', 'dom', 20_000],
    ['custom event', 'custom', 50_000],
  ] as const)('rejects a %s nested too deeply', async (_, place, depth) => {
    const deep = join(folder, `deep-${place}.replay.json.gz`);
    const index = await writeDeepRecording(deep, place, depth);
    const output = join(folder, 'deep-out', `deep-${place}.replay.json.gz`);

    const error = await sanitizeRecordingFile({
      input: deep,
      output,
      tempDir,
      createTextSanitizer: newSanitizer,
    }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(FixtureError);
    expect((error as Error).message).toContain(
      `${deep}: events[${index}] nests too deeply to be walked`,
    );
    expect(existsSync(output)).toBe(false);
    expect(await readdir(tempDir)).toEqual([]);
  });

  it('audit rejects a DOM nested too deeply', async () => {
    const deep = join(folder, 'deep-audit.replay.json.gz');
    const index = await writeDeepRecording(deep, 'dom', 20_000);

    await expect(auditRecordingFile(deep, newSanitizer())).rejects.toThrow(
      `${deep}: events[${index}] nests too deeply to be walked`,
    );
  });

  it('refuses to overwrite its input', async () => {
    await expect(
      sanitizeRecordingFile({
        input: raw,
        output: raw,
        tempDir,
        createTextSanitizer: newSanitizer,
      }),
    ).rejects.toThrow('is the input file');
  });

  it('audits the raw file with findings and the output clean', async () => {
    const rawReport = await auditRecordingFile(raw, newSanitizer(), { maxFindings: 5 });
    expect(rawReport.findingCount).toBeGreaterThan(1000);
    expect(rawReport.findings).toHaveLength(5);
    const detectors = new Set(rawReport.findings.map((finding) => finding.detector));
    expect(
      [...detectors].every((detector) =>
        ['email', 'payment-card', 'credential-header', 'phone'].includes(detector),
      ),
    ).toBe(true);
  });
});
