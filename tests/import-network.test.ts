import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRecording } from '../harness/fixture/read-recording.js';
import type { NetworkExchange, Recording } from '../harness/fixture/recording.js';
import {
  harDocument,
  harEntry,
  harResourceEntry,
  type HarEntry,
} from '../harness/import/testing/har-export.js';
import {
  networkPluginEvents,
  PLUGIN_EMIT_DELAY_MS,
} from '../harness/import/testing/network-plugin.js';
import { firstMetaTime, mergeByTime, readDemoSession } from '../harness/import/testing/sessions.js';
import { runCli, type CliResult } from './support/run-cli.js';

let root: string;
let todo: Recording;
let swagger: Recording;

function withoutId({ id: _id, ...exchange }: NetworkExchange): Omit<NetworkExchange, 'id'> {
  return exchange;
}

async function runImport(
  name: string,
  events: unknown,
  extra: string[] = [],
): Promise<{ result: CliResult; recording: Recording }> {
  await writeFile(join(root, `${name}.json`), JSON.stringify(events));
  const result = await runCli(['import', `${name}.json`, '--out', name, ...extra], { cwd: root });
  expect(result.stderr).toBe('');
  expect(result.exitCode).toBe(0);
  return { result, recording: await readRecording(join(root, name, `${name}.replay.json.gz`)) };
}

/** Builds the HAR Chromium saves for the TodoMVC session, with page loads and other sessions' traffic. */
function todoHar(): unknown {
  const page = todo.meta.url;
  const start = todo.events[0]!.timestamp;
  const learn = todo.network[0]!;
  const entries: HarEntry[] = [
    harResourceEntry(page, start - 400, 'text/html', {
      pageref: 'page_1',
      resourceType: 'document',
    }),
    harResourceEntry(`${page}js/app.js`, start - 300, 'application/javascript', {
      pageref: 'page_1',
      resourceType: 'script',
    }),
    harResourceEntry(`${page}node_modules/todomvc-app-css/index.css`, start - 300, 'text/css', {
      pageref: 'page_1',
      resourceType: 'stylesheet',
    }),
    harResourceEntry(`${page}logo.png`, start - 250, 'image/png', {
      pageref: 'page_1',
      resourceType: 'image',
    }),
    harResourceEntry(`${page}font.woff2`, start - 250, 'font/woff2', {
      pageref: 'page_1',
      resourceType: 'font',
    }),
    harEntry(learn, { pageref: 'page_1', resourceType: 'xhr' }),
    // Without `_resourceType`, as Firefox saves it: the content type decides.
    harResourceEntry(`${page}theme.css`, start + 200, 'text/css', { pageref: 'page_1' }),
    harEntry(
      {
        ...learn,
        request: {
          method: 'GET',
          url: `${page}api/stats`,
          headers: { accept: 'application/json' },
        },
        response: {
          status: 200,
          statusText: 'OK',
          headers: { 'content-type': 'application/json' },
          body: { encoding: 'text', data: '{"open":3}' },
        },
        startedAt: start + 2_000,
        endedAt: start + 2_030,
      },
      { pageref: 'page_1' },
    ),
    harEntry(
      {
        ...learn,
        request: { method: 'POST', url: `${page}api/sync`, headers: {} },
        response: undefined,
        startedAt: start + 3_000,
        endedAt: start + 3_010,
        error: 'net::ERR_CONNECTION_REFUSED',
      },
      { pageref: 'page_1', resourceType: 'fetch' },
    ),
    // An hour earlier, and on another page: traffic of other sessions in the same HAR.
    harEntry(
      { ...learn, startedAt: start - 3_600_000, endedAt: start - 3_599_990 },
      { pageref: 'page_1', resourceType: 'xhr' },
    ),
    harEntry(
      { ...learn, startedAt: start + 1_000, endedAt: start + 1_010 },
      { pageref: 'page_2', resourceType: 'xhr' },
    ),
  ];
  return harDocument(
    [
      { id: 'page_1', url: page, startedAt: start - 400 },
      { id: 'page_2', url: 'http://127.0.0.1:37777/todomvc/backbone/', startedAt: start },
    ],
    entries,
  );
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'replaygate-import-network-'));
  todo = await readDemoSession('todomvc-vanillajs');
  swagger = await readDemoSession('swagger-petstore');
  await writeFile(join(root, 'todo.har'), JSON.stringify(todoHar()));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('import of network traffic', () => {
  it('reads rrweb network plugin events', async () => {
    const origin = firstMetaTime(swagger) - 150;
    const events = mergeByTime(
      swagger.events,
      networkPluginEvents(swagger.network, origin, 'rrweb'),
    );
    const { recording } = await runImport('rrweb-plugin', events);

    expect(recording.events).toEqual(swagger.events);
    expect(recording.network).toHaveLength(swagger.network.length);
    swagger.network.forEach((original, index) => {
      const imported = recording.network[index];
      expect(imported?.request).toEqual(original.request);
      expect(imported?.response).toEqual(original.response);
      expect(imported?.initiator).toBe(original.initiator);
      expect(imported?.pageUrl).toBe(original.pageUrl);
      // rrweb stores no time origin; its estimate is late by the plugin's emit delay at most.
      expect(imported!.startedAt - original.startedAt).toBeGreaterThanOrEqual(0);
      expect(imported!.startedAt - original.startedAt).toBeLessThanOrEqual(PLUGIN_EMIT_DELAY_MS);
      expect(imported!.endedAt - imported!.startedAt).toBe(original.endedAt - original.startedAt);
    });
  });

  it('takes fetch and XHR entries of a HAR file', async () => {
    const { recording } = await runImport('har-todo', todo.events, ['--har', 'todo.har']);
    const [learn, stats, failed] = recording.network;

    expect(recording.network).toHaveLength(3);
    expect(withoutId(learn!)).toEqual(withoutId(todo.network[0]!));
    expect(stats?.initiator).toBe('fetch');
    expect(stats?.request.url).toBe(`${todo.meta.url}api/stats`);
    expect(stats?.response?.body).toEqual({ encoding: 'text', data: '{"open":3}' });
    expect(failed?.request.method).toBe('POST');
    expect(failed?.error).toBe('net::ERR_CONNECTION_REFUSED');
    expect(failed?.response).toBeUndefined();
  });

  it('lists the HAR entries it left out', async () => {
    const { result } = await runImport('har-report', todo.events, ['--har', 'todo.har']);

    expect(result.stdout).toContain(
      "todo.har: took 3 of 11 HAR entries; left out 1 document, 1 script, 2 stylesheet, 1 image, 1 font, 1 outside the session's time, 1 from other pages.",
    );
  });

  it('prefers HAR entries over plugin events', async () => {
    const origin = firstMetaTime(swagger) - 150;
    const events = mergeByTime(
      swagger.events,
      networkPluginEvents(swagger.network, origin, 'rrweb'),
    );
    const entries = swagger.network.map((exchange) =>
      harEntry(exchange, { pageref: 'page_1', resourceType: 'fetch' }),
    );
    const har = harDocument(
      [{ id: 'page_1', url: swagger.meta.url, startedAt: swagger.events[0]!.timestamp }],
      entries,
    );
    await writeFile(join(root, 'swagger.har'), JSON.stringify(har));
    const { recording } = await runImport('har-and-plugin', events, ['--har', 'swagger.har']);

    expect(recording.network.map(withoutId)).toEqual(swagger.network.map(withoutId));
  });
});
