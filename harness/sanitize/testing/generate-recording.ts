import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { EventType, IncrementalSource, NodeType, type eventWithTime } from '@rrweb/types';
import type { NetworkExchange, RecordingMeta } from '../../fixture/recording.js';
import { RECORDING_FORMAT, RECORDING_VERSION } from '../../fixture/recording.js';
import { RecordingWriter } from '../stream/recording-writer.js';

/** Size and counts of a recording written by {@link writeSyntheticRecording}. */
export interface SyntheticRecording {
  /** Size of the uncompressed JSON in bytes. */
  bytes: number;
  events: number;
  exchanges: number;
}

/** Deterministic numbers, so every run writes the same recording. */
class Random {
  constructor(private state: number) {}

  next(): number {
    this.state = (Math.imul(this.state, 1_103_515_245) + 12_345) >>> 0;
    return this.state / 2 ** 32;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }
}

const NAMES = ['mara.quill', 'oskar.venn', 'ida.larch', 'tomas.reeve', 'ines.holt'];
const DOMAINS = ['larchmail.net', 'quillpost.org', 'vennbox.io'];
/** Card numbers that pass the Luhn check, made up for this generator. */
const CARDS = ['4532 0151 1283 0366', '5404 4874 2356 7916', '6011 0009 9013 9424'];
const WORDS = [
  'invoice',
  'shipment',
  'basket',
  'delivery',
  'parcel',
  'refund',
  'voucher',
  'address',
];

function email(random: Random): string {
  return `${random.pick(NAMES)}@${random.pick(DOMAINS)}`;
}

function sentence(random: Random, words: number): string {
  return Array.from({ length: words }, () => random.pick(WORDS)).join(' ');
}

/** Text of a row: mostly plain words, with an e-mail address in one row of twenty-five. */
function rowText(random: Random, index: number): string {
  return index % 25 === 0
    ? `${sentence(random, 6)} ${email(random)}`
    : `${sentence(random, 8)} #${index}`;
}

function snapshotEvent(random: Random, timestamp: number, rows: number): eventWithTime {
  let id = 10;
  const items = Array.from({ length: rows }, (_, row) => ({
    type: NodeType.Element,
    tagName: 'li',
    attributes: { class: 'row', 'data-id': String(row), title: rowText(random, row + 1) },
    childNodes: [{ type: NodeType.Text, textContent: rowText(random, row), id: id++ }],
    id: id++,
  }));
  const css = '.row { color: #333; z-index: 2147483647; background: url("/img/row.png"); }';
  const style = {
    type: NodeType.Element,
    tagName: 'style',
    attributes: {},
    childNodes: [{ type: NodeType.Text, textContent: css, id: 3 }],
    id: 4,
  };
  const list = {
    type: NodeType.Element,
    tagName: 'ul',
    attributes: { class: 'rows' },
    childNodes: items,
    id: 6,
  };
  const body = {
    type: NodeType.Element,
    tagName: 'body',
    attributes: {},
    childNodes: [list],
    id: 5,
  };
  const head = {
    type: NodeType.Element,
    tagName: 'head',
    attributes: {},
    childNodes: [style],
    id: 7,
  };
  const html = {
    type: NodeType.Element,
    tagName: 'html',
    attributes: {},
    childNodes: [head, body],
    id: 2,
  };
  return {
    type: EventType.FullSnapshot,
    timestamp,
    data: {
      node: { type: NodeType.Document, childNodes: [html], id: 1 } as never,
      initialOffset: { top: 0, left: 0 },
    },
  };
}

/** Returns the Input events of typing a value into a field, one per character, and of clearing it. */
function typingEvents(random: Random, timestamp: number, field: number): eventWithTime[] {
  const value = field % 2 === 0 ? email(random) : random.pick(CARDS);
  const events = [...value].map((_, position) => ({
    type: EventType.IncrementalSnapshot,
    timestamp: timestamp + position,
    data: {
      source: IncrementalSource.Input,
      id: field,
      text: value.slice(0, position + 1),
      isChecked: false,
    },
  }));
  events.push({
    type: EventType.IncrementalSnapshot,
    timestamp: timestamp + value.length,
    data: { source: IncrementalSource.Input, id: field, text: '', isChecked: false },
  });
  return events as eventWithTime[];
}

function incrementalEvent(random: Random, timestamp: number, index: number): eventWithTime {
  if (random.next() < 0.45) {
    return {
      type: EventType.IncrementalSnapshot,
      timestamp,
      data: {
        source: IncrementalSource.MouseMove,
        positions: [{ x: index % 1280, y: index % 720, id: 6, timeOffset: -10 }],
      },
    };
  }
  return {
    type: EventType.IncrementalSnapshot,
    timestamp,
    data: {
      source: IncrementalSource.Mutation,
      adds: [
        {
          parentId: 6,
          nextId: null,
          node: {
            type: NodeType.Element,
            tagName: 'li',
            attributes: { class: 'row', title: rowText(random, index) },
            childNodes: [],
            id: 100_000 + index,
          },
        },
        {
          parentId: 100_000 + index,
          nextId: null,
          node: {
            type: NodeType.Text,
            textContent: rowText(random, index + 1),
            id: 200_000 + index,
          },
        },
      ],
      removes: [],
      texts: [
        {
          id: 11,
          value: index % 40 === 0 ? `card ${random.pick(CARDS)} saved` : `${sentence(random, 12)}`,
        },
      ],
      attributes: [{ id: 6, attributes: { class: index % 2 === 0 ? 'rows busy' : 'rows' } }],
    } as never,
  };
}

/**
 * The PNG signature and the length and type of an IHDR chunk. Real images start with these
 * bytes, whose NULs mark the body as binary, so the sanitizer leaves it byte for byte.
 */
const PNG_HEADER = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');

function exchangeOf(random: Random, id: number, timestamp: number): NetworkExchange {
  const binary = id % 5 === 4;
  const json = JSON.stringify({
    customer: { email: email(random), card: random.pick(CARDS) },
    items: Array.from({ length: 20 }, (_, item) => ({
      sku: `SKU-${item}`,
      text: sentence(random, 10),
      price: 9.99 + item,
    })),
  });
  const image = Buffer.alloc(2048, id % 251);
  PNG_HEADER.copy(image);
  image.write(`${email(random)}${random.pick(CARDS)}`, 100, 'latin1');
  return {
    id,
    initiator: 'fetch',
    request: {
      method: 'GET',
      url: `https://api.synthetic.test/orders/${id}?email=${encodeURIComponent(email(random))}`,
      headers: { authorization: `Bearer ${id}-not-a-real-token`, accept: 'application/json' },
    },
    response: {
      status: 200,
      statusText: 'OK',
      headers: { 'content-type': binary ? 'image/png' : 'application/json' },
      body: binary
        ? { encoding: 'base64', data: image.toString('base64') }
        : { encoding: 'text', data: json },
    },
    startedAt: timestamp,
    endedAt: timestamp + 20,
    pageUrl: 'http://127.0.0.1:4173/shop/',
  };
}

/**
 * Writes a gzip-compressed recording of about `targetBytes` of JSON: full snapshots with
 * 200 rows each, mutations, mouse moves, typed e-mail addresses and card numbers, and JSON
 * and PNG exchanges. About one text in twenty-five carries an invented e-mail address or
 * card number. The same size always gives the same file.
 */
export async function writeSyntheticRecording(
  path: string,
  targetBytes: number,
): Promise<SyntheticRecording> {
  const random = new Random(targetBytes);
  await mkdir(dirname(path), { recursive: true });
  const writer = new RecordingWriter(path);
  const started = 1_700_000_000_000;
  const meta: RecordingMeta = {
    name: 'synthetic',
    startedAt: started,
    url: 'http://127.0.0.1:4173/shop/',
    viewport: { width: 1280, height: 720 },
    deviceScaleFactor: 1,
    userAgent: 'synthetic',
    locale: 'en-US',
    timeZone: 'UTC',
    seed: 'synthetic',
    recorder: { name: 'replaygate', version: '0.0.0' },
  };
  let bytes = 0;
  const count = (value: unknown) => (bytes += JSON.stringify(value).length + 1);
  await writer.field('format', RECORDING_FORMAT);
  await writer.field('version', RECORDING_VERSION);
  await writer.field('meta', meta);
  writer.startArray('events');
  let events = 0;
  const emit = async (event: eventWithTime) => {
    await writer.element(event);
    count(event);
    events += 1;
  };
  const eventBudget = targetBytes * 0.7;
  while (bytes < eventBudget) {
    const timestamp = started + events * 10;
    if (events % 2000 === 0) {
      await emit({
        type: EventType.Meta,
        timestamp,
        data: { href: meta.url, width: 1280, height: 720 },
      });
      await emit(snapshotEvent(random, timestamp, 200));
    } else if (events % 500 === 1) {
      for (const event of typingEvents(random, timestamp, 900 + (events % 2))) {
        await emit(event);
      }
    } else {
      await emit(incrementalEvent(random, timestamp, events));
    }
  }
  writer.endArray();
  writer.startArray('network');
  let exchanges = 0;
  while (bytes < targetBytes) {
    const exchange = exchangeOf(random, exchanges, started + exchanges);
    await writer.element(exchange);
    count(exchange);
    exchanges += 1;
  }
  writer.endArray();
  await writer.close();
  return { bytes, events, exchanges };
}
