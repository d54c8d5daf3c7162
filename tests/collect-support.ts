import { gzipSync } from 'node:zlib';
import { BATCH_PATH, type RecorderBatch } from '../harness/collect/batch.js';
import { startCli, type CliOptions, type StartedCli } from './support/run-cli.js';

/** A `replaygate collect` process that printed its URL. */
export interface CollectorCli {
  url: string;
  cli: StartedCli;
}

/** Starts `replaygate collect ...args` and resolves once it prints the URL it listens on. */
export async function startCollectorCli(
  args: string[],
  options: CliOptions,
): Promise<CollectorCli> {
  const cli = startCli(['collect', ...args], options);
  let output = '';
  const url = await new Promise<string>((resolveUrl, rejectUrl) => {
    const timer = setTimeout(
      () => rejectUrl(new Error(`collector did not start: ${output}`)),
      60_000,
    );
    cli.child.stdout?.on('data', (chunk: Buffer | string) => {
      output += String(chunk);
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match?.[1] !== undefined) {
        clearTimeout(timer);
        resolveUrl(match[1]);
      }
    });
    cli.result.then((result) => {
      clearTimeout(timer);
      rejectUrl(new Error(`collector exited with ${result.exitCode}: ${result.stderr}`));
    }, rejectUrl);
  });
  return { url, cli };
}

/** Counts of one {@link uploadBatches} run. */
export interface UploadStats {
  /** `sessionId/seq` of every batch acknowledged with 2xx. */
  acknowledged: Set<string>;
  /** Batches never acknowledged because the connection failed. */
  failed: RecorderBatch[];
  tooManyRequests: number;
  /** Bytes sent in 2xx-answered requests. */
  bytes: number;
}

/** Key of a batch in {@link UploadStats.acknowledged}. */
export function batchKey(batch: { sessionId: string; seq: number }): string {
  return `${batch.sessionId}/${batch.seq}`;
}

/**
 * Uploads batches with `concurrency` parallel clients, as recorders do: a 429 is retried
 * after `retryDelayMs`, any other non-2xx status fails the run, and a connection error leaves the
 * batch in `failed` and stops that client.
 */
export async function uploadBatches(
  url: string,
  batches: readonly RecorderBatch[],
  options: {
    token: string;
    concurrency: number;
    retryDelayMs: number;
    /** Called after each 2xx with the number of batches acknowledged so far. */
    onAcknowledged?: (count: number) => void;
  },
): Promise<UploadStats> {
  const stats: UploadStats = { acknowledged: new Set(), failed: [], tooManyRequests: 0, bytes: 0 };
  const bodies = batches.map((batch) => ({ batch, gzip: batch.seq % 2 === 0 }));
  let next = 0;
  const client = async () => {
    while (next < bodies.length) {
      const item = bodies[next];
      next += 1;
      if (item === undefined) {
        return;
      }
      const json = JSON.stringify(item.batch);
      const body = item.gzip ? new Uint8Array(gzipSync(json)) : json;
      for (;;) {
        let status: number;
        try {
          const response = await fetch(`${url}${BATCH_PATH}`, {
            method: 'POST',
            headers: {
              authorization: `Bearer ${options.token}`,
              'content-type': 'application/json',
              ...(item.gzip ? { 'content-encoding': 'gzip' } : {}),
            },
            body,
          });
          status = response.status;
          await response.arrayBuffer();
        } catch {
          stats.failed.push(item.batch, ...bodies.slice(next).map((rest) => rest.batch));
          next = bodies.length;
          return;
        }
        if (status === 429) {
          stats.tooManyRequests += 1;
          await new Promise((resolveWait) => setTimeout(resolveWait, options.retryDelayMs));
          continue;
        }
        if (status !== 200 && status !== 202) {
          throw new Error(
            `upload of ${batchKey(item.batch)} got status ${status}, expected 200 or 202`,
          );
        }
        stats.acknowledged.add(batchKey(item.batch));
        stats.bytes += typeof body === 'string' ? Buffer.byteLength(body) : body.length;
        options.onAcknowledged?.(stats.acknowledged.size);
        break;
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, client));
  return stats;
}
