import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { formatMessage, UsageError } from '../shared/errors.js';
import { createTokenCheck, MIN_TOKEN_LENGTH, TOKEN_ENV } from './auth.js';
import { BatchStore } from './batch-store.js';
import { CollectorLog } from './collector-log.js';
import { normalizeOrigin } from './cors.js';
import { sendError } from './http-reply.js';
import { DEFAULT_COLLECTOR_LIMITS, type CollectorLimits } from './limits.js';
import { routeRequest, type RouteContext } from './route-request.js';
import { loadSessionSummaries } from './session-index.js';
import { lockStore, type StoreLock } from './store-lock.js';
import { SummaryUpdater } from './summary-updater.js';
import { WriteQueue } from './write-queue.js';

/** Options of {@link startCollector}. */
export interface CollectorOptions {
  /** Folder the batches and the session index are written to; created when missing. */
  store: string;
  /** Bearer token every upload must send in `Authorization: Bearer <token>`; 16 characters or more. */
  token: string;
  /** Address to listen on; default `127.0.0.1`. */
  host?: string;
  /** Port to listen on; `0` picks a free port. Default {@link DEFAULT_COLLECT_PORT}. */
  port?: number;
  /** Origins (`scheme://host[:port]`) allowed to upload from a browser page. */
  allowOrigins?: string[];
  /** Overrides of {@link DEFAULT_COLLECTOR_LIMITS}. */
  limits?: Partial<CollectorLimits>;
  /** Receives one log line at a time; default writes to stderr with the `[replaygate]` prefix. */
  log?: (line: string) => void;
  /** Milliseconds between the log's summaries of stored and rejected uploads; default 10 000. */
  logIntervalMs?: number;
}

/** A collector that is listening. */
export interface RunningCollector {
  /** Base URL without a trailing slash, such as `http://127.0.0.1:4780`. */
  url: string;
  /** Stops accepting uploads, finishes the ones in flight and releases the store. */
  close(): Promise<void>;
}

/** Port the collector listens on when none is configured. */
export const DEFAULT_COLLECT_PORT = 4780;

/** Address the collector listens on when none is configured. */
export const DEFAULT_COLLECT_HOST = '127.0.0.1';

/** Real milliseconds a client may take to send a whole request before it is cut off. */
const REQUEST_TIMEOUT_MS = 60_000;

/** Real milliseconds {@link RunningCollector.close} waits for uploads in flight. */
const CLOSE_TIMEOUT_MS = 30_000;

/**
 * Starts the batch collector: takes the store's lock, repairs the session index from the
 * batch files, and listens for uploads.
 *
 * @throws UsageError for invalid options, a store in use, or an address in use.
 */
export async function startCollector(options: CollectorOptions): Promise<RunningCollector> {
  const limits = resolveLimits(options.limits);
  const allowedOrigins = resolveOrigins(options.allowOrigins ?? []);
  checkToken(options.token);
  const store = resolve(options.store);
  const write = options.log ?? ((line: string) => process.stderr.write(`${formatMessage(line)}\n`));
  const lock = await lockStore(store);
  const log = new CollectorLog(write, options.logIntervalMs ?? 10_000);
  try {
    const sessions = await loadSessionSummaries(store, {
      write: true,
      log: (line) => log.error(line),
    });
    log.info(`Checked the index of ${sessions.length} session(s) in ${store}.`);
    const context: RouteContext = {
      limits,
      batches: new BatchStore(
        store,
        new WriteQueue(limits.writeConcurrency, limits.maxQueuedWrites),
      ),
      summaries: new SummaryUpdater(store, (line) => log.error(line)),
      log,
      inFlight: { count: 0 },
      checkToken: createTokenCheck(options.token),
      allowedOrigins,
    };
    const server = createCollectorServer(context);
    const url = await listen(
      server,
      options.host ?? DEFAULT_COLLECT_HOST,
      options.port ?? DEFAULT_COLLECT_PORT,
    );
    log.info(
      `Collecting batches at ${url} into ${store}; allowed origins: ${[...allowedOrigins].join(', ') || 'none'}.`,
    );
    return { url, close: () => closeCollector(server, context, lock) };
  } catch (error) {
    log.close();
    await lock.release();
    throw error;
  }
}

function createCollectorServer(context: RouteContext): Server {
  const server = createServer((request, response) => {
    routeRequest(request, response, context).catch((error: unknown) => {
      const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
      context.log.error(`Handling ${request.method} ${request.url} failed: ${detail}`);
      sendError(response, 500, 'the collector failed to handle the request. Retry later.');
    });
  });
  server.requestTimeout = REQUEST_TIMEOUT_MS;
  return server;
}

async function closeCollector(
  server: Server,
  context: RouteContext,
  lock: StoreLock,
): Promise<void> {
  const closed = new Promise<void>((resolveClose) => server.close(() => resolveClose()));
  server.closeIdleConnections();
  const deadline = Date.now() + CLOSE_TIMEOUT_MS;
  while (context.inFlight.count > 0 && Date.now() < deadline) {
    await new Promise((resolveWait) => setTimeout(resolveWait, 20));
  }
  server.closeAllConnections();
  await closed;
  await context.summaries.flush();
  context.log.close();
  context.log.info('Stopped collecting.');
  await lock.release();
}

function listen(server: Server, host: string, port: number): Promise<string> {
  return new Promise((resolveListen, rejectListen) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (
        error.code === 'EADDRINUSE' ||
        error.code === 'EADDRNOTAVAIL' ||
        error.code === 'EACCES'
      ) {
        rejectListen(
          new UsageError(
            `Cannot listen on ${host}:${port} (${error.code}). Pass another --port (0 picks a free one) or --host.`,
          ),
        );
      } else {
        rejectListen(error);
      }
    });
    server.listen(port, host, () => {
      const address = server.address() as AddressInfo;
      const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      resolveListen(`http://${shownHost}:${address.port}`);
    });
  });
}

function resolveLimits(overrides: Partial<CollectorLimits> = {}): CollectorLimits {
  const limits = { ...DEFAULT_COLLECTOR_LIMITS };
  for (const [name, value] of Object.entries(overrides) as Array<
    [keyof CollectorLimits, unknown]
  >) {
    if (value === undefined) {
      continue;
    }
    if (!(name in DEFAULT_COLLECTOR_LIMITS)) {
      throw new UsageError(
        `Unknown collector limit "${name}". Known limits: ${Object.keys(DEFAULT_COLLECTOR_LIMITS).join(', ')}.`,
      );
    }
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
      throw new UsageError(
        `Collector limit ${name} is ${JSON.stringify(value)}; it must be a whole number of at least 1.`,
      );
    }
    limits[name] = value;
  }
  return limits;
}

function resolveOrigins(origins: string[]): Set<string> {
  const allowed = new Set<string>();
  for (const origin of origins) {
    const normalized = normalizeOrigin(origin);
    if (normalized === undefined) {
      throw new UsageError(
        `--allow-origin ${origin} is not an origin. Pass scheme, host and port only, such as https://app.example.com or http://127.0.0.1:5173.`,
      );
    }
    allowed.add(normalized);
  }
  return allowed;
}

function checkToken(token: string): void {
  if (token.length < MIN_TOKEN_LENGTH || /\s/.test(token)) {
    throw new UsageError(
      `The collector token must be at least ${MIN_TOKEN_LENGTH} characters without spaces. Set ${TOKEN_ENV} (or pass --token) to a random value, such as the output of "openssl rand -hex 32".`,
    );
  }
}
