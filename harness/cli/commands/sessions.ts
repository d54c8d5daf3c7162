import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { parseDuration, parseTime } from '../../collect/durations.js';
import {
  assembleRecording,
  missingSeqs,
  readSessionBatches,
} from '../../collect/export-session.js';
import { formatSessionTable, toListedSession } from '../../collect/format-sessions.js';
import { pruneSessions } from '../../collect/prune-sessions.js';
import { querySessions, type SessionQuery } from '../../collect/query-sessions.js';
import { loadSessionSummaries } from '../../collect/session-index.js';
import { writeRecording } from '../../fixture/write-recording.js';
import { formatMessage, UsageError } from '../../shared/errors.js';
import { checkOutputFile } from './record.js';

/** Parsed arguments of `replaygate sessions list`. */
export interface SessionsListArguments {
  store: string;
  url?: string;
  since?: string;
  until?: string;
  tag?: string[];
  errors?: boolean;
  minDuration?: string;
  maxDuration?: string;
  json?: boolean;
}

/** Parsed arguments of `replaygate sessions export`. */
export interface SessionsExportArguments {
  id: string;
  store: string;
  out: string;
}

/** Parsed arguments of `replaygate sessions prune`. */
export interface SessionsPruneArguments {
  store: string;
  olderThan: string;
  dryRun?: boolean;
}

const storeOption = {
  type: 'string',
  demandOption: true,
  describe: 'Folder the collector writes to (its --store)',
} as const;

const listCommand: CommandModule<object, SessionsListArguments> = {
  command: 'list',
  describe: 'List the collected sessions that match the filters',
  builder: (yargs: Argv) =>
    yargs
      .options({
        store: storeOption,
        url: {
          type: 'string',
          describe: 'Part of a page URL, or a glob with * and ? matched against whole URLs',
        },
        since: {
          type: 'string',
          describe: 'Sessions active at or after this ISO date-time, or this long ago (2h, 7d)',
        },
        until: {
          type: 'string',
          describe: 'Sessions active at or before this ISO date-time, or this long ago',
        },
        tag: { type: 'string', array: true, describe: 'Sessions with this tag; repeatable' },
        errors: {
          type: 'boolean',
          describe: 'Sessions with a page error, a console error or a failed request',
        },
        'min-duration': { type: 'string', describe: 'Shortest session, such as 30s or 5m' },
        'max-duration': { type: 'string', describe: 'Longest session, such as 30m' },
        json: { type: 'boolean', describe: 'Print a JSON array instead of a table' },
      })
      .example(
        "$0 sessions list --store sessions --url '*/checkout*' --errors --since 1d",
        'Checkout sessions of the last day that hit an error',
      ) as unknown as Argv<SessionsListArguments>,
  handler: async (argv) => {
    const query = buildQuery(argv, Date.now());
    await checkStoreFolder(argv.store);
    const summaries = await loadSessionSummaries(resolve(argv.store), {
      write: false,
      log: (line) => process.stderr.write(`${formatMessage(line)}\n`),
    });
    const matches = querySessions(summaries, query);
    if (argv.json) {
      process.stdout.write(`${JSON.stringify(matches.map(toListedSession), null, 2)}\n`);
    } else if (matches.length === 0) {
      process.stdout.write(`${formatMessage(`No sessions in ${argv.store} match.`)}\n`);
    } else {
      process.stdout.write(`${formatSessionTable(matches)}\n`);
    }
  },
};

/**
 * Rejects a store path that is not a folder and, unless `allowMissing`, one that does not
 * exist, so a mistyped --store is reported instead of listing or pruning nothing.
 *
 * @throws UsageError naming the path and the fix.
 */
export async function checkStoreFolder(store: string, allowMissing = false): Promise<void> {
  const existing = await stat(store).catch(() => undefined);
  if (existing === undefined) {
    if (allowMissing) {
      return;
    }
    throw new UsageError(
      `--store: "${store}" not found. Pass the folder that replaygate collect writes to (its --store).`,
    );
  }
  if (!existing.isDirectory()) {
    throw new UsageError(
      `--store: "${store}" is a file, not a folder. Pass the folder that replaygate collect writes to (its --store).`,
    );
  }
}

/** Turns the list flags into a query, checking every value. */
export function buildQuery(argv: SessionsListArguments, now: number): SessionQuery {
  const query: SessionQuery = {};
  if (argv.url !== undefined) {
    query.url = argv.url;
  }
  if (argv.since !== undefined) {
    query.since = parseTime('--since', argv.since, now);
  }
  if (argv.until !== undefined) {
    query.until = parseTime('--until', argv.until, now);
  }
  if (argv.tag !== undefined) {
    query.tags = argv.tag;
  }
  if (argv.errors) {
    query.errors = true;
  }
  if (argv.minDuration !== undefined) {
    query.minDurationMs = parseDuration('--min-duration', argv.minDuration);
  }
  if (argv.maxDuration !== undefined) {
    query.maxDurationMs = parseDuration('--max-duration', argv.maxDuration);
  }
  return query;
}

const exportCommand: CommandModule<object, SessionsExportArguments> = {
  command: 'export <id>',
  describe: 'Assemble a collected session into a raw recording for replaygate sanitize',
  builder: (yargs: Argv) =>
    yargs
      .positional('id', { type: 'string', demandOption: true, describe: 'Session id' })
      .options({
        store: storeOption,
        out: {
          type: 'string',
          demandOption: true,
          describe: 'Recording file to write: gzip unless the name ends in .json',
        },
      })
      .example(
        '$0 sessions export Xa91kq2pLm --store sessions --out raw/checkout.replay.json.gz',
        'Export one session, then run replaygate sanitize raw --out recordings',
      ) as unknown as Argv<SessionsExportArguments>,
  handler: async (argv) => {
    // A missing store is reported by readSessionBatches as a session that was not found.
    await checkStoreFolder(argv.store, true);
    await checkOutputFile(resolve(argv.out), argv.out, `${argv.id}.replay.json.gz`);
    const batches = await readSessionBatches(argv.store, argv.id);
    const recording = assembleRecording(argv.store, argv.id, batches);
    const warn = (line: string) => process.stderr.write(`${formatMessage(line)}\n`);
    const missing = missingSeqs(batches);
    if (missing.length > 0) {
      warn(
        `Session ${argv.id} lacks batch(es) ${missing.slice(0, 10).join(', ')}${missing.length > 10 ? ', …' : ''}: the recorder never uploaded them or the collector rejected them, so the recording has gaps.`,
      );
    }
    const dropped = batches.reduce((sum, batch) => sum + (batch.dropped?.events ?? 0), 0);
    if (dropped > 0) {
      warn(`The recorder dropped ${dropped} event(s) of session ${argv.id} before uploading.`);
    }
    await writeRecording(resolve(argv.out), recording);
    process.stdout.write(
      `${formatMessage(`Exported session ${argv.id} (${batches.length} batches, ${recording.events.length} events, ${recording.network.length} exchanges) to ${argv.out}`)}\n`,
    );
  },
};

const pruneCommand: CommandModule<object, SessionsPruneArguments> = {
  command: 'prune',
  describe: 'Delete collected sessions that received no batch for a while',
  builder: (yargs: Argv) =>
    yargs
      .options({
        store: storeOption,
        'older-than': {
          type: 'string',
          demandOption: true,
          describe: 'Delete sessions whose last batch arrived longer ago than this, such as 30d',
        },
        'dry-run': { type: 'boolean', describe: 'List what would be deleted, delete nothing' },
      })
      .example(
        '$0 sessions prune --older-than 30d --store sessions',
        'Keep 30 days of sessions',
      ) as unknown as Argv<SessionsPruneArguments>,
  handler: async (argv) => {
    const olderThanMs = parseDuration('--older-than', argv.olderThan);
    await checkStoreFolder(argv.store);
    const result = await pruneSessions(argv.store, {
      olderThanMs,
      now: Date.now(),
      dryRun: argv.dryRun === true,
    });
    const verb = argv.dryRun ? 'Would delete' : 'Deleted';
    const ids = result.removed.length > 0 ? `: ${result.removed.join(', ')}` : '';
    process.stdout.write(
      `${formatMessage(`${verb} ${result.removed.length} session(s) older than ${argv.olderThan}, kept ${result.kept}${ids}`)}\n`,
    );
  },
};

/** `replaygate sessions <list|export|prune>`: queries and maintains a collector's store. */
export const sessionsCommand: CommandModule = {
  command: 'sessions <command>',
  describe: 'List, export and prune the sessions a collector stored',
  builder: (yargs: Argv) =>
    yargs
      .command(listCommand)
      .command(exportCommand)
      .command(pruneCommand)
      .demandCommand(1, 'Name a sessions command: list, export or prune.'),
  handler: () => {
    throw new UsageError('Name a sessions command: list, export or prune.');
  },
};
