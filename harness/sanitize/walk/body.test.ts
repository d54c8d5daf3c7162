import { describe, expect, it } from 'vitest';
import { h, RrwebStream } from '../../compile/testing/rrweb-stream.js';
import type { CapturedBody, NetworkExchange, Recording } from '../../fixture/recording.js';
import { auditRecording } from '../audit.js';
import { withoutBinaryDataUrls } from '../audit-scan.js';
import { sanitizeRecording } from '../sanitize-recording.js';
import { createTextSanitizer } from '../text-sanitizer.js';
import { decodeBase64Content, encodeBase64Content, isBinaryDataUrl } from './content-type.js';

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

/** The signature and flavour of a WOFF2 font, which start with NUL bytes. */
const WOFF2_HEADER = Buffer.from('774f4632000100000000', 'hex');
/** Bytes that are not UTF-8, with the control bytes of compressed data every few bytes. */
const NOT_TEXT = Buffer.concat([Buffer.from([0xff, 0x02, 0x9c, 0x1b]), Buffer.from(EMAIL)]);

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

/** Text of a legacy page: Latin-1 letters around an e-mail address, not valid UTF-8 as bytes. */
const LATIN1_TEXT = `Se\u00f1or Mu\u00f1oz, caf\u00e9 \u00e0 ${EMAIL} \u00a7 12`;

describe('base64 bodies in Latin-1', () => {
  it.each([
    ['an HTML page', LATIN1_TEXT, 'text/html; charset=iso-8859-1'],
    ['a JSON body', `{"name":"Jos\u00e9","email":"${EMAIL}"}`, 'application/json'],
    [
      'a form under application/octet-stream',
      `nom=Jos\u00e9&mail=${EMAIL}`,
      'application/octet-stream',
    ],
    ['text without a content type', LATIN1_TEXT, undefined],
  ])('sanitizes %s and keeps its other bytes', (_, text, contentType) => {
    const bytes = Buffer.from(text, 'latin1');
    const recording = recordingWith({ encoding: 'base64', data: base64(bytes) }, contentType);

    const body = sanitizedBody(recording);

    expect(auditCount(recording)).toBe(1);
    expect(body?.encoding).toBe('base64');
    const written = Buffer.from(body?.data ?? '', 'base64');
    const decoded = written.toString('latin1');
    expect(decoded).not.toContain(EMAIL);
    expect(decoded).toMatch(/@[a-z]+\.example/);
    // Every byte outside the address is the byte that was recorded.
    const at = text.indexOf(EMAIL);
    expect(written.subarray(0, at)).toEqual(bytes.subarray(0, at));
    expect(decoded.slice(decoded.length - (text.length - at - EMAIL.length))).toBe(
      text.slice(at + EMAIL.length),
    );
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
      'a font header with NUL bytes',
      Buffer.concat([WOFF2_HEADER, Buffer.from(EMAIL)]),
      'font/woff2',
    ],
    ['bytes that are neither UTF-8 nor text', NOT_TEXT, 'application/octet-stream'],
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
    expect(decodeBase64Content(base64(text), 'binary')).toEqual({ text, encoding: 'utf8' });
  });

  it('keeps text of a binary type with more control characters as binary', () => {
    const text = `${'a'.repeat(98)}\u001b\u001b`;
    expect(decodeBase64Content(base64(text), 'binary')).toBeUndefined();
  });

  it('reads text with control characters under a text type', () => {
    expect(decodeBase64Content(base64(FRAMED), 'text')?.text).toBe(FRAMED.toString('utf8'));
  });

  it('reads long text wrapped in lines', () => {
    const text = `${'a'.repeat(3069)}\n${EMAIL}`;
    const wrapped = base64(text).replace(/.{75}/g, '$&\r\n');
    expect(decodeBase64Content(wrapped, 'binary')?.text).toBe(text);
  });

  it('finds a NUL after the first bytes', () => {
    const text = `${'a'.repeat(10_000)}\u0000${EMAIL}`;
    expect(decodeBase64Content(base64(text), 'binary')).toBeUndefined();
  });

  it('reads bytes that are not UTF-8 as Latin-1 and writes them back unchanged', () => {
    const bytes = Buffer.from(LATIN1_TEXT, 'latin1');
    const decoded = decodeBase64Content(base64(bytes), 'text');
    expect(decoded).toEqual({ text: LATIN1_TEXT, encoding: 'latin1' });
    expect(encodeBase64Content(decoded!.text, 'latin1')).toBe(base64(bytes));
  });

  it('writes a character beyond Latin-1 as a question mark', () => {
    expect(Buffer.from(encodeBase64Content('a\u2022b', 'latin1'), 'base64')).toEqual(
      Buffer.from('a?b'),
    );
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

describe('base64 data: URLs of text', () => {
  const payload = (text: string) => `data:text/plain;base64,${base64(text)}`;

  function pageWith(text: string, href: string): Recording {
    const stream = new RrwebStream();
    stream.page('http://127.0.0.1:4173/', h('p', {}, text), h('a', { href }, 'download'));
    return stream.recording();
  }

  it('decodes, sanitizes and encodes the payload in text and in a link', () => {
    const recording = pageWith(`note ${payload(`mail ${EMAIL}`)} end`, payload(EMAIL));

    expect(auditCount(recording)).toBe(2);
    const output = sanitizeRecording(recording, { text: createTextSanitizer({ key: KEY }) });
    const written = JSON.stringify(output.events);
    const payloads = [...written.matchAll(/base64,([A-Za-z0-9+/=]+)/g)].map(([, data]) =>
      Buffer.from(data!, 'base64').toString('utf8'),
    );
    expect(payloads).toHaveLength(2);
    for (const text of payloads) {
      expect(text).not.toContain(EMAIL);
      expect(text).toMatch(/@[a-z]+\.example/);
    }
    expect(written).toContain('note data:text/plain;base64,');
    expect(auditCount(output)).toBe(0);
  });

  it('keeps an image payload in text as it is', () => {
    const image = `data:image/png;base64,${base64(PNG_WITH_TEXT)}`;
    const recording = pageWith(`icon ${image} end`, image);

    const output = sanitizeRecording(recording, { text: createTextSanitizer({ key: KEY }) });

    expect(JSON.stringify(output.events)).toContain(`icon ${image} end`);
    expect(auditCount(output)).toBe(0);
  });
});
