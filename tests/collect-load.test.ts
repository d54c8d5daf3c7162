import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BATCH_PATH, HEALTH_PATH, type RecorderBatch } from '../harness/collect/batch.js';
import type { ListedSession } from '../harness/collect/format-sessions.js';
import { batchFileName, sessionFolder } from '../harness/collect/session-files.js';
import { splitRecording, tinyBatch } from '../harness/collect/testing/batches.js';
import { readRecording } from '../harness/fixture/read-recording.js';
import type { Recording } from '../harness/fixture/recording.js';
import {
  batchKey,
  startCollectorCli,
  uploadBatches,
  type CollectorCli,
} from './collect-support.js';
import { recordingsDir } from './support/paths.js';
import { runCli } from './support/run-cli.js';

const TOKEN = 'load-test-token-5f2c9a7e1b3d';
const ENV = { REPLAYGATE_COLLECT_TOKEN: TOKEN };
const MAX_IN_FLIGHT = 4;
const DEMOS = ['todomvc-vanillajs', 'todomvc-react', 'todomvc-backbone', 'swagger-petstore'];

let root: string;
let store: string;
let demos: Recording[];

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'replaygate-collect-load-'));
  store = join(root, 'store');
  demos = await Promise.all(
    DEMOS.map((name) => readRecording(join(recordingsDir, `${name}.replay.json.gz`))),
  );
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Splits the demo recordings into `sessions` sessions of `batches` batches each. */
function sessionBatches(prefix: string, sessions: number, batches: number): RecorderBatch[] {
  return Array.from({ length: sessions }, (_, index) =>
    splitRecording(demos[index % demos.length] as Recording, {
      sessionId: `${prefix}-${String(index).padStart(4, '0')}`,
      count: batches,
      tags: [prefix],
    }),
  ).flat();
}

function startCollector(): Promise<CollectorCli> {
  return startCollectorCli(
    ['--store', store, '--port', '0', '--max-in-flight', String(MAX_IN_FLIGHT)],
    { cwd: root, env: ENV },
  );
}

async function inFlight(url: string): Promise<number> {
  const health = (await (await fetch(`${url}${HEALTH_PATH}`)).json()) as { inFlight: number };
  return health.inFlight;
}

/** Starts an upload that sends its headers and part of its body, and finishes on demand. */
function holdUpload(url: string, batch: RecorderBatch): { finish(): Promise<number> } {
  const body = JSON.stringify(batch);
  let status: Promise<number> = Promise.resolve(0);
  const request = httpRequest(`${url}${BATCH_PATH}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${TOKEN}`,
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
    },
  });
  status = new Promise((resolveStatus, rejectStatus) => {
    request.on('response', (response) => {
      response.resume();
      resolveStatus(response.statusCode ?? 0);
    });
    request.on('error', rejectStatus);
  });
  request.write(body.slice(0, 16));
  return {
    finish: () => {
      request.end(body.slice(16));
      return status;
    },
  };
}

function storedFileExists(key: string): boolean {
  const [sessionId, seq] = key.split('/') as [string, string];
  const folder = sessionFolder(store, sessionId);
  return [false, true].some((gzip) => existsSync(join(folder, batchFileName(Number(seq), gzip))));
}

async function listSessions(): Promise<Map<string, ListedSession>> {
  const result = await runCli(['sessions', 'list', '--store', store, '--json'], { cwd: root });
  expect(result.stderr).toBe('');
  expect(result.exitCode).toBe(0);
  const listed = JSON.parse(result.stdout) as ListedSession[];
  return new Map(listed.map((session) => [session.sessionId, session]));
}

describe('replaygate collect under load', () => {
  it('answers 429 with Retry-After at the in-flight limit', async () => {
    const { url, cli } = await startCollector();
    try {
      const heldUploads = Array.from({ length: MAX_IN_FLIGHT }, (_, seq) =>
        holdUpload(url, tinyBatch({ sessionId: 'held-session', seq })),
      );
      while ((await inFlight(url)) < MAX_IN_FLIGHT) {
        await new Promise((resolveWait) => setTimeout(resolveWait, 20));
      }
      const response = await fetch(`${url}${BATCH_PATH}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify(tinyBatch({ sessionId: 'held-session', seq: 99 })),
      });
      expect(response.status).toBe(429);
      expect(response.headers.get('retry-after')).toBe('1');
      expect(await Promise.all(heldUploads.map((upload) => upload.finish()))).toEqual([
        202, 202, 202, 202,
      ]);
    } finally {
      cli.killGroup('SIGTERM');
      expect((await cli.result).exitCode).toBe(0);
    }
  });

  it('stores every batch of concurrent sessions', async () => {
    const batches = sessionBatches('steady', 12, 20);
    const { url, cli } = await startCollector();
    try {
      const started = performance.now();
      const stats = await uploadBatches(url, batches, {
        token: TOKEN,
        concurrency: 8,
        retryDelayMs: 50,
      });
      const seconds = (performance.now() - started) / 1000;
      console.log(
        `collect load: ${batches.length} batches, ${(stats.bytes / 2 ** 20).toFixed(2)} MiB sent in ${seconds.toFixed(2)} s = ${(batches.length / seconds).toFixed(0)} batches/s, ${(stats.bytes / 2 ** 20 / seconds).toFixed(2)} MiB/s; 8 clients, --max-in-flight ${MAX_IN_FLIGHT}, ${stats.tooManyRequests} answers 429 retried`,
      );
      expect(stats.failed).toEqual([]);
      expect(stats.acknowledged.size).toBe(batches.length);
    } finally {
      cli.killGroup('SIGTERM');
      expect((await cli.result).exitCode).toBe(0);
    }
    const listed = await listSessions();
    const steady = [...listed.values()].filter((session) => session.tags.includes('steady'));
    expect(steady).toHaveLength(12);
    expect(steady.every((session) => session.batches === 20 && session.missingBatches === 0)).toBe(
      true,
    );
  });

  it('keeps every acknowledged batch after kill -9', async () => {
    const batches = sessionBatches('killed', 8, 30);
    const first = await startCollector();
    const uploads = uploadBatches(first.url, batches, {
      token: TOKEN,
      concurrency: 6,
      retryDelayMs: 50,
      onAcknowledged: (count) => {
        if (count === 60) {
          first.cli.killGroup('SIGKILL');
        }
      },
    });
    const stats = await uploads;
    expect((await first.cli.result).signal).toBe('SIGKILL');
    expect(stats.acknowledged.size).toBeGreaterThanOrEqual(60);
    expect(stats.failed.length).toBeGreaterThan(0);

    const lost = [...stats.acknowledged].filter((key) => !storedFileExists(key));
    expect(lost).toEqual([]);

    const second = await startCollector();
    try {
      const afterCrash = await listSessions();
      for (const key of stats.acknowledged) {
        const [sessionId, seq] = key.split('/') as [string, string];
        const files = await readdir(sessionFolder(store, sessionId));
        const batchFiles = files.filter((name) => /^\d{10}\.json(\.gz)?$/.test(name));
        expect(afterCrash.get(sessionId)?.batches, key).toBe(batchFiles.length);
        expect(Number(seq)).toBeLessThan(30);
      }
      const retried = await uploadBatches(second.url, stats.failed, {
        token: TOKEN,
        concurrency: 6,
        retryDelayMs: 50,
      });
      expect(retried.failed).toEqual([]);
    } finally {
      second.cli.killGroup('SIGTERM');
      expect((await second.cli.result).exitCode).toBe(0);
    }
    const complete = await listSessions();
    const killed = [...complete.values()].filter((session) => session.tags.includes('killed'));
    expect(killed).toHaveLength(8);
    expect(killed.every((session) => session.batches === 30 && session.missingBatches === 0)).toBe(
      true,
    );
    expect(existsSync(join(store, 'collector.lock'))).toBe(false);
  });
});
