import { gzipSync } from 'node:zlib';
import type { eventWithTime } from '@rrweb/types';
import type { NetworkExchange, Recording } from '../../fixture/recording.js';
import { BATCH_FORMAT, BATCH_PATH, BATCH_VERSION, type RecorderBatch } from '../batch.js';

const STARTED_AT = 1_700_000_000_000;

/**
 * Splits a recording into the batches a production recorder would upload for it. Events go in
 * `count` chunks of about equal size, and each exchange goes in the batch whose events end
 * after it. Batch 0 carries the meta without name and seed.
 */
export function splitRecording(
  recording: Recording,
  options: { sessionId: string; count: number; tags?: string[] },
): RecorderBatch[] {
  const size = Math.ceil(recording.events.length / options.count);
  const chunks = Array.from({ length: options.count }, (_, index) =>
    recording.events.slice(index * size, (index + 1) * size),
  );
  const { name: _name, seed: _seed, ...meta } = recording.meta;
  const exchanges = chunks.map(() => [] as NetworkExchange[]);
  for (const exchange of recording.network) {
    const index = chunks.findIndex((chunk) => (chunk.at(-1)?.timestamp ?? 0) >= exchange.endedAt);
    exchanges[index === -1 ? chunks.length - 1 : index]?.push(exchange);
  }
  return chunks.map((events, seq) => ({
    format: BATCH_FORMAT,
    version: BATCH_VERSION,
    sessionId: options.sessionId,
    seq,
    sentAt: (events.at(-1)?.timestamp ?? meta.startedAt) + 10,
    ...(seq === 0 ? { meta } : {}),
    events,
    network: exchanges[seq] ?? [],
    ...(options.tags ? { tags: options.tags } : {}),
  }));
}

/** Returns the rrweb events of a tiny page: Meta, a full snapshot of `<html><body>`, and one click. */
export function tinyPageEvents(url: string, startedAt = STARTED_AT): eventWithTime[] {
  const snapshot = {
    node: {
      type: 0,
      id: 1,
      childNodes: [
        {
          type: 2,
          id: 2,
          tagName: 'html',
          attributes: {},
          childNodes: [{ type: 2, id: 3, tagName: 'body', attributes: {}, childNodes: [] }],
        },
      ],
    },
    initialOffset: { top: 0, left: 0 },
  };
  return [
    { type: 4, timestamp: startedAt, data: { href: url, width: 1280, height: 720 } },
    { type: 2, timestamp: startedAt + 1, data: snapshot },
    { type: 3, timestamp: startedAt + 500, data: { source: 2, type: 2, id: 3, x: 5, y: 5 } },
  ] as unknown as eventWithTime[];
}

/** Returns a GET exchange that got `status`, or failed without a response when status is 0. */
export function exchangeFor(
  url: string,
  status: number,
  startedAt = STARTED_AT + 100,
): NetworkExchange {
  return {
    id: 0,
    initiator: 'fetch',
    request: { method: 'GET', url, headers: {} },
    ...(status === 0
      ? { error: 'net::ERR_CONNECTION_REFUSED' }
      : {
          response: {
            status,
            statusText: '',
            headers: { 'content-type': 'application/json' },
            body: { encoding: 'text' as const, data: '{}' },
          },
        }),
    startedAt,
    endedAt: startedAt + 20,
    pageUrl: url,
  };
}

/** Returns a valid first batch of a session on a tiny page, with fields replaced by `overrides`. */
export function tinyBatch(overrides: Partial<RecorderBatch> = {}): RecorderBatch {
  const url = 'http://127.0.0.1:5173/shop/cart';
  return {
    format: BATCH_FORMAT,
    version: BATCH_VERSION,
    sessionId: 'session-0001',
    seq: 0,
    sentAt: STARTED_AT + 1000,
    meta: {
      startedAt: STARTED_AT,
      url,
      viewport: { width: 1280, height: 720 },
      deviceScaleFactor: 1,
      userAgent: 'Mozilla/5.0 (X11; Linux x86_64) HeadlessChrome/130.0.0.0',
      locale: 'en-US',
      timeZone: 'UTC',
      recorder: { name: 'replaygate-production', version: '0.1.0' },
    },
    events: tinyPageEvents(url),
    network: [exchangeFor('http://127.0.0.1:5173/api/cart', 200)],
    ...overrides,
  };
}

/** Options of {@link postBatch}. */
export interface PostOptions {
  token?: string;
  gzip?: boolean;
  origin?: string;
  headers?: Record<string, string>;
  /** Sent as the body instead of the batch's JSON. */
  body?: string | Buffer;
}

/** Uploads a batch as the recorder does, and returns the status, headers and parsed body. */
export async function postBatch(
  baseUrl: string,
  batch: unknown,
  options: PostOptions = {},
): Promise<{ status: number; headers: Headers; body: Record<string, unknown> }> {
  const json = options.body ?? JSON.stringify(batch);
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (options.token !== undefined) {
    headers.authorization = `Bearer ${options.token}`;
  }
  if (options.gzip) {
    headers['content-encoding'] = 'gzip';
  }
  if (options.origin !== undefined) {
    headers.origin = options.origin;
  }
  const response = await fetch(`${baseUrl}${BATCH_PATH}`, {
    method: 'POST',
    headers: { ...headers, ...options.headers },
    body: options.gzip
      ? new Uint8Array(gzipSync(json))
      : typeof json === 'string'
        ? json
        : new Uint8Array(json),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>),
  };
}
