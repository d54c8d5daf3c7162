import { describe, expect, it } from 'vitest';
import { h, RrwebStream } from '../../compile/testing/rrweb-stream.js';
import type { CapturedBody, NetworkExchange, Recording } from '../../fixture/recording.js';
import { auditRecording } from '../audit.js';
import { withoutBinaryDataUrls } from '../audit-scan.js';
import { sanitizeRecording } from '../sanitize-recording.js';
import { createTextSanitizer } from '../text-sanitizer.js';
import { decodeBase64Content, encodeBase64Content, mayContainDataUrl } from './content-type.js';

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

/** Protobuf-like fields: tag 0x0a (a line feed) and a length byte that is printable. */
const PRINTABLE_FRAMES = ['name Ann', `mail ${EMAIL}`]
  .map((text) => `\n${String.fromCharCode(text.length + 0x20)}${text}`)
  .join('');
/** A MessagePack map `{ "email": "..." }`: every byte is printable or above 0x7f. */
const MESSAGE_PACK = Buffer.concat([
  Buffer.from([0x81, 0xa5]),
  Buffer.from('email'),
  Buffer.from([0xa0 + EMAIL.length]),
  Buffer.from(EMAIL),
]);
/** A CBOR map `{ "email": "..." }`, with text-string headers above 0x60. */
const CBOR = Buffer.concat([
  Buffer.from([0xa1, 0x65]),
  Buffer.from('email'),
  Buffer.from([0x78, EMAIL.length]),
  Buffer.from(EMAIL),
]);

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
  // The stream's recording brings the envelope and meta; its events do not matter here.
  return { ...new RrwebStream().recording(), events: [], network: [exchange] };
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
    ['JSON without a content type', `{"email":"${EMAIL}"}`, undefined],
    ['JSON under an empty content type', `{"email":"${EMAIL}"}`, ''],
    ['text under an unknown type', `mail ${EMAIL} now`, 'application/x-report'],
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

  it.each([
    ['a form under application/octet-stream', `name=${EMAIL}`, 'application/octet-stream'],
    ['text under image/png', `mail ${EMAIL} now`, 'image/png'],
    ['protobuf fields with printable lengths', PRINTABLE_FRAMES, 'application/x-protobuf'],
  ])('sanitizes %s and keeps its length', (_, text, contentType) => {
    const recording = recordingWith({ encoding: 'base64', data: base64(text) }, contentType);

    const body = sanitizedBody(recording);

    expect(auditCount(recording)).toBe(1);
    const written = Buffer.from(body?.data ?? '', 'base64');
    expect(written.length).toBe(Buffer.byteLength(text));
    expect(written.toString('utf8')).not.toContain(EMAIL);
    // The address is masked in place, so every other byte stays where it was.
    const at = text.indexOf(EMAIL);
    expect(written.subarray(0, at)).toEqual(Buffer.from(text).subarray(0, at));
    expect(auditCount(recordingWith(body!, contentType))).toBe(0);
  });
});

/** Text of a legacy page: Latin-1 letters around an e-mail address, not valid UTF-8 as bytes. */
const LATIN1_TEXT = `Se\u00f1or Mu\u00f1oz, caf\u00e9 \u00e0 ${EMAIL} \u00a7 12`;

describe('base64 bodies in Latin-1', () => {
  it.each([
    ['an HTML page', LATIN1_TEXT, 'text/html; charset=iso-8859-1'],
    ['a JSON body', `{"name":"Jos\u00e9","email":"${EMAIL}"}`, 'application/json'],
    ['text with a charset parameter', LATIN1_TEXT, 'application/x-report; charset=latin1'],
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
    [
      'a font header with NUL bytes',
      Buffer.concat([WOFF2_HEADER, Buffer.from(EMAIL)]),
      'font/woff2',
    ],
    [
      'a WOFF2 font without a content type',
      Buffer.concat([WOFF2_HEADER, Buffer.from(EMAIL)]),
      undefined,
    ],
    [
      'an MP3 file with an ID3 tag, untyped',
      Buffer.concat([Buffer.from('ID3\x03\x00\x00', 'latin1'), Buffer.from(`TIT2 ${EMAIL}`)]),
      undefined,
    ],
    [
      'an MP4 file as octet-stream',
      Buffer.concat([
        Buffer.from('\x00\x00\x00\x18ftypisom', 'latin1'),
        Buffer.from(`udta ${EMAIL}`),
      ]),
      'application/octet-stream',
    ],
    [
      'a WebM file without a content type',
      Buffer.concat([Buffer.from('1a45dfa3', 'hex'), Buffer.from(`title ${EMAIL}`)]),
      undefined,
    ],
  ])('leaves %s unchanged', (_, bytes, contentType) => {
    const body: CapturedBody = { encoding: 'base64', data: base64(bytes) };
    const recording = recordingWith(body, contentType);

    expect(sanitizedBody(recording)).toEqual(body);
    expect(auditCount(recording)).toBe(0);
  });
});

describe('base64 bodies of data formats', () => {
  it.each([
    // Typed protobuf, MessagePack and CBOR are read by their structure (data-format.test.ts).
    ['protobuf-like framing as octet-stream', FRAMED, 'application/octet-stream'],
    ['bytes that are neither UTF-8 nor text', NOT_TEXT, 'application/octet-stream'],
    ['MessagePack without a content type', MESSAGE_PACK, undefined],
    ['CBOR under an unknown type', CBOR, 'application/x-events'],
    ['Latin-1 text without a content type', Buffer.from(LATIN1_TEXT, 'latin1'), undefined],
  ])('replaces the strings of %s in place', (_, bytes, contentType) => {
    const recording = recordingWith({ encoding: 'base64', data: base64(bytes) }, contentType);

    const body = sanitizedBody(recording);

    expect(auditCount(recording)).toBe(1);
    const written = Buffer.from(body?.data ?? '', 'base64');
    expect(written.length).toBe(bytes.length);
    expect(written.includes(Buffer.from(EMAIL))).toBe(false);
    // Framing bytes before the address keep their place and value.
    const at = bytes.indexOf(Buffer.from(EMAIL));
    expect(written.subarray(0, at)).toEqual(bytes.subarray(0, at));
    expect(auditCount(recordingWith(body!, contentType))).toBe(0);
  });

  it('replaces a data: URL payload in place', () => {
    const text = `{"file":"data:text/plain;base64,${base64(`mail ${EMAIL}`)}"}`;
    const contentType = 'application/octet-stream';
    const recording = recordingWith({ encoding: 'base64', data: base64(text) }, contentType);

    const body = sanitizedBody(recording);

    expect(auditCount(recording)).toBe(1);
    expect(Buffer.from(body?.data ?? '', 'base64').length).toBe(text.length);
    expect(auditCount(recordingWith(body!, contentType))).toBe(0);
  });

  it('keeps a length byte that reads as a letter', () => {
    const value = `${EMAIL}`.padEnd(90, '.');
    const bytes = Buffer.concat([Buffer.from([0x0a, value.length]), Buffer.from(value)]);
    expect(String.fromCharCode(value.length)).toBe('Z');
    const recording = recordingWith(
      { encoding: 'base64', data: base64(bytes) },
      'application/octet-stream',
    );

    const written = Buffer.from(sanitizedBody(recording)?.data ?? '', 'base64');

    expect(written.subarray(0, 2)).toEqual(bytes.subarray(0, 2));
    expect(written.length).toBe(bytes.length);
    expect(written.includes(Buffer.from(EMAIL))).toBe(false);
  });
});

describe('decodeBase64Content', () => {
  const BINARY = 'application/octet-stream';
  const IMAGE = 'image/png';

  it('reads text of a binary type with one control character in a hundred', () => {
    const text = `${'a'.repeat(99)}\u001b`;
    expect(decodeBase64Content(base64(text), BINARY)).toEqual({
      text,
      encoding: 'utf8',
      keepLength: true,
    });
  });

  it('reads other bytes of a data format one byte per character', () => {
    const text = `${'a'.repeat(98)}\u001b\u001b`;
    expect(decodeBase64Content(base64(text), BINARY)).toEqual({
      text,
      encoding: 'latin1',
      keepLength: true,
    });
  });

  it('leaves an image with more control characters alone', () => {
    expect(decodeBase64Content(base64(`${'a'.repeat(98)}\u001b\u001b`), IMAGE)).toBeUndefined();
  });

  it('reads text with control characters under a text type', () => {
    expect(decodeBase64Content(base64(FRAMED), 'text/plain')?.text).toBe(FRAMED.toString('utf8'));
  });

  it('reads long text wrapped in lines', () => {
    const text = `${'a'.repeat(3069)}\n${EMAIL}`;
    const wrapped = base64(text).replace(/.{75}/g, '$&\r\n');
    expect(decodeBase64Content(wrapped, BINARY)?.text).toBe(text);
  });

  it('finds a NUL after the first bytes of an image', () => {
    const text = `${'a'.repeat(10_000)}\u0000${EMAIL}`;
    expect(decodeBase64Content(base64(text), IMAGE)).toBeUndefined();
  });

  it('reads bytes that are not UTF-8 as Latin-1 and writes them back unchanged', () => {
    const bytes = Buffer.from(LATIN1_TEXT, 'latin1');
    const decoded = decodeBase64Content(base64(bytes), 'text/plain');
    expect(decoded).toEqual({ text: LATIN1_TEXT, encoding: 'latin1', keepLength: false });
    expect(encodeBase64Content(decoded!.text, 'latin1')).toBe(base64(bytes));
  });

  it('reads Latin-1 as text only under a type that declares text', () => {
    const data = base64(Buffer.from(LATIN1_TEXT, 'latin1'));
    expect(decodeBase64Content(data, 'text/csv')?.keepLength).toBe(false);
    expect(
      decodeBase64Content(data, 'application/x-custom; charset=windows-1252')?.keepLength,
    ).toBe(false);
    expect(decodeBase64Content(data, 'application/x-custom')?.keepLength).toBe(true);
    expect(decodeBase64Content(data, undefined)?.keepLength).toBe(true);
    expect(decodeBase64Content(data, BINARY)?.keepLength).toBe(true);
    expect(decodeBase64Content(data, IMAGE)).toBeUndefined();
  });

  it('writes a character beyond Latin-1 as a question mark', () => {
    expect(Buffer.from(encodeBase64Content('a\u2022b', 'latin1'), 'base64')).toEqual(
      Buffer.from('a?b'),
    );
  });
});

describe('withoutBinaryDataUrls', () => {
  it('removes the payload of a PNG data URL', () => {
    const url = `data:image/png;base64,${base64(PNG_WITH_TEXT)}`;
    expect(withoutBinaryDataUrls(`src ${url} end`)).toBe('src data:image/png;base64, end');
  });

  it('keeps a text payload under a binary type', () => {
    const url = `data:application/octet-stream;base64,${base64(`name=${EMAIL}`)}`;
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

describe('multipart bodies with a binary part', () => {
  const BOUNDARY = 'form-boundary-7';

  function part(headers: string, content: Buffer | string): Buffer {
    return Buffer.concat([
      Buffer.from(`--${BOUNDARY}\r\n${headers}\r\n\r\n`),
      Buffer.from(content),
      Buffer.from('\r\n'),
    ]);
  }

  it.each([
    [
      'a field in Latin-1',
      'Content-Disposition: form-data; name="who"',
      Buffer.from(`Jos\u00e9 ${EMAIL}`, 'latin1'),
    ],
    [
      'a text file without a type',
      'Content-Disposition: form-data; name="f"; filename="a.txt"',
      `mail ${EMAIL}`,
    ],
    [
      'a Latin-1 CSV file',
      'Content-Disposition: form-data; name="f"; filename="a.csv"\r\nContent-Type: text/csv',
      Buffer.from(`Jos\u00e9;${EMAIL}`, 'latin1'),
    ],
  ])('sanitizes %s and keeps the image', (_, headers, content) => {
    const image = part(
      'Content-Disposition: form-data; name="photo"; filename="p.png"\r\nContent-Type: image/png',
      PNG_HEADER,
    );
    const bytes = Buffer.concat([
      image,
      part(headers, content),
      Buffer.from(`--${BOUNDARY}--\r\n`),
    ]);
    const contentType = `multipart/form-data; boundary=${BOUNDARY}`;
    const recording = recordingWith({ encoding: 'base64', data: base64(bytes) }, contentType);

    const body = sanitizedBody(recording);

    expect(auditCount(recording)).toBe(1);
    const written = Buffer.from(body?.data ?? '', 'base64');
    expect(written.includes(Buffer.from(EMAIL))).toBe(false);
    expect(written.subarray(0, image.length)).toEqual(image);
    expect(auditCount(recordingWith(body!, contentType))).toBe(0);
  });

  it.each([
    ['password', 'hunter2hunter'],
    ['user[password_confirmation]', 'hunter2hunter'],
    ['api_token', 'tk-0a9b8c7d6e'],
  ])('replaces the field %s whole', (name, secret) => {
    const bytes = Buffer.concat([
      part(`Content-Disposition: form-data; name="${name}"`, secret),
      part('Content-Disposition: form-data; name="nextPageToken"', 'cursor-0042'),
      part('Content-Disposition: form-data; name="password"; filename="p.txt"', 'plain notes'),
      Buffer.from(`--${BOUNDARY}--\r\n`),
    ]);
    const contentType = `multipart/form-data; boundary=${BOUNDARY}`;
    const recording = recordingWith({ encoding: 'base64', data: base64(bytes) }, contentType);

    const written = Buffer.from(sanitizedBody(recording)?.data ?? '', 'base64').toString('utf8');

    expect(written).not.toContain(secret);
    expect(written).toContain(`name="${name}"\r\n\r\n`);
    expect(written).toContain('name="nextPageToken"\r\n\r\ncursor-0042\r\n');
    expect(written).toContain('filename="p.txt"\r\n\r\nplain notes\r\n');
    expect(written).toHaveLength(bytes.length);
  });
});

/** A base64 payload wrapped in lines of 64 characters, with the address on a later line. */
const WRAPPED = base64(`${'word '.repeat(20)}${EMAIL}`).replace(/.{64}/g, '$&\n');

describe('base64 data: URLs written in other ways', () => {
  const encoded = base64(`mail ${EMAIL}`);

  it.each([
    ['an upper-case scheme', `DATA:text/plain;base64,${encoded}`],
    ['a spaced charset parameter', `data:text/plain; charset=utf-8;base64,${encoded}`],
    ['a quoted parameter', `data:text/plain;charset="utf-8";base64,${encoded}`],
    ['a payload in lines of 64', `data:text/plain;base64,${WRAPPED}`],
    [
      'a payload in indented lines of 76',
      `data:text/plain;base64,${base64(`${'word '.repeat(20)}${EMAIL}`).replace(/.{76}/g, '$&\r\n  ')}`,
    ],
    [
      'a percent-encoded payload',
      `data:text/plain;base64,${encoded.replace(/\+/g, '%2B').replace(/=/g, '%3D')}`,
    ],
    [
      'a data: URL inside a data: URL',
      `data:text/plain;base64,${base64(`see data:text/plain;base64,${encoded}`)}`,
    ],
  ])('sanitizes %s in text and in a link', (_, url) => {
    const stream = new RrwebStream();
    stream.page('http://127.0.0.1:4173/', h('p', {}, `note ${url}`), h('a', { href: url }, 'file'));
    const recording = stream.recording();

    expect(auditCount(recording)).toBe(2);
    const output = sanitizeRecording(recording, { text: createTextSanitizer({ key: KEY }) });
    expect(auditCount(output)).toBe(0);
  });
});

describe('base64 data: URLs next to other text', () => {
  const image = `data:image/png;base64,${base64(PNG_HEADER)}`;

  function sanitizedText(text: string): string {
    const stream = new RrwebStream();
    stream.page('http://127.0.0.1:4173/', h('p', {}, text));
    const output = sanitizeRecording(stream.recording(), {
      text: createTextSanitizer({ key: KEY }),
    });
    return JSON.stringify(output.events);
  }

  it('reads the parameters of an image data: URL as text', () => {
    const named = `data:image/png;name=${EMAIL};base64,${base64(PNG_HEADER)}`;
    const written = sanitizedText(`icon ${named} end`);
    expect(written).not.toContain(EMAIL);
    expect(written).toContain(`;base64,${base64(PNG_HEADER)} end`);
  });

  it('reads prose after a type and a semicolon as text', () => {
    expect(sanitizedText(`data:image/png; ${EMAIL} ${image}`)).not.toContain(EMAIL);
  });

  it('reads the line after an image payload as text', () => {
    const longImage = `data:image/png;base64,${base64(Buffer.concat([PNG_HEADER, Buffer.alloc(60)]))}`;
    for (const next of [`${EMAIL};Ann`, 'FR7630006000011234567890189;Ann']) {
      const written = sanitizedText(`icon ${longImage}\n${next}`);
      expect(written).not.toContain(next.split(';')[0]);
      expect(written).toContain(longImage);
    }
  });

  it('decodes a wrapped payload of a link', () => {
    const wrapped = base64(`${'word '.repeat(20)}${EMAIL}`).replace(/.{40}/g, '$&\n  ');
    const stream = new RrwebStream();
    stream.page(
      'http://127.0.0.1:4173/',
      h('a', { href: `data:text/plain;base64,\n${wrapped}` }, 'f'),
    );

    const output = sanitizeRecording(stream.recording(), {
      text: createTextSanitizer({ key: KEY }),
    });

    const href = /"href":"data:text\/plain;base64,([^"]+)"/.exec(
      JSON.stringify(output.events),
    )?.[1];
    expect(Buffer.from(href ?? '', 'base64').toString('utf8')).toMatch(
      /^(word ){20}\S+@[a-z]+\.example$/,
    );
    expect(auditCount(output)).toBe(0);
  });
});

describe('Latin-1 percent-encoding', () => {
  const form = `contact=Ren%E9e+${encodeURIComponent(EMAIL)}&lang=fr`;

  it('sanitizes a form body and keeps its Latin-1 escapes', () => {
    const contentType = 'application/x-www-form-urlencoded';
    const recording = recordingWith({ encoding: 'text', data: form }, contentType);

    const body = sanitizedBody(recording);

    expect(auditCount(recording)).toBe(1);
    expect(body?.data).toMatch(/^contact=Ren%E9e\+[^&]+&lang=fr$/);
    expect(decodeURIComponent(body!.data.replace('%E9', ''))).not.toContain(EMAIL);
    expect(auditCount(recordingWith(body!, contentType))).toBe(0);
  });
});

describe('Latin-1 percent-encoding with other characters', () => {
  it('writes a character beyond Latin-1 as UTF-8 escapes', () => {
    const contentType = 'application/x-www-form-urlencoded';
    const form = `q=Ren%E9e+\u20ac+${encodeURIComponent(EMAIL)}`;

    const body = sanitizedBody(recordingWith({ encoding: 'text', data: form }, contentType));

    expect(body?.data).toMatch(/^q=Ren%E9e\+%E2%82%AC\+/);
    expect(body?.data).not.toContain('%u');
    expect(auditCount(recordingWith(body!, contentType))).toBe(0);
  });
});

describe('mayContainDataUrl', () => {
  it.each(['data:text/plain,a', 'see DATA:x', 'Data:', 'x;data:'])('finds %j', (text) => {
    expect(mayContainDataUrl(text)).toBe(true);
  });

  it.each(['', 'https://127.0.0.1/', 'a:b', 'metadata', 'dat:a'])('rules out %j', (text) => {
    expect(mayContainDataUrl(text)).toBe(false);
  });
});

describe('credential fields', () => {
  const example = '{"password":"hunter2hunter2","apiToken":"t0k3n-9a8b7c"}';

  /** Sanitizes a recording with `data` as the JSON body of a POST request. */
  function sanitizedRequest(data: string): Recording {
    const recording = recordingWith({ encoding: 'text', data: '{}' }, 'application/json');
    const exchange = recording.network[0]!;
    exchange.request = {
      ...exchange.request,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: { encoding: 'text', data },
    };
    return sanitizeRecording(recording, { text: createTextSanitizer({ key: KEY }) });
  }

  function sanitizedRequestBody(data: string): string {
    return sanitizedRequest(data).network[0]!.request.body!.data;
  }

  function sanitizedApiKey(written: string): string {
    const body = sanitizedRequestBody(`{"apiKey":"${written}"}`);
    return (JSON.parse(body) as { apiKey: string }).apiKey;
  }

  it('replaces them in a JSON request body', () => {
    const fields = JSON.parse(sanitizedRequestBody(example)) as Record<string, string>;
    expect(fields.password).not.toBe('hunter2hunter2');
    expect(fields.apiToken).not.toBe('t0k3n-9a8b7c');
  });

  it.each([
    ['an escaped letter', 'p%41ss1234', 'pAss1234'],
    ['escaped punctuation', 'ab%2Bcd%2Fef12%3D', 'ab+cd/ef12='],
  ])('replaces a value with %s by its decoded form', (_, written, decoded) => {
    const output = sanitizedApiKey(written);
    const replaced = decodeURIComponent(output);
    expect(replaced).not.toBe(decoded);
    expect(replaced).toBe(sanitizedApiKey(decoded));
    expect(sanitizedApiKey(output)).toBe(output);
    expect(auditCount(sanitizedRequest(`{"apiKey":"${written}"}`))).toBe(0);
  });

  it('keeps a stray percent sign in a value', () => {
    const replaced = sanitizedApiKey('ab%zz12345');
    expect(replaced).not.toBe('ab%zz12345');
    expect(replaced).toMatch(/^[a-z]{2}%[a-z]{2}\d{5}$/);
    expect(auditCount(sanitizedRequest('{"apiKey":"ab%zz12345"}'))).toBe(0);
  });

  it('keeps a password that a response echoes', () => {
    const body = sanitizedBody(
      recordingWith({ encoding: 'text', data: example }, 'application/json'),
    );
    const fields = JSON.parse(body!.data) as Record<string, string>;
    expect(fields.password).toBe('hunter2hunter2');
    expect(fields.apiToken).not.toBe('t0k3n-9a8b7c');
  });

  it('replaces them in a GraphQL query string', () => {
    const query = JSON.stringify({
      query: 'mutation { login(user: "ann", password: "pw123456") }',
    });
    const body = sanitizedRequestBody(query);
    expect(body).not.toContain('pw123456');
    expect(body).toContain('user: \\"ann\\"');
  });

  it('leaves them in page text', () => {
    // An API explorer renders an example request from its spec, so the page text is the app's.
    const stream = new RrwebStream();
    stream.page('http://127.0.0.1:4173/', h('pre', {}, example));
    const output = sanitizeRecording(stream.recording(), {
      text: createTextSanitizer({ key: KEY }),
    });
    expect(JSON.stringify(output.events)).toContain(JSON.stringify(example).slice(1, -1));
  });
});
