import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { projectRoot } from '../../demo/project-paths.js';
import { BATCH_PATH, type RecorderBatch } from '../../harness/collect/batch.js';
import { splitRecording } from '../../harness/collect/testing/batches.js';
import { readRecording } from '../../harness/fixture/read-recording.js';
import { listRecordingFiles } from '../../harness/fixture/write-recording.js';
import { positiveInteger, splitList } from '../detect/cli-args.js';

const USAGE = `Usage: node dist/bench/collect/run.js [options]

Starts "replaygate collect" on 127.0.0.1 with a temporary store, uploads batches cut from the
demo recordings at several concurrency levels, and prints batches/s and MiB/s per level.

  --levels <list>        concurrent uploads per level, comma-separated (default 1,4,16,64)
  --batches <n>          batches uploaded per level and encoding (default 400)
  --events <n>           rrweb events per batch (default 10)
  --encodings <list>     gzip, plain or both (default gzip,plain)`;

/** Real milliseconds a client waits before retrying an upload rejected with 429. */
const RETRY_DELAY_MS = 10;
const TOKEN = 'bench-token-0123456789abcdef';

interface LevelResult {
  concurrency: number;
  encoding: string;
  batches: number;
  seconds: number;
  wireBytes: number;
  jsonBytes: number;
  tooManyRequests: number;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      levels: { type: 'string', default: '1,4,16,64' },
      batches: { type: 'string', default: '400' },
      events: { type: 'string', default: '10' },
      encodings: { type: 'string', default: 'gzip,plain' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const levels = splitList(values.levels).map((level) => positiveInteger('--levels', level));
  const batchCount = positiveInteger('--batches', values.batches);
  const eventsPerBatch = positiveInteger('--events', values.events);
  const encodings = splitList(values.encodings);
  const unknown = encodings.filter((encoding) => encoding !== 'gzip' && encoding !== 'plain');
  if (unknown.length > 0) {
    throw new Error(`--encodings: unknown ${unknown.join(', ')}. Use gzip, plain or both.`);
  }

  const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
  log(
    `${cpus().length} cores (${cpu}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}`,
  );
  log('Client and collector run on this machine and share its cores.');
  const templates = await loadTemplates(eventsPerBatch);
  const store = await mkdtemp(join(tmpdir(), 'replaygate-bench-collect-'));
  const collector = await startCollectorProcess(store, Math.max(...levels) * 2);
  const results: LevelResult[] = [];
  try {
    for (const encoding of encodings) {
      for (const concurrency of levels) {
        const batches = makeBatches(templates, batchCount, `c${concurrency}${encoding}`);
        const result = await measureLevel(collector.url, batches, concurrency, encoding === 'gzip');
        results.push({ ...result, encoding });
        log(formatResult({ ...result, encoding }));
      }
    }
  } finally {
    await collector.stop();
    await rm(store, { recursive: true, force: true });
  }
  process.stdout.write(`\n${renderTable(results)}\n`);
}

/** Cuts every demo recording into batches of about `eventsPerBatch` events. */
async function loadTemplates(eventsPerBatch: number): Promise<RecorderBatch[][]> {
  const files = await listRecordingFiles([join(projectRoot(), 'recordings')], projectRoot());
  const templates: RecorderBatch[][] = [];
  for (const file of files) {
    const recording = await readRecording(file);
    const count = Math.max(1, Math.ceil(recording.events.length / eventsPerBatch));
    templates.push(splitRecording(recording, { sessionId: 'template-0000', count }));
  }
  return templates;
}

/** Builds `count` batches as whole sessions, cycling through the demo recordings. */
function makeBatches(templates: RecorderBatch[][], count: number, prefix: string): RecorderBatch[] {
  const batches: RecorderBatch[] = [];
  for (let session = 0; batches.length < count; session += 1) {
    const template = templates[session % templates.length] ?? [];
    const sessionId = `${prefix}-${String(session).padStart(6, '0')}`;
    for (const batch of template.slice(0, count - batches.length)) {
      batches.push({ ...batch, sessionId });
    }
  }
  return batches;
}

async function measureLevel(
  url: string,
  batches: RecorderBatch[],
  concurrency: number,
  gzip: boolean,
): Promise<Omit<LevelResult, 'encoding'>> {
  // Bodies are encoded before the clock starts, so client-side compression is not measured.
  const bodies = batches.map((batch) => {
    const json = Buffer.from(JSON.stringify(batch));
    return { json: json.length, wire: gzip ? gzipSync(json) : json };
  });
  let next = 0;
  let tooManyRequests = 0;
  const client = async () => {
    for (let body = bodies[next++]; body; body = bodies[next++]) {
      for (;;) {
        const response = await fetch(`${url}${BATCH_PATH}`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${TOKEN}`,
            'content-type': 'application/json',
            ...(gzip ? { 'content-encoding': 'gzip' } : {}),
          },
          body: new Uint8Array(body.wire),
        });
        await response.arrayBuffer();
        if (response.status === 429) {
          tooManyRequests += 1;
          await new Promise((resolveWait) => setTimeout(resolveWait, RETRY_DELAY_MS));
          continue;
        }
        if (response.status !== 202) {
          throw new Error(
            `An upload got status ${response.status}, expected 202. Check the collector's log above.`,
          );
        }
        break;
      }
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, client));
  const seconds = (performance.now() - started) / 1000;
  return {
    concurrency,
    batches: bodies.length,
    seconds,
    wireBytes: bodies.reduce((sum, body) => sum + body.wire.length, 0),
    jsonBytes: bodies.reduce((sum, body) => sum + body.json, 0),
    tooManyRequests,
  };
}

/** Starts the collector CLI with in-flight and queue limits above the highest level. */
async function startCollectorProcess(
  store: string,
  limit: number,
): Promise<{ url: string; stop(): Promise<void> }> {
  const cli = join(projectRoot(), 'dist', 'harness', 'cli', 'main.js');
  const args = ['collect', '--store', store, '--port', '0'];
  args.push('--max-in-flight', String(limit), '--max-queued-writes', String(limit));
  const child: ChildProcess = spawn(process.execPath, [cli, ...args], {
    env: { ...process.env, REPLAYGATE_COLLECT_TOKEN: TOKEN },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));
  const url = await new Promise<string>((resolveUrl, rejectUrl) => {
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match?.[1] !== undefined) {
        resolveUrl(match[1]);
      }
    });
    void exited.then(() =>
      rejectUrl(new Error(`The collector exited before listening: ${output}`)),
    );
  });
  return {
    url,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

function formatResult(result: LevelResult): string {
  const mib = (bytes: number) => (bytes / 2 ** 20 / result.seconds).toFixed(2);
  return (
    `${result.encoding}, ${result.concurrency} concurrent: ${result.batches} batches in ` +
    `${result.seconds.toFixed(2)} s = ${(result.batches / result.seconds).toFixed(0)} batches/s, ` +
    `${mib(result.wireBytes)} MiB/s sent, ${mib(result.jsonBytes)} MiB/s JSON, ` +
    `${result.tooManyRequests} answers 429`
  );
}

function renderTable(results: LevelResult[]): string {
  const header =
    '| Encoding | Concurrent | Batches | Seconds | Batches/s | MiB/s sent | MiB/s JSON | 429s |';
  const rows = results.map((result) => {
    const mib = (bytes: number) => (bytes / 2 ** 20 / result.seconds).toFixed(2);
    return `| ${result.encoding} | ${result.concurrency} | ${result.batches} | ${result.seconds.toFixed(2)} | ${(result.batches / result.seconds).toFixed(0)} | ${mib(result.wireBytes)} | ${mib(result.jsonBytes)} | ${result.tooManyRequests} |`;
  });
  return [header, '|---|---|---|---|---|---|---|---|', ...rows].join('\n');
}

function log(line: string): void {
  process.stderr.write(`[bench:collect] ${line}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `[bench:collect] ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
});
