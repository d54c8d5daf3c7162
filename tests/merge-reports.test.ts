import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBaselines } from '../harness/baseline/baseline-store.js';
import type { ReplayReport, SessionResult } from '../harness/result/types.js';
import { runCli, type CliResult } from './support/run-cli.js';
import { createWorkspace, replayArgs, type Workspace } from './support/workspace.js';

const SESSIONS = ['todomvc-backbone', 'todomvc-emberjs', 'todomvc-react', 'todomvc-vanillajs'];
const APPROVED = 'todomvc-vanillajs';
/** Real milliseconds for one CLI run of up to four sessions on a busy two-core machine. */
const RUN_TIMEOUT_MS = 600_000;

let workspace: Workspace;
let baselineDir: string;
let whole: CliResult;
const shards: CliResult[] = [];

function replay(outputDir: string, extra: string[] = []): Promise<CliResult> {
  const args = replayArgs({
    serve: workspace.apps,
    recordings: workspace.recordings,
    outputDir: join(workspace.root, outputDir),
    baselineDir,
    grep: 'todomvc',
    extra: ['--reporter', 'console,json,junit', ...extra],
  });
  return runCli(args, { cwd: workspace.root, timeoutMs: RUN_TIMEOUT_MS });
}

function summaryOf(sessions: SessionResult[] | undefined) {
  return (sessions ?? [])
    .map((session) => ({ name: session.name, status: session.status, fidelity: session.fidelity }))
    .sort((left, right) => left.name.localeCompare(right.name));
}

async function readReport(outputDir: string): Promise<ReplayReport> {
  return JSON.parse(
    await readFile(join(workspace.root, outputDir, 'report.json'), 'utf8'),
  ) as ReplayReport;
}

beforeAll(async () => {
  workspace = await createWorkspace('merge-reports');
  baselineDir = join(workspace.root, 'baselines');
  for (const session of SESSIONS) {
    await workspace.copyRecording(session);
  }
  whole = await replay('whole');
  shards.push(await replay(join('shards', 'shard-1'), ['--shard', '1/2']));
  shards.push(await replay(join('shards', 'shard-2'), ['--shard', '2/2']));
}, 3 * RUN_TIMEOUT_MS);

afterAll(async () => {
  await workspace?.remove();
});

describe('merge-reports of a sharded run', () => {
  it('runs every session in exactly one shard', () => {
    expect(whole.exitCode, `${whole.stdout}\n${whole.stderr}`).toBe(0);
    expect(summaryOf(whole.report?.sessions).map((session) => session.name)).toEqual(SESSIONS);
    const names = shards.flatMap((shard) =>
      summaryOf(shard.report?.sessions).map((session) => session.name),
    );
    expect(names.sort()).toEqual(SESSIONS);
    expect(shards.map((shard) => shard.report?.sessions.length)).toEqual([2, 2]);
  });

  it('equals the unsharded run', async () => {
    const merged = await runCli(
      ['merge-reports', 'shards', '--output-dir', 'merged', '--reporter', 'console,markdown,junit'],
      { cwd: workspace.root, timeoutMs: RUN_TIMEOUT_MS },
    );
    expect(merged.stderr).toBe('');
    expect(merged.exitCode, merged.stdout).toBe(0);
    expect(merged.stdout).toContain('Replayed 4 sessions');

    const report = await readReport('merged');
    expect(summaryOf(report.sessions)).toEqual(summaryOf(whole.report?.sessions));
    expect(report.totals).toEqual(whole.report?.totals);
    expect(report.exitCode).toBe(whole.report?.exitCode);
    expect(report.shard).toBeUndefined();

    const junit = await readFile(join(workspace.root, 'merged', 'junit.xml'), 'utf8');
    expect(junit.match(/<testcase /g)).toHaveLength(4);
    const markdown = await readFile(join(workspace.root, 'merged', 'summary.md'), 'utf8');
    expect(markdown).toContain('### ✅ replaygate: 4 sessions passed');
  });

  it('rejects reports that share a session', async () => {
    const result = await runCli(
      ['merge-reports', join('shards', 'shard-1'), 'whole', '--output-dir', 'overlap'],
      {
        cwd: workspace.root,
      },
    );
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(
      /Session "todomvc-\w+" is in two reports: \S*shard-1.report\.json and \S*whole.report\.json/,
    );
    expect(existsSync(join(workspace.root, 'overlap', 'report.json'))).toBe(false);
  });

  it(
    'approves a merged session into a baseline that the next replay passes',
    async () => {
      const approve = await runCli(
        ['approve', APPROVED, '--output-dir', 'merged', '--baseline-dir', baselineDir],
        {
          cwd: workspace.root,
        },
      );
      expect(approve.stderr).toBe('');
      expect(approve.exitCode, approve.stdout).toBe(0);
      expect(approve.stdout).toContain(`Approved 1 session`);

      const expected = whole.report?.sessions.find((session) => session.name === APPROVED);
      const stored = await readBaselines(baselineDir, APPROVED);
      expect([...(stored?.checkpoints.keys() ?? [])]).toEqual(
        expected?.checkpoints.map((checkpoint) => checkpoint.id),
      );

      const rerun = await runCli(
        replayArgs({
          serve: workspace.apps,
          recordings: workspace.recordings,
          outputDir: join(workspace.root, 'against-approved'),
          baselineDir,
          grep: `^${APPROVED}$`,
        }),
        { cwd: workspace.root, timeoutMs: RUN_TIMEOUT_MS },
      );
      expect(rerun.exitCode, `${rerun.stdout}\n${rerun.stderr}`).toBe(0);
      expect(rerun.report?.sessions[0]?.baselineSource).toBe('stored');
      expect(rerun.report?.sessions[0]?.fidelity).toBe(1);
    },
    RUN_TIMEOUT_MS,
  );
});
