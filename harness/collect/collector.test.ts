import { request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BATCH_PATH, HEALTH_PATH } from './batch.js';
import { startCollector, type CollectorOptions, type RunningCollector } from './collector.js';
import { batchFileName, sessionFolder } from './session-files.js';
import { postBatch, tinyBatch } from './testing/batches.js';

const TOKEN = 'test-token-0123456789abcdef';
const APP_ORIGIN = 'http://127.0.0.1:5173';

let store: string;
let collector: RunningCollector | undefined;
let logLines: string[];

beforeEach(async () => {
  store = await mkdtemp(join(tmpdir(), 'replaygate-collector-'));
  logLines = [];
});

afterEach(async () => {
  await collector?.close();
  collector = undefined;
  await rm(store, { recursive: true, force: true });
});

async function start(options: Partial<CollectorOptions> = {}): Promise<RunningCollector> {
  collector = await startCollector({
    store,
    token: TOKEN,
    port: 0,
    allowOrigins: [APP_ORIGIN],
    log: (line) => logLines.push(line),
    ...options,
  });
  return collector;
}

function batchPath(sessionId: string, seq: number, gzip = false): string {
  return join(sessionFolder(store, sessionId), batchFileName(seq, gzip));
}

/** Sends a raw request and returns the response with its body text. */
function rawRequest(
  url: string,
  options: { method: string; headers?: Record<string, string | number> },
  write: (request: ClientRequest) => void,
): Promise<{ response: IncomingMessage; text: string }> {
  return new Promise((resolveRequest, rejectRequest) => {
    const request = httpRequest(url, options, (response) => {
      let text = '';
      response.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
      response.on('end', () => resolveRequest({ response, text }));
    });
    request.on('error', rejectRequest);
    write(request);
  });
}

async function inFlight(url: string): Promise<number> {
  const health = (await (await fetch(`${url}${HEALTH_PATH}`)).json()) as { inFlight: number };
  return health.inFlight;
}

describe('collector uploads', () => {
  it('stores a batch and answers 202', async () => {
    const { url } = await start();
    const reply = await postBatch(url, tinyBatch(), { token: TOKEN });
    expect(reply.status).toBe(202);
    expect(reply.body).toEqual({ status: 'stored', sessionId: 'session-0001', seq: 0 });
    const stored = JSON.parse(await readFile(batchPath('session-0001', 0), 'utf8'));
    expect(stored).toEqual(tinyBatch());
  });

  it('stores a gzip upload as sent', async () => {
    const { url } = await start();
    const body = gzipSync(JSON.stringify(tinyBatch({ seq: 4 })));
    const reply = await postBatch(url, undefined, {
      token: TOKEN,
      body,
      headers: { 'content-encoding': 'gzip' },
    });
    expect(reply.status).toBe(202);
    expect(await readFile(batchPath('session-0001', 4, true))).toEqual(body);
  });

  it('answers 200 duplicate for a stored seq', async () => {
    const { url } = await start();
    expect((await postBatch(url, tinyBatch(), { token: TOKEN })).status).toBe(202);
    const again = await postBatch(url, tinyBatch({ tags: ['retried'] }), {
      token: TOKEN,
      gzip: true,
    });
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ status: 'duplicate', sessionId: 'session-0001', seq: 0 });
    expect(existsSync(batchPath('session-0001', 0, true))).toBe(false);
  });

  it('stores one of concurrent duplicates', async () => {
    const { url } = await start();
    const replies = await Promise.all(
      Array.from({ length: 6 }, () => postBatch(url, tinyBatch({ seq: 9 }), { token: TOKEN })),
    );
    const statuses = replies.map((reply) => reply.body.status).sort();
    expect(statuses).toEqual([
      'duplicate',
      'duplicate',
      'duplicate',
      'duplicate',
      'duplicate',
      'stored',
    ]);
  });

  it('keeps an accepted batch in the index', async () => {
    const { url } = await start();
    await postBatch(url, tinyBatch({ tags: ['beta'] }), { token: TOKEN });
    await postBatch(url, tinyBatch({ seq: 1, tags: ['paid'] }), { token: TOKEN });
    await collector?.close();
    collector = undefined;
    const summary = JSON.parse(
      await readFile(join(sessionFolder(store, 'session-0001'), 'summary.json'), 'utf8'),
    );
    expect(summary.seqs).toEqual([0, 1]);
    expect(summary.tags).toEqual(['beta', 'paid']);
  });
});

describe('collector auth', () => {
  it.each([
    ['no Authorization header', undefined],
    ['a wrong token', 'wrong-token-0123456789abcdef'],
    ['a token prefix', TOKEN.slice(0, -1)],
  ])('rejects %s with 401', async (_case, token) => {
    const { url } = await start();
    const reply = await postBatch(url, tinyBatch(), token === undefined ? {} : { token });
    expect(reply.status).toBe(401);
    expect(reply.headers.get('www-authenticate')).toBe('Bearer');
    expect(existsSync(sessionFolder(store, 'session-0001'))).toBe(false);
  });

  it('accepts a lower-case bearer scheme', async () => {
    const { url } = await start();
    const reply = await postBatch(url, tinyBatch(), {
      headers: { authorization: `bearer ${TOKEN}` },
    });
    expect(reply.status).toBe(202);
  });
});

describe('collector request checks', () => {
  it('rejects another content type with 415', async () => {
    const { url } = await start();
    const reply = await postBatch(url, tinyBatch(), {
      token: TOKEN,
      headers: { 'content-type': 'text/plain' },
    });
    expect(reply.status).toBe(415);
    expect(reply.body.error).toContain('application/json');
  });

  it('rejects another content encoding with 415', async () => {
    const { url } = await start();
    const reply = await postBatch(url, tinyBatch(), {
      token: TOKEN,
      headers: { 'content-encoding': 'br' },
    });
    expect(reply.status).toBe(415);
    expect(reply.body.error).toContain('Content-Encoding br');
  });

  it('rejects invalid JSON with 400', async () => {
    const { url } = await start();
    const reply = await postBatch(url, undefined, { token: TOKEN, body: '{"format":' });
    expect(reply.status).toBe(400);
    expect(reply.body.error).toContain('not valid JSON');
  });

  it('rejects invalid gzip with 400', async () => {
    const { url } = await start();
    const reply = await postBatch(url, undefined, {
      token: TOKEN,
      body: '{"not":"gzip"}',
      headers: { 'content-encoding': 'gzip' },
    });
    expect(reply.status).toBe(400);
    expect(reply.body.error).toContain('not valid gzip');
  });

  it('names the invalid field with 400', async () => {
    const { url } = await start();
    const reply = await postBatch(url, { ...tinyBatch(), seq: 'first' }, { token: TOKEN });
    expect(reply.status).toBe(400);
    expect(reply.body.field).toBe('seq');
    expect(reply.body.error).toMatch(/^seq: /);
  });

  it('rejects a declared oversized body with 413', async () => {
    const { url } = await start({ limits: { maxBodyBytes: 1000 } });
    const reply = await postBatch(url, tinyBatch({ tags: ['x'.repeat(100)] }), {
      token: TOKEN,
      body: 'x'.repeat(1001),
    });
    expect(reply.status).toBe(413);
    expect(reply.body.error).toContain('Content-Length 1001 exceeds the limit of 1000 bytes');
  });

  it('rejects a streamed oversized body with 413', async () => {
    const { url } = await start({ limits: { maxBodyBytes: 1000 } });
    const { response, text } = await rawRequest(
      `${url}${BATCH_PATH}`,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      },
      (request) => {
        for (let chunk = 0; chunk < 5; chunk += 1) {
          request.write('x'.repeat(400));
        }
        request.end();
      },
    );
    expect(response.statusCode).toBe(413);
    expect(JSON.parse(text).error).toContain('exceeds the limit of 1000 bytes');
  });

  it('rejects a gzip body that inflates past the limit with 413', async () => {
    const { url } = await start({ limits: { maxDecodedBytes: 64 * 1024 } });
    const bomb = gzipSync(Buffer.alloc(1024 * 1024, 0x20));
    const reply = await postBatch(url, undefined, {
      token: TOKEN,
      body: bomb,
      headers: { 'content-encoding': 'gzip' },
    });
    expect(bomb.length).toBeLessThan(64 * 1024);
    expect(reply.status).toBe(413);
    expect(reply.body.error).toContain('decompresses to more than the limit of 65536 bytes');
  });

  it('rejects too many events with 413', async () => {
    const { url } = await start({ limits: { maxEvents: 2 } });
    const reply = await postBatch(url, tinyBatch(), { token: TOKEN });
    expect(reply.status).toBe(413);
    expect(reply.body.field).toBe('events');
  });

  it('answers the health check and unknown paths', async () => {
    const { url } = await start();
    const health = await fetch(`${url}${HEALTH_PATH}`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok', inFlight: 0 });
    expect((await fetch(`${url}/v1/other`)).status).toBe(404);
    const get = await fetch(`${url}${BATCH_PATH}`);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST, OPTIONS');
  });
});

describe('collector CORS', () => {
  it('answers a preflight from an allowed origin', async () => {
    const { url } = await start();
    const response = await fetch(`${url}${BATCH_PATH}`, {
      method: 'OPTIONS',
      headers: {
        origin: APP_ORIGIN,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type, content-encoding',
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
    expect(response.headers.get('access-control-allow-methods')).toBe('POST');
    expect(response.headers.get('access-control-allow-headers')).toBe(
      'authorization, content-type, content-encoding',
    );
    expect(response.headers.get('vary')).toBe('Origin');
  });

  it('rejects a preflight from another origin with 403', async () => {
    const { url } = await start();
    const response = await fetch(`${url}${BATCH_PATH}`, {
      method: 'OPTIONS',
      headers: { origin: 'http://127.0.0.1:9999', 'access-control-request-method': 'POST' },
    });
    expect(response.status).toBe(403);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('rejects an upload from another origin with 403', async () => {
    const { url } = await start();
    const reply = await postBatch(url, tinyBatch(), {
      token: TOKEN,
      origin: 'https://app.example.com',
    });
    expect(reply.status).toBe(403);
    expect(existsSync(sessionFolder(store, 'session-0001'))).toBe(false);
  });

  it('exposes Retry-After and errors to an allowed origin', async () => {
    const { url } = await start();
    const stored = await postBatch(url, tinyBatch(), { token: TOKEN, origin: APP_ORIGIN });
    expect(stored.status).toBe(202);
    expect(stored.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
    expect(stored.headers.get('access-control-expose-headers')).toBe('Retry-After');
    const unauthorized = await postBatch(url, tinyBatch(), { origin: APP_ORIGIN });
    expect(unauthorized.status).toBe(401);
    expect(unauthorized.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
  });
});

describe('collector overload', () => {
  it('answers 429 with Retry-After at the in-flight limit', async () => {
    const { url } = await start({ limits: { maxInFlight: 1 } });
    const body = JSON.stringify(tinyBatch({ seq: 1 }));
    let finish: () => void = () => undefined;
    const heldUpload = rawRequest(
      `${url}${BATCH_PATH}`,
      {
        method: 'POST',
        headers: {
          authorization: `Bearer ${TOKEN}`,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
        },
      },
      (request) => {
        request.write(body.slice(0, 10));
        finish = () => request.end(body.slice(10));
      },
    );
    while ((await inFlight(url)) < 1) {
      await new Promise((resolveWait) => setTimeout(resolveWait, 10));
    }
    const rejected = await postBatch(url, tinyBatch(), { token: TOKEN });
    expect(rejected.status).toBe(429);
    expect(rejected.headers.get('retry-after')).toBe('1');
    finish();
    expect((await heldUpload).response.statusCode).toBe(202);
    expect((await postBatch(url, tinyBatch(), { token: TOKEN })).status).toBe(202);
  });
});

describe('collector disconnects', () => {
  it('frees the slot of an aborted upload', async () => {
    const { url } = await start({ limits: { maxInFlight: 1 } });
    const request = httpRequest(`${url}${BATCH_PATH}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${TOKEN}`,
        'content-type': 'application/json',
        'content-length': 1000,
      },
    });
    request.on('error', () => undefined);
    request.write('{"format":');
    while ((await inFlight(url)) < 1) {
      await new Promise((resolveWait) => setTimeout(resolveWait, 10));
    }
    request.destroy();
    while ((await inFlight(url)) > 0) {
      await new Promise((resolveWait) => setTimeout(resolveWait, 10));
    }
    expect((await postBatch(url, tinyBatch(), { token: TOKEN })).status).toBe(202);
    expect(logLines.filter((line) => line.includes('failed'))).toEqual([]);
  });
});

describe('startCollector', () => {
  it('rejects a short token', async () => {
    await expect(start({ token: 'short' })).rejects.toThrow(/REPLAYGATE_COLLECT_TOKEN/);
  });

  it('rejects an origin with a path', async () => {
    await expect(start({ allowOrigins: ['https://app.example.com/shop'] })).rejects.toThrow(
      /--allow-origin https:\/\/app\.example\.com\/shop is not an origin/,
    );
  });

  it('rejects a second collector on one store', async () => {
    await start();
    await expect(
      startCollector({ store, token: TOKEN, port: 0, log: () => undefined }),
    ).rejects.toThrow(/is in use by the collector with process id/);
  });

  it('rejects a port in use', async () => {
    const first = await start();
    const port = Number(new URL(first.url).port);
    const otherStore = await mkdtemp(join(tmpdir(), 'replaygate-collector-other-'));
    try {
      await expect(
        startCollector({ store: otherStore, token: TOKEN, port, log: () => undefined }),
      ).rejects.toThrow(/Cannot listen on 127\.0\.0\.1:\d+ \(EADDRINUSE\)/);
      expect(existsSync(join(otherStore, 'collector.lock'))).toBe(false);
    } finally {
      await rm(otherStore, { recursive: true, force: true });
    }
  });
});
