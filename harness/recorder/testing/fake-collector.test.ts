import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeCollector, type FakeCollector } from './fake-collector.js';

let collector: FakeCollector;

beforeAll(async () => {
  collector = await startFakeCollector();
});

afterAll(async () => {
  await collector?.close();
});

/** Starts an upload and sends only the first half of its body; the caller sends the rest. */
function startUpload(seq: number, token?: string): { finish(): Promise<number> } {
  const body = JSON.stringify({ format: 'replaygate.batch', sessionId: 'leak', seq, events: [] });
  const half = Math.floor(body.length / 2);
  const upload = request(`${collector.url}/v1/batches`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'content-length': String(body.length),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
  });
  const status = new Promise<number>((resolve, reject) => {
    upload.on('response', (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    upload.on('error', reject);
  });
  upload.write(body.slice(0, half));
  return {
    finish() {
      upload.end(body.slice(half));
      return status;
    },
  };
}

describe('fake collector reset', () => {
  it('drops an upload still arriving', async () => {
    const late = startUpload(21);
    // Let the request reach the server before the reset, as an upload of a closing page does.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const reset = collector.reset();
    await late.finish();
    await reset;
    expect(collector.uploads).toEqual([]);

    await startUpload(0).finish();
    expect(collector.uploads.map((upload) => upload.batch.seq)).toEqual([0]);
  });

  it('drops an upload of an earlier test that arrives after the reset', async () => {
    const earlierToken = collector.token;
    await collector.reset();
    expect(collector.token).not.toBe(earlierToken);
    expect(await startUpload(20, earlierToken).finish()).toBe(410);
    expect(await startUpload(0, collector.token).finish()).toBe(202);
    expect(collector.uploads.map((upload) => upload.authorization)).toEqual([
      `Bearer ${collector.token}`,
    ]);
  });
});
