import type { Argv, CommandModule } from 'yargs';
import { TOKEN_ENV } from '../../collect/auth.js';
import { BATCH_PATH } from '../../collect/batch.js';
import { loadCollectConfig } from '../../collect/collect-config.js';
import {
  DEFAULT_COLLECT_HOST,
  DEFAULT_COLLECT_PORT,
  startCollector,
} from '../../collect/collector.js';
import { DEFAULT_COLLECTOR_LIMITS, type CollectorLimits } from '../../collect/limits.js';
import { formatMessage, UsageError } from '../../shared/errors.js';

/** Parsed arguments of `replaygate collect`. */
export interface CollectArguments {
  store?: string;
  host?: string;
  port?: number;
  token?: string;
  allowOrigin?: string[];
  config?: string;
  maxBodyBytes?: number;
  maxDecodedBytes?: number;
  maxEvents?: number;
  maxExchanges?: number;
  maxStringLength?: number;
  maxInFlight?: number;
  writeConcurrency?: number;
  maxQueuedWrites?: number;
}

/** Limit flags, each setting the {@link CollectorLimits} field of the same name. */
const LIMIT_FLAGS: Array<[flag: string, limit: keyof CollectorLimits, describe: string]> = [
  ['max-body-bytes', 'maxBodyBytes', 'Maximum request body in bytes as sent'],
  ['max-decoded-bytes', 'maxDecodedBytes', 'Maximum body in bytes after gzip decompression'],
  ['max-events', 'maxEvents', 'Maximum rrweb events per batch'],
  ['max-exchanges', 'maxExchanges', 'Maximum network exchanges per batch'],
  ['max-string-length', 'maxStringLength', 'Maximum length of any string in a batch'],
  ['max-in-flight', 'maxInFlight', 'Uploads processed at once; more get 429'],
  ['write-concurrency', 'writeConcurrency', 'Batch files written at the same time'],
  ['max-queued-writes', 'maxQueuedWrites', 'Batches waiting to be written; more get 429'],
];

function buildCollectArguments(yargs: Argv): Argv<CollectArguments> {
  let built = yargs.options({
    store: {
      type: 'string',
      describe:
        'Folder for the uploaded batches and the session index [default: collect.store in the config]',
    },
    host: { type: 'string', describe: `Address to listen on [default: ${DEFAULT_COLLECT_HOST}]` },
    port: {
      type: 'number',
      describe: `Port to listen on, 0 for a free one [default: ${DEFAULT_COLLECT_PORT}]`,
    },
    token: {
      type: 'string',
      describe: `Upload token, sent by the recorder as Authorization: Bearer <token> [default: $${TOKEN_ENV}]`,
    },
    'allow-origin': {
      type: 'string',
      array: true,
      describe:
        'Origin of an app page that may upload, such as https://app.example.com; repeatable',
    },
    config: {
      type: 'string',
      describe: 'Config file with a "collect" key [default: replaygate.config.ts in this folder]',
    },
  });
  for (const [flag, limit, describe] of LIMIT_FLAGS) {
    built = built.option(flag, {
      type: 'number',
      group: 'Limits:',
      describe: `${describe} [default: ${DEFAULT_COLLECTOR_LIMITS[limit]}]`,
    });
  }
  return built
    .example(
      `${TOKEN_ENV}=$(openssl rand -hex 32) $0 collect --store sessions --allow-origin https://staging.example.com`,
      'Collect uploads from the staging app',
    )
    .epilogue(
      `Uploads go to POST ${BATCH_PATH}; GET /healthz answers 200. Stop with Ctrl-C or SIGTERM: uploads in flight are finished first.`,
    ) as unknown as Argv<CollectArguments>;
}

/**
 * `replaygate collect`: runs the ingestion server that production recorders upload batches
 * to, until SIGINT or SIGTERM.
 */
export const collectCommand: CommandModule<object, CollectArguments> = {
  command: 'collect',
  describe: 'Receive session batches uploaded by the production recorder and store them',
  builder: buildCollectArguments,
  handler: async (argv) => {
    const { collect } = await loadCollectConfig(argv.config, process.cwd());
    const store = argv.store ?? collect.store;
    if (store === undefined) {
      throw new UsageError(
        'No store folder: pass --store <folder>, or set collect.store in the config file.',
      );
    }
    const token = argv.token ?? process.env[TOKEN_ENV];
    if (token === undefined || token === '') {
      throw new UsageError(
        `No upload token: set ${TOKEN_ENV} (or pass --token) to a random value of at least 16 characters, such as the output of "openssl rand -hex 32". The recorder sends it as Authorization: Bearer <token>.`,
      );
    }
    const collector = await startCollector({
      store,
      token,
      host: argv.host ?? collect.host ?? DEFAULT_COLLECT_HOST,
      port: checkPort(argv.port ?? collect.port ?? DEFAULT_COLLECT_PORT),
      allowOrigins: argv.allowOrigin ?? collect.allowOrigins ?? [],
      limits: { ...collect.limits, ...limitFlags(argv) },
    });
    process.stdout.write(`${formatMessage(`Collector listening on ${collector.url}`)}\n`);
    const signal = await waitForStopSignal();
    process.stderr.write(`${formatMessage(`Received ${signal}; finishing uploads in flight.`)}\n`);
    await collector.close();
  },
};

function limitFlags(argv: CollectArguments): Partial<CollectorLimits> {
  const limits: Partial<CollectorLimits> = {};
  for (const [flag, limit] of LIMIT_FLAGS) {
    const value = argv[limit as keyof CollectArguments];
    if (value === undefined) {
      continue;
    }
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
      throw new UsageError(
        `--${flag} ${String(value)} is invalid: pass a whole number of at least 1.`,
      );
    }
    limits[limit] = value;
  }
  return limits;
}

function checkPort(port: number): number {
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new UsageError(`--port ${port} is invalid: pass a whole number from 0 to 65535.`);
  }
  return port;
}

function waitForStopSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolveSignal) => {
    const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];
    const onSignal = (signal: NodeJS.Signals) => {
      signals.forEach((name) => process.off(name, onSignal));
      resolveSignal(signal);
    };
    signals.forEach((name) => process.on(name, onSignal));
  });
}
