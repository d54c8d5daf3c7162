import { decode as decodeMessagePack, encode as encodeMessagePack } from '@msgpack/msgpack';
import { decode as decodeCbor, encode as encodeCbor, Tagged } from 'cborg';
import protobuf from 'protobufjs';
import { deflateSync, gunzipSync, gzipSync, inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { RrwebStream } from '../../compile/testing/rrweb-stream.js';
import type { CapturedBody, NetworkExchange, Recording } from '../../fixture/recording.js';
import { auditRecording } from '../audit.js';
import { sanitizeRecording } from '../sanitize-recording.js';
import { createTextSanitizer } from '../text-sanitizer.js';
import { decodeReviewPage, encodeReviewPage, reviewPageWith } from '../testing/printable-review.js';
import { dataFormatOf } from './wire-body.js';

const KEY = Buffer.alloc(32, 7);
const EMAIL = 'ann.bell@mailbox.org';
const PHONE = '+1 415 555 0132';
/** A made-up card number that passes the Luhn check. */
const CARD = '4532015112830366';
const PNG_HEADER = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');

/**
 * Field numbers 8 to 15 give tag bytes that read as letters, which a byte-by-byte reading
 * masked with the value next to them. `note` is longer than 127 bytes, so its length prefix
 * takes two bytes.
 */
const SCHEMA = protobuf
  .parse(
    `syntax = "proto3";
  message Address { string line = 1; string phone = 9; }
  message Customer {
    string email = 1;
    int32 id = 2;
    Address address = 8;
    repeated string tags = 12;
    uint64 card = 15;
    bytes avatar = 16;
    string note = 17;
  }`,
    { keepCase: true },
  )
  .root.lookupType('Customer');

/** A message nested in another, as field 1, with one string of its own, as field 4. */
const NESTED_NOTE = protobuf
  .parse(
    `syntax = "proto3";
    message Inner { string note = 4; }
    message Outer { Inner inner = 1; }`,
  )
  .root.lookupType('Outer');

const CUSTOMER = {
  email: EMAIL,
  id: 42,
  address: { line: '12 Quarry Lane', phone: PHONE },
  tags: ['vip', `contact ${EMAIL}`],
  card: CARD,
  avatar: Buffer.concat([PNG_HEADER, Buffer.from('plain pixels')]),
  note: `Call ${PHONE} before delivery. `.repeat(4),
};

function encodeCustomer(value: object): Buffer {
  return Buffer.from(SCHEMA.encode(SCHEMA.fromObject(value)).finish());
}

function decodeCustomer(bytes: Buffer): Record<string, unknown> {
  return SCHEMA.toObject(SCHEMA.decode(bytes), { longs: String, bytes: Buffer }) as Record<
    string,
    unknown
  >;
}

function recordingWith(body: CapturedBody, contentType: string): Recording {
  const exchange: NetworkExchange = {
    id: 0,
    initiator: 'fetch',
    request: { method: 'POST', url: 'http://127.0.0.1:4173/api/customer', headers: {} },
    response: {
      status: 200,
      statusText: 'OK',
      headers: { 'content-type': contentType },
      body,
    },
    startedAt: 1_700_000_000_010,
    endedAt: 1_700_000_000_020,
    pageUrl: 'http://127.0.0.1:4173/',
  };
  // The stream's recording brings the envelope and meta; its events do not matter here.
  return { ...new RrwebStream().recording(), events: [], network: [exchange] };
}

/** Sanitizes a base64 body, and audits the recording before and after. */
function sanitizeBody(
  bytes: Buffer,
  contentType: string,
): { written: Buffer; findings: number; rawFindings: number } {
  const recording = recordingWith(
    { encoding: 'base64', data: bytes.toString('base64') },
    contentType,
  );
  const sanitized = sanitizeRecording(recording, { text: createTextSanitizer({ key: KEY }) });
  const body = sanitized.network[0]!.response!.body!;
  return {
    written: Buffer.from(body.data, 'base64'),
    findings: audit(sanitized),
    rawFindings: audit(recording),
  };
}

function audit(recording: Recording): number {
  return auditRecording('data-format', recording, createTextSanitizer({ key: KEY })).findingCount;
}

function grpcFrame(flags: number, payload: Buffer): Buffer {
  const header = Buffer.alloc(5);
  header[0] = flags;
  header.writeUInt32BE(payload.length, 1);
  return Buffer.concat([header, payload]);
}

function readGrpcFrames(bytes: Buffer): Array<{ flags: number; payload: Buffer }> {
  const frames = [];
  for (let offset = 0; offset < bytes.length;) {
    const length = bytes.readUInt32BE(offset + 1);
    frames.push({
      flags: bytes[offset]!,
      payload: bytes.subarray(offset + 5, offset + 5 + length),
    });
    offset += 5 + length;
  }
  return frames;
}

describe('dataFormatOf', () => {
  it.each([
    ['application/x-protobuf', 'protobuf'],
    ['application/vnd.google.protobuf', 'protobuf'],
    ['application/grpc-web+proto', 'grpc'],
    ['application/grpc', 'grpc'],
    ['application/grpc-web-text', 'grpc-web-text'],
    ['application/msgpack', 'msgpack'],
    ['application/x-msgpack; charset=binary', 'msgpack'],
    ['application/cbor', 'cbor'],
    ['application/senml+cbor', 'cbor'],
    ['application/octet-stream', undefined],
    ['application/json', undefined],
  ])('reads %s as %s', (contentType, format) => {
    expect(dataFormatOf(contentType)).toBe(format);
  });
});

describe('protobuf bodies', () => {
  it('rewrites values and length prefixes', () => {
    const bytes = encodeCustomer(CUSTOMER);
    const { written, findings, rawFindings } = sanitizeBody(bytes, 'application/x-protobuf');

    expect(rawFindings).toBeGreaterThan(0);

    expect(findings).toBe(0);
    const customer = decodeCustomer(written);
    expect(customer.email).not.toBe(EMAIL);
    expect(customer.email).toMatch(/^[^@\s]+@[^@\s]+\.[a-z]+$/);
    expect(customer.id).toBe(42);
    const address = customer.address as { line: string; phone: string };
    expect(address.line).toBe('12 Quarry Lane');
    expect(address.phone).not.toBe(PHONE);
    expect(customer.tags).toEqual(['vip', `contact ${customer.email as string}`]);
    expect(customer.card).not.toBe(CARD);
    expect(String(customer.card)).toHaveLength(CARD.length);
    expect(customer.avatar).toEqual(CUSTOMER.avatar);
    expect(customer.note).not.toContain(PHONE);
    expect(written.includes(Buffer.from(EMAIL))).toBe(false);
  });

  it('keeps a clean message byte for byte', () => {
    const bytes = encodeCustomer({ id: 7, tags: ['vip'], address: { line: '12 Quarry Lane' } });

    expect(sanitizeBody(bytes, 'application/x-protobuf').written).toEqual(bytes);
  });

  it('leaves an image in bytes unchanged', () => {
    const avatar = Buffer.concat([PNG_HEADER, Buffer.from(`tEXtComment${EMAIL}`)]);
    const bytes = encodeCustomer({ id: 7, avatar });

    const { written, findings } = sanitizeBody(bytes, 'application/x-protobuf');

    expect(findings).toBe(0);
    expect(written).toEqual(bytes);
  });

  it('sanitizes both readings of ambiguous bytes', () => {
    // Field 4 (tag `"`) with a length byte of `(` (40), then 40 bytes of text: a valid
    // message and valid text at once.
    const text = `mail ${EMAIL} `.padEnd(40, '.');
    const payload = Buffer.from(`"(${text}`);
    const message = Buffer.concat([Buffer.from([0x0a, payload.length]), payload]);

    const { written, findings } = sanitizeBody(message, 'application/x-protobuf');

    expect(findings).toBe(0);
    expect(written.includes(Buffer.from(EMAIL))).toBe(false);
    const decoded = NESTED_NOTE.toObject(NESTED_NOTE.decode(written)) as {
      inner: { note: string };
    };
    expect(decoded.inner.note).toMatch(/^mail \S+@\S+ \.+$/);
  });

  it('finds a card after a digit-like length byte', () => {
    // The note's length byte is `1` (49), which a card number right after it would take in
    // when the bytes are read as text.
    const note = `${CARD} is the card on file for order 12`.padEnd(49, '.');
    const bytes = Buffer.from(
      NESTED_NOTE.encode(NESTED_NOTE.fromObject({ inner: { note } })).finish(),
    );
    const { written, findings, rawFindings } = sanitizeBody(bytes, 'application/x-protobuf');

    expect(rawFindings).toBeGreaterThan(0);

    expect(findings).toBe(0);
    const decoded = NESTED_NOTE.toObject(NESTED_NOTE.decode(written)) as {
      inner: { note: string };
    };
    expect(decoded.inner.note).not.toContain(CARD);
    expect(decoded.inner.note.endsWith(note.slice(CARD.length))).toBe(true);
  });

  it('finds a card that parses as fields', () => {
    // `5411113500018182` parses as protobuf fields, and their walk finds no card in them.
    const pay = protobuf
      .parse('syntax = "proto3"; message Pay { string card = 1; }')
      .root.lookupType('Pay');
    const card = '5411113500018182';
    const bytes = Buffer.from(pay.encode(pay.fromObject({ card })).finish());

    const { written, findings } = sanitizeBody(bytes, 'application/x-protobuf');

    expect(findings).toBe(0);
    expect((pay.toObject(pay.decode(written)) as { card: string }).card).not.toBe(card);
  });

  it('keeps printable nested messages decodable', () => {
    const page = reviewPageWith(EMAIL);

    const { written, findings } = sanitizeBody(encodeReviewPage(page), 'application/x-protobuf');

    expect(findings).toBe(0);
    const decoded = decodeReviewPage(written);
    expect(decoded.total).toBe(3);
    expect(decoded.review.title).toBe(page.review.title);
    expect(decoded.review.body).not.toContain(EMAIL);
    expect(decoded.review.body.endsWith(page.review.body.slice(EMAIL.length))).toBe(true);
  });

  it('keeps UTF-8 across a cut character', () => {
    // The text `"…Ren` `é` `AnnBell12` also reads as field 4 (`"`) of 32 bytes that ends
    // inside `é`, then field 8 (0xa9 0x41). A rule that matches from `Ren` on crosses the cut.
    const inner = Buffer.concat([Buffer.from(`${'x'.repeat(28)}Ren`), Buffer.from([0xc3])]);
    const name = Buffer.concat([
      Buffer.from([0x22, inner.length]),
      inner,
      Buffer.from([0xa9, 0x41]),
      Buffer.from('nnBell12'),
    ]).toString('utf8');
    const schema = protobuf
      .parse('syntax = "proto3"; message M { string name = 1; }')
      .root.lookupType('M');
    const bytes = Buffer.from(schema.encode(schema.fromObject({ name })).finish());
    const rules = { patterns: [{ name: 'person', pattern: 'Ren\\S+' }] };
    const recording = recordingWith(
      { encoding: 'base64', data: bytes.toString('base64') },
      'application/x-protobuf',
    );

    const sanitized = sanitizeRecording(recording, {
      text: createTextSanitizer({ key: KEY, rules }),
      rules,
    });

    const written = Buffer.from(sanitized.network[0]!.response!.body!.data, 'base64');
    const decoded = (schema.toObject(schema.decode(written)) as { name: string }).name;
    expect(decoded).not.toContain('AnnBell12');
    expect(decoded.startsWith(name.slice(0, 30))).toBe(true);
  });

  it('masks an invalid message at its length', () => {
    // Wire type 3 (a group) is not read, so this body is not a message.
    const bytes = Buffer.concat([Buffer.from([0x0b, 0x00]), Buffer.from(` ${EMAIL}`)]);

    const { written, findings } = sanitizeBody(bytes, 'application/x-protobuf');

    expect(findings).toBe(0);
    expect(written.length).toBe(bytes.length);
    expect(written.subarray(0, 2)).toEqual(bytes.subarray(0, 2));
  });
});

describe('gRPC bodies', () => {
  const TRAILERS = `grpc-status: 5\r\ngrpc-message: no account for ${EMAIL}\r\n`;

  it('rewrites message and trailer frames', () => {
    const bytes = Buffer.concat([
      grpcFrame(0, encodeCustomer(CUSTOMER)),
      grpcFrame(0x80, Buffer.from(TRAILERS)),
    ]);

    const { written, findings } = sanitizeBody(bytes, 'application/grpc-web+proto');

    expect(findings).toBe(0);
    const [message, trailers] = readGrpcFrames(written);
    expect(message?.flags).toBe(0);
    expect(decodeCustomer(message!.payload).email).not.toBe(EMAIL);
    expect(trailers?.flags).toBe(0x80);
    expect(trailers?.payload.toString()).toMatch(
      /^grpc-status: 5\r\ngrpc-message: no account for \S+@\S+\r\n$/,
    );
    expect(written.includes(Buffer.from(EMAIL))).toBe(false);
  });

  it.each([
    ['gzip', gzipSync, gunzipSync],
    ['deflate', deflateSync, inflateSync],
  ])('sanitizes a message frame compressed with %s', (_, compress, decompress) => {
    const bytes = grpcFrame(1, compress(encodeCustomer(CUSTOMER)));
    const { written, findings, rawFindings } = sanitizeBody(bytes, 'application/grpc-web+proto');

    expect(rawFindings).toBeGreaterThan(0);

    expect(findings).toBe(0);
    const [frame] = readGrpcFrames(written);
    expect(frame?.flags).toBe(1);
    const customer = decodeCustomer(decompress(frame!.payload));
    expect(customer.email).not.toBe(EMAIL);
    expect(customer.id).toBe(42);
  });

  it('reads uninflatable compressed frames as bytes', () => {
    // Flag 1 over a message that was not compressed, so it does not inflate.
    const bytes = grpcFrame(1, encodeCustomer({ email: EMAIL, id: 42 }));

    const { written, findings } = sanitizeBody(bytes, 'application/grpc-web+proto');

    expect(findings).toBe(0);
    expect(written.length).toBe(bytes.length);
    expect(written.includes(Buffer.from(EMAIL))).toBe(false);
  });

  it('decodes gRPC-Web text run by run', () => {
    // A line break between the runs is not part of the data.
    const text = [grpcFrame(0, encodeCustomer(CUSTOMER)), grpcFrame(0x80, Buffer.from(TRAILERS))]
      .map((frame) => frame.toString('base64'))
      .join('\r\n');
    expect(text.slice(0, -2)).toContain('=');
    const raw = recordingWith({ encoding: 'text', data: text }, 'application/grpc-web-text');
    expect(audit(raw)).toBeGreaterThan(0);

    const sanitized = sanitizeRecording(raw, { text: createTextSanitizer({ key: KEY }) });

    expect(audit(sanitized)).toBe(0);
    const body = sanitized.network[0]!.response!.body!;
    const frames = readGrpcFrames(Buffer.from(body.data, 'base64'));
    expect(decodeCustomer(frames[0]!.payload).id).toBe(42);
    expect(frames[1]?.payload.toString()).not.toContain(EMAIL);
  });
});

describe('MessagePack and CBOR bodies', () => {
  const avatar = new Uint8Array(Buffer.concat([PNG_HEADER, Buffer.from('plain pixels')]));
  const document = {
    customer: { email: EMAIL, card: Number(CARD), id: 42 },
    [`by ${EMAIL}`]: ['vip'],
    avatar,
  };

  it('replaces MessagePack strings, keys and cards', () => {
    const bytes = Buffer.from(encodeMessagePack(document));
    const { written, findings, rawFindings } = sanitizeBody(bytes, 'application/msgpack');

    expect(rawFindings).toBeGreaterThan(0);

    expect(findings).toBe(0);
    const decoded = decodeMessagePack(written) as Record<string, unknown>;
    const customer = decoded.customer as { email: string; card: number; id: number };
    expect(customer.email).not.toBe(EMAIL);
    expect(customer.email).toContain('@');
    expect(customer.card).not.toBe(Number(CARD));
    expect(String(customer.card)).toHaveLength(CARD.length);
    expect(customer.id).toBe(42);
    expect(Object.keys(decoded)).toEqual(['customer', `by ${customer.email}`, 'avatar']);
    expect(Buffer.from(decoded.avatar as Uint8Array)).toEqual(Buffer.from(avatar));
  });

  it('keeps CBOR tags and number keys', () => {
    const value = new Map<unknown, unknown>([
      [1, new Tagged(32, `https://shop.example/orders?email=${encodeURIComponent(EMAIL)}`)],
      [2, { contact: EMAIL, avatar }],
    ]);
    const bytes = Buffer.from(encodeCbor(value));

    const { written, findings } = sanitizeBody(bytes, 'application/cbor');

    expect(findings).toBe(0);
    const decoded = decodeCbor(written, { useMaps: true, tags: Tagged.preserve(32) }) as Map<
      unknown,
      unknown
    >;
    expect([...decoded.keys()]).toEqual([1, 2]);
    const link = decoded.get(1) as Tagged;
    expect(link.tag).toBe(32);
    expect(link.value).toMatch(/^https:\/\/shop\.example\/orders\?email=/);
    expect(link.value).not.toContain(encodeURIComponent(EMAIL));
    const record = decoded.get(2) as Map<string, unknown>;
    expect(record.get('contact')).not.toBe(EMAIL);
    expect(record.get('avatar')).toEqual(avatar);
  });

  it('keeps MessagePack timestamps to the nanosecond', () => {
    // A timestamp 96 extension: 4 bytes of nanoseconds, then 8 bytes of seconds.
    const timestamp = Buffer.from('c70cff075bcd150000000065920080', 'hex');
    const map = Buffer.concat([
      Buffer.from([0x82]),
      Buffer.from(encodeMessagePack('contact')),
      Buffer.from(encodeMessagePack(EMAIL)),
      Buffer.from(encodeMessagePack('at')),
      timestamp,
    ]);

    const { written, findings } = sanitizeBody(map, 'application/msgpack');

    expect(findings).toBe(0);
    expect(written.includes(timestamp)).toBe(true);
    expect(written.includes(Buffer.from(EMAIL))).toBe(false);
  });

  it('reads too deep MessagePack as bytes', () => {
    const bytes = Buffer.concat([
      Buffer.alloc(150, 0x91),
      Buffer.from(encodeMessagePack(`mail ${EMAIL}`)),
    ]);

    const { written, findings } = sanitizeBody(bytes, 'application/msgpack');

    expect(findings).toBe(0);
    expect(written.length).toBe(bytes.length);
    expect(written.includes(Buffer.from(EMAIL))).toBe(false);
  });

  it('masks invalid MessagePack at its length', () => {
    // 0xc1 is the one byte MessagePack never uses.
    const bytes = Buffer.concat([Buffer.from([0xc1]), Buffer.from(` ${EMAIL}`)]);

    const { written, findings } = sanitizeBody(bytes, 'application/msgpack');

    expect(findings).toBe(0);
    expect(written.length).toBe(bytes.length);
  });
});
