import { describe, expect, it } from 'vitest';
import type { CapturedBody, NetworkExchange, Recording } from '../../fixture/recording.js';
import { auditRecording } from '../audit.js';
import { withoutBinaryDataUrls } from '../audit-scan.js';
import { sanitizeRecording } from '../sanitize-recording.js';
import { createTextSanitizer } from '../text-sanitizer.js';
import { decodeBase64Content, isBinaryDataUrl } from './content-type.js';

const KEY = Buffer.alloc(32, 11);
const EMAIL = 'ann.bell@mailbox.org';
const PNG_HEADER = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
const base64 = (bytes: Buffer | string) => Buffer.from(bytes).toString('base64');

/** A PNG-like image: signature, IHDR length and type, then bytes that spell the e-mail. */
const PNG_WITH_TEXT = Buffer.concat([PNG_HEADER, Buffer.from(`tEXt${EMAIL}`)]);
/** Protobuf-like framing: a tag and a length byte before each short string. */
const FRAMED = Buffer.concat(
  ['id', EMAIL, 'x'].map((text) =>
    Buffer.concat([Buffer.from([0x12, text.length]), Buffer.from(text)]),
  ),
);

function recordingWith(body: CapturedBody, contentType: string | undefined): Recording {
  const exchange: NetworkExchange = {
    id: 0,
    initiator: 'fetch',
    request: { method: 'GET', url: 'http://127.0.0.1:4173/api/me', headers: {} },
    response: {
      status: 200,
      statusText: 'OK',
      headers: contentType === undefined ? {} : { 'content-type': contentType },
      body,
    },
    startedAt: 1_700_000_000_010,
    endedAt: 1_700_000_000_020,
    pageUrl: 'http://127.0.0.1:4173/',
  };
  return {
    format: 'replaygate.recording',
    version: 1,
    meta: {
      name: 'body',
      startedAt: 1_700_000_000_000,
      url: 'http://127.0.0.1:4173/',
      viewport: { width: 800, height: 600 },
      deviceScaleFactor: 1,
      userAgent: 'test',
      locale: 'en-US',
      timeZone: 'UTC',
      seed: 'seed',
      recorder: { name: 'replaygate', version: '0.1.0' },
    },
    events: [],
    network: [exchange],
  };
}

function sanitizedBody(recording: Recording): CapturedBody | undefined {
  const output = sanitizeRecording(recording, { text: createTextSanitizer({ key: KEY }) });
  return output.network[0]?.response?.body;
}

function auditCount(recording: Recording): number {
  return auditRecording('body', recording, createTextSanitizer({ key: KEY })).findingCount;
}

describe('base64 bodies that read as text', () => {
  it.each([
    ['a form under application/octet-stream', `name=${EMAIL}`, 'application/octet-stream'],
    ['JSON without a content type', `{"email":"${EMAIL}"}`, undefined],
    ['JSON under an empty content type', `{"email":"${EMAIL}"}`, ''],
    ['text under image/png', `mail ${EMAIL} now`, 'image/png'],
    ['text under application/x-protobuf', `user ${EMAIL}\n`, 'application/x-protobuf'],
  ])('sanitizes %s', (_, text, contentType) => {
    const recording = recordingWith({ encoding: 'base64', data: base64(text) }, contentType);

    const body = sanitizedBody(recording);

    expect(auditCount(recording)).toBe(1);
    expect(body?.encoding).toBe('base64');
    const decoded = Buffer.from(body?.data ?? '', 'base64').toString('utf8');
    expect(decoded).not.toContain(EMAIL);
    expect(decoded).toMatch(/@[a-z]+\.example/);
    expect(auditCount(recordingWith(body!, contentType))).toBe(0);
  });
});

describe('base64 bodies of binary content', () => {
  it.each([
    ['a PNG image', PNG_WITH_TEXT, 'image/png'],
    ['a PNG image under application/octet-stream', PNG_WITH_TEXT, 'application/octet-stream'],
    ['a PNG image without a content type', PNG_WITH_TEXT, undefined],
    ['bytes with framing controls', FRAMED, 'application/x-protobuf'],
    [
      'bytes that are not UTF-8',
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(EMAIL)]),
      'font/woff2',
    ],
  ])('leaves %s unchanged', (_, bytes, contentType) => {
    const body: CapturedBody = { encoding: 'base64', data: base64(bytes) };
    const recording = recordingWith(body, contentType);

    expect(sanitizedBody(recording)).toEqual(body);
    expect(auditCount(recording)).toBe(0);
  });
});

describe('decodeBase64Content', () => {
  it('reads text of a binary type with one control character in a hundred', () => {
    const text = `${'a'.repeat(99)}\u001b`;
    expect(decodeBase64Content(base64(text), 'binary')).toBe(text);
  });

  it('keeps text of a binary type with more control characters as binary', () => {
    const text = `${'a'.repeat(98)}\u001b\u001b`;
    expect(decodeBase64Content(base64(text), 'binary')).toBeUndefined();
  });

  it('reads text with control characters under a text type', () => {
    expect(decodeBase64Content(base64(FRAMED), 'text')).toBe(FRAMED.toString('utf8'));
  });

  it('reads long text wrapped in lines', () => {
    const text = `${'a'.repeat(3069)}\n${EMAIL}`;
    const wrapped = base64(text).replace(/.{75}/g, '$&\r\n');
    expect(decodeBase64Content(wrapped, 'binary')).toBe(text);
  });

  it('finds a NUL after the first bytes', () => {
    const text = `${'a'.repeat(10_000)}\u0000${EMAIL}`;
    expect(decodeBase64Content(base64(text), 'binary')).toBeUndefined();
  });
});

describe('isBinaryDataUrl', () => {
  it('keeps a PNG data URL as binary', () => {
    const url = `data:image/png;base64,${base64(PNG_WITH_TEXT)}`;
    expect(isBinaryDataUrl(url, 'image/png')).toBe(true);
    expect(withoutBinaryDataUrls(`src ${url} end`)).toBe('src  end');
  });

  it('reads a text payload under a binary type', () => {
    const url = `data:application/octet-stream;base64,${base64(`name=${EMAIL}`)}`;
    expect(isBinaryDataUrl(url, 'application/octet-stream')).toBe(false);
    expect(withoutBinaryDataUrls(url)).toBe(url);
  });
});
