import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRecording } from '../harness/fixture/read-recording.js';
import type { Recording } from '../harness/fixture/recording.js';
import { harDocument, harEntry, harResourceEntry } from '../harness/import/testing/har-export.js';
import { readDemoSession } from '../harness/import/testing/sessions.js';
import { REPLAY_RUN_TIMEOUT_MS, runCli } from './support/run-cli.js';
import { createWorkspace, replayArgs, type Workspace } from './support/workspace.js';

const SESSION = 'todomvc-imported';
const PLAIN_SESSION = 'todomvc-plain-rrweb';

let workspace: Workspace;
let todo: Recording;

/** Builds the HAR Chromium saves for the TodoMVC session: the page, its script and its XHR. */
function sessionHar(): unknown {
  const page = todo.meta.url;
  const start = todo.events[0]!.timestamp;
  return harDocument(
    [{ id: 'page_1', url: page, startedAt: start - 400 }],
    [
      harResourceEntry(page, start - 400, 'text/html', {
        pageref: 'page_1',
        resourceType: 'document',
      }),
      harResourceEntry(`${page}js/app.js`, start - 300, 'application/javascript', {
        pageref: 'page_1',
        resourceType: 'script',
      }),
      ...todo.network.map((exchange) =>
        harEntry(exchange, { pageref: 'page_1', resourceType: 'xhr' }),
      ),
    ],
  );
}

beforeAll(async () => {
  workspace = await createWorkspace('import-replay');
  todo = await readDemoSession('todomvc-vanillajs');
  await writeFile(join(workspace.root, `${SESSION}.json`), JSON.stringify(todo.events));
  // What rrweb's own recorder would have written: no replaygate custom events, so no record
  // of the in-page route changes to #/active and #/completed, and no key events.
  const plainEvents = todo.events.filter(
    (event) => !(event.type === 5 && String(event.data.tag).startsWith('replaygate.')),
  );
  await writeFile(join(workspace.root, `${PLAIN_SESSION}.json`), JSON.stringify(plainEvents));
  await writeFile(join(workspace.root, 'session.har'), JSON.stringify(sessionHar()));
});

afterAll(async () => {
  await workspace.remove();
});

describe('replay of an imported session', () => {
  it(
    'passes with the traffic from the HAR file',
    async () => {
      const imported = await runCli(
        ['import', `${SESSION}.json`, '--har', 'session.har', '--out', workspace.recordings],
        { cwd: workspace.root },
      );
      expect(imported.stderr).toBe('');
      expect(imported.exitCode).toBe(0);
      const recording = await readRecording(
        join(workspace.recordings, `${SESSION}.replay.json.gz`),
      );
      expect(recording.network).toHaveLength(todo.network.length);

      const result = await runCli(
        replayArgs({
          serve: workspace.apps,
          recordings: workspace.recordings,
          outputDir: join(workspace.root, 'results'),
          baselineDir: join(workspace.root, 'baselines'),
          grep: `^${SESSION}$`,
        }),
        { cwd: workspace.root, timeoutMs: REPLAY_RUN_TIMEOUT_MS },
      );

      expect(result.stderr).not.toContain('internal error');
      expect(result.exitCode).toBe(0);
      const session = result.report?.sessions[0];
      expect(result.report?.sessions).toHaveLength(1);
      expect(session?.name).toBe(SESSION);
      expect(session?.status).toBe('passed');
      expect(session?.fidelity).toBe(1);
      expect(session?.steps.length).toBeGreaterThan(0);
      expect(session?.steps.every((step) => step.resolved)).toBe(true);
      // learn.json is served from the exchange the HAR file provided.
      expect(session?.network.recorded).toBe(todo.network.length);
      expect(session?.network.blocked).toBe(0);
    },
    REPLAY_RUN_TIMEOUT_MS,
  );

  it(
    'passes without the in-page URL changes plain rrweb does not record',
    async () => {
      const imported = await runCli(
        ['import', `${PLAIN_SESSION}.json`, '--har', 'session.har', '--out', workspace.recordings],
        { cwd: workspace.root },
      );
      expect(imported.exitCode, imported.stderr).toBe(0);

      const result = await runCli(
        replayArgs({
          serve: workspace.apps,
          recordings: workspace.recordings,
          outputDir: join(workspace.root, 'results-plain'),
          baselineDir: join(workspace.root, 'baselines'),
          grep: `^${PLAIN_SESSION}$`,
        }),
        { cwd: workspace.root, timeoutMs: REPLAY_RUN_TIMEOUT_MS },
      );

      const session = result.report?.sessions[0];
      expect(session?.firstCause, result.stderr).toBeUndefined();
      expect(session?.status).toBe('passed');
      expect(session?.steps.every((step) => step.resolved)).toBe(true);
      // The filters route in the page; without URL events no checkpoint expects a URL.
      expect(session?.checkpoints.every((checkpoint) => checkpoint.expectedUrl === undefined)).toBe(
        true,
      );
    },
    REPLAY_RUN_TIMEOUT_MS,
  );
});
