import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { NetworkLogEntry, SessionResult } from '../harness/result/types.js';
import { injectScript } from './support/app-variants.js';
import { startCountingServer, type CountingServer } from './support/counting-server.js';
import { REPLAY_RUN_TIMEOUT_MS, runCli, type CliResult } from './support/run-cli.js';
import { createWorkspace, replayArgs, type Workspace } from './support/workspace.js';

// The .test top-level domain is reserved and never resolves, so this host is unreachable.
const API_ORIGIN = 'https://petstore.example.test';

let workspace: Workspace;
const servers: CountingServer[] = [];

beforeAll(async () => {
  workspace = await createWorkspace('network');
  await workspace.copyRecording('swagger-petstore');
  await workspace.copyRecording('todomvc-vanillajs');
});

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

afterAll(async () => {
  await workspace.remove();
});

async function countingServer(root?: string): Promise<CountingServer> {
  const server = await startCountingServer(root);
  servers.push(server);
  return server;
}

function onlySession(result: CliResult): SessionResult {
  expect(result.stderr).not.toContain('internal error');
  expect(result.report?.sessions).toHaveLength(1);
  const session = result.report?.sessions[0];
  if (session === undefined) {
    throw new Error(`The run wrote no session result. stderr:\n${result.stderr}`);
  }
  return session;
}

function pathOf(entry: NetworkLogEntry): string {
  const url = new URL(entry.url);
  return `${url.pathname}${url.search}`;
}

describe('network isolation during replay', () => {
  it(
    'swagger session passes with its API host unreachable',
    async () => {
      const app = await countingServer(workspace.apps);

      const result = await runCli(
        replayArgs({
          recordings: workspace.recordings,
          outputDir: join(workspace.root, 'swagger-results'),
          baselineDir: join(workspace.root, 'no-baselines'),
          grep: '^swagger-petstore$',
          extra: ['--url', app.url],
        }),
        { cwd: workspace.root },
      );

      const session = onlySession(result);
      expect(session.status, JSON.stringify(session.firstCause)).toBe('passed');
      expect(result.exitCode).toBe(0);
      const { log } = session.network;
      expect(session.network.blocked).toBe(0);
      expect(log.filter((entry) => entry.outcome === 'blocked')).toEqual([]);

      // The recording served the spec and both "Try it out" calls.
      const recorded = log.filter((entry) => entry.outcome === 'recorded');
      const recordedUrls = recorded.map((entry) => entry.url);
      expect(recordedUrls).toContain(`${API_ORIGIN}/v1/openapi.json`);
      expect(recordedUrls).toContain(`${API_ORIGIN}/v1/pets/7`);
      expect(recordedUrls.some((url) => url.startsWith(`${API_ORIGIN}/v1/pets?`))).toBe(true);
      for (const entry of recorded) {
        expect(entry.exchangeId, entry.url).toBeTypeOf('number');
        expect(entry.status, entry.url).toBe(200);
      }
      expect(session.network.recorded).toBe(recorded.length);

      // Everything else went to the app server, and the app server saw each of those requests.
      const sentToApp = log.filter((entry) => entry.outcome === 'app');
      expect(sentToApp.length).toBeGreaterThan(0);
      for (const entry of sentToApp) {
        expect(new URL(entry.url).origin, entry.url).toBe(app.origin);
      }
      const receivedPaths = app.requests.map((request) => request.path);
      for (const entry of sentToApp) {
        expect(receivedPaths, entry.url).toContain(pathOf(entry));
      }
      // No recorded call leaked to the app server either.
      expect(receivedPaths.filter((path) => path.startsWith('/v1/'))).toEqual([]);
      expect(log).toHaveLength(recorded.length + sentToApp.length);
    },
    REPLAY_RUN_TIMEOUT_MS,
  );

  it(
    'request to a host that is not the app is blocked',
    async () => {
      const tracker = await countingServer();
      const apps = await workspace.buildApps('apps-tracking');
      // Catching the rejection keeps the blocked request from also raising a page error.
      await injectScript(
        join(apps, 'todomvc', 'vanillajs', 'index.html'),
        `fetch('${tracker.url}track', { mode: 'no-cors' }).catch(function () {});`,
      );

      const result = await runCli(
        replayArgs({
          serve: apps,
          recordings: workspace.recordings,
          outputDir: join(workspace.root, 'tracking-results'),
          baselineDir: join(workspace.root, 'no-baselines'),
          grep: '^todomvc-vanillajs$',
        }),
        { cwd: workspace.root },
      );

      const session = onlySession(result);
      expect(result.exitCode).toBe(1);
      expect(session.status).toBe('failed');
      expect(session.firstCause?.kind).toBe('blocked-request');
      expect(session.firstCause?.message).toContain(`${tracker.url}track`);
      expect(session.network.blocked).toBeGreaterThanOrEqual(1);
      expect(session.network.log).toContainEqual(
        expect.objectContaining({ method: 'GET', url: `${tracker.url}track`, outcome: 'blocked' }),
      );
      expect(session.pageErrors).toEqual([]);
      expect(session.steps.every((step) => step.resolved)).toBe(true);
      expect(tracker.requests).toEqual([]);
    },
    REPLAY_RUN_TIMEOUT_MS,
  );
});
