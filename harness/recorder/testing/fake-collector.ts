import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import type { RecorderBatch } from '../../collect/batch.js';

/** A scripted response of the {@link FakeCollector}. */
export interface ScriptedReply {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

/** One upload the fake collector received. */
export interface ReceivedUpload {
  batch: RecorderBatch;
  /** Status code of the response it got. */
  status: number;
  gzip: boolean;
  authorization: string | undefined;
}

/**
 * A stand-in for the collector that tests control: it accepts CORS preflights from any
 * origin, stores every upload, and responds to each upload with the next scripted reply, or
 * 202 once the script is used up. It listens on 127.0.0.1 only.
 */
export interface FakeCollector {
  /** Base URL without a trailing slash. */
  url: string;
  /**
   * Bearer token for the current test's recorder. reset() retires it, so a late upload of an
   * earlier test gets a 410 response and stays out of `uploads`. Other tokens are accepted.
   */
  readonly token: string;
  uploads: ReceivedUpload[];
  /** Uploads that got a 2xx response, without repeats of a sequence number. */
  storedBatches(): RecorderBatch[];
  /** Queues replies for the next uploads. */
  reply(...replies: ScriptedReply[]): void;
  /** Responds to every upload with `reply` until called again with undefined. */
  replyAlways(reply: ScriptedReply | undefined): void;
  /**
   * Forgets every upload and scripted reply, for the next test. Call it after closing the
   * browser context. It first waits for uploads still arriving. A request that started before
   * the reset is then left out of `uploads`, so a closed page cannot leak into the next test.
   */
  reset(): Promise<void>;
  /** Resolves once `condition` holds, polling every 50 ms; rejects after `timeoutMs`. */
  waitFor(condition: () => boolean, description: string, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** Starts a {@link FakeCollector} on 127.0.0.1 and a free port. */
export async function startFakeCollector(): Promise<FakeCollector> {
  const uploads: ReceivedUpload[] = [];
  const queue: ScriptedReply[] = [];
  let always: ScriptedReply | undefined;
  // A request belongs to the test that was running when it arrived. reset() starts a new test.
  let generation = 0;
  let inFlight = 0;
  const retiredTokens = new Set<string>();
  const tokenOf = (testIndex: number) => `fake-collector-token-${testIndex}-0123456789`;

  const server = createServer((request, response) => {
    allowCors(request, response);
    if (request.method === 'OPTIONS') {
      response.writeHead(204).end();
      return;
    }
    if (request.method !== 'POST' || request.url !== '/v1/batches') {
      response.writeHead(404).end();
      return;
    }
    const arrivedIn = generation;
    inFlight += 1;
    request.on('close', () => {
      inFlight -= 1;
    });
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const hasRetiredToken = retiredTokens.has(request.headers.authorization?.slice(7) ?? '');
      if (arrivedIn !== generation || hasRetiredToken) {
        response.writeHead(410).end();
        return;
      }
      const gzip = request.headers['content-encoding'] === 'gzip';
      const raw = Buffer.concat(chunks);
      const batch = JSON.parse((gzip ? gunzipSync(raw) : raw).toString('utf8')) as RecorderBatch;
      const reply = always ?? queue.shift() ?? { status: 202 };
      uploads.push({
        batch,
        status: reply.status,
        gzip,
        authorization: request.headers.authorization,
      });
      response.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
      response.end(
        JSON.stringify(
          reply.body ?? { status: 'stored', sessionId: batch.sessionId, seq: batch.seq },
        ),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    get token() {
      return tokenOf(generation);
    },
    uploads,
    storedBatches() {
      const bySeq = new Map<string, RecorderBatch>();
      for (const upload of uploads) {
        const key = `${upload.batch.sessionId}/${upload.batch.seq}`;
        if (upload.status < 300 && !bySeq.has(key)) {
          bySeq.set(key, upload.batch);
        }
      }
      return [...bySeq.values()].sort((left, right) => left.seq - right.seq);
    },
    reply: (...replies) => {
      queue.push(...replies);
    },
    replyAlways: (reply) => {
      always = reply;
    },
    async reset() {
      const deadline = Date.now() + 5_000;
      while (inFlight > 0 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      retiredTokens.add(tokenOf(generation));
      generation += 1;
      uploads.length = 0;
      queue.length = 0;
      always = undefined;
    },
    async waitFor(condition, description, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      while (!condition()) {
        if (Date.now() > deadline) {
          throw new Error(`Timed out after ${timeoutMs} ms waiting for ${description}.`);
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function allowCors(request: IncomingMessage, response: ServerResponse): void {
  response.setHeader('access-control-allow-origin', request.headers.origin ?? '*');
  response.setHeader('access-control-allow-methods', 'POST');
  response.setHeader(
    'access-control-allow-headers',
    'authorization, content-type, content-encoding',
  );
  response.setHeader('access-control-expose-headers', 'retry-after');
  response.setHeader('access-control-max-age', '600');
}
