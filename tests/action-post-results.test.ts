import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ReplayReport } from '../harness/result/types.js';
import { MARKDOWN_REPORT_MARKER } from '../reporters/markdown.js';
import {
  checkpointResult,
  replayReport,
  sessionResult,
} from '../reporters/testing/report-fixtures.js';
import { startMockGitHub, type MockGitHub } from './support/mock-github.js';
import { repoRoot } from './support/paths.js';

const SCRIPT = join(repoRoot, 'dist', 'action', 'post-results.js');
const REPOSITORY = 'octo/shop';
const PULL_REQUEST = 7;
const TOKEN = 'test-token';

let folder: string;
let github: MockGitHub;

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'replaygate-action-'));
  github = await startMockGitHub({
    repository: REPOSITORY,
    issueNumber: PULL_REQUEST,
    token: TOKEN,
  });
  // Enough earlier comments that the replaygate comment lands on the second page.
  for (let index = 0; index < 120; index += 1) {
    github.comments.push({ id: index + 1, body: `review comment ${index}` });
  }
});

afterEach(async () => {
  await github.close();
  await rm(folder, { recursive: true, force: true });
});

interface ActionRun {
  exitCode: number | null;
  stdout: string;
  summary: string;
  outputs: Record<string, string>;
}

/** Parses the `name<<delimiter` blocks that `core.setOutput` appends to `GITHUB_OUTPUT`. */
function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index += 1) {
    const header = /^([\w-]+)<<(\S+)$/.exec(lines[index]!);
    if (header) {
      const end = lines.indexOf(header[2]!, index + 1);
      outputs[header[1]!] = lines.slice(index + 1, end).join('\n');
      index = end;
    }
  }
  return outputs;
}

/** Runs the compiled action script with a fake GitHub Actions environment. */
async function runAction(
  report: ReplayReport | undefined,
  options: { token?: string } = {},
): Promise<ActionRun> {
  const reportPath = join(folder, 'report.json');
  const summaryPath = join(folder, 'summary.md');
  const outputPath = join(folder, 'output.txt');
  const eventPath = join(folder, 'event.json');
  if (report !== undefined) {
    await writeFile(reportPath, JSON.stringify(report));
  }
  await writeFile(summaryPath, '');
  await writeFile(outputPath, '');
  await writeFile(eventPath, JSON.stringify({ pull_request: { number: PULL_REQUEST } }));

  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (
      !name.startsWith('GITHUB_') &&
      !name.startsWith('REPLAYGATE_') &&
      !name.startsWith('INPUT_')
    ) {
      env[name] = value;
    }
  }
  Object.assign(env, {
    GITHUB_ACTIONS: 'true',
    GITHUB_API_URL: github.url,
    GITHUB_SERVER_URL: 'https://github.test',
    GITHUB_REPOSITORY: REPOSITORY,
    GITHUB_RUN_ID: '99',
    GITHUB_EVENT_NAME: 'pull_request',
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_WORKSPACE: '/work/project',
    GITHUB_STEP_SUMMARY: summaryPath,
    GITHUB_OUTPUT: outputPath,
    REPLAYGATE_REPORT_PATH: reportPath,
    REPLAYGATE_GITHUB_TOKEN: options.token ?? '',
  });

  const child = spawn(process.execPath, [SCRIPT], {
    cwd: folder,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  const exitCode = await new Promise<number | null>((resolve) => child.once('close', resolve));
  return {
    exitCode,
    stdout,
    summary: await readFile(summaryPath, 'utf8'),
    outputs: parseOutputs(await readFile(outputPath, 'utf8')),
  };
}

const failingReport = replayReport([
  sessionResult('todo-add', 'passed'),
  sessionResult('todo-edit', 'failed', {
    checkpoints: [checkpointResult('p0-01', { diffRatio: 0.012, similarity: 0.91 })],
    firstCause: { kind: 'dom-diff', message: 'text changed', checkpointId: 'p0-01' },
  }),
  sessionResult('search', 'flaky'),
]);
const passingReport = replayReport([
  sessionResult('todo-add', 'passed'),
  sessionResult('todo-edit', 'passed'),
]);

function markedComments(): string[] {
  return github.comments
    .filter((comment) => comment.body.startsWith(MARKDOWN_REPORT_MARKER))
    .map((comment) => comment.body);
}

describe('action post-results', () => {
  it('sets outputs and writes the job summary', async () => {
    const run = await runAction(failingReport);
    expect(run.exitCode).toBe(0);
    expect(run.outputs).toEqual({
      'report-path': join(folder, 'report.json'),
      result: 'failed',
      sessions: '3',
      failed: '1',
      flaky: '1',
      'lowest-fidelity': '0.910',
    });
    expect(run.summary.startsWith(MARKDOWN_REPORT_MARKER)).toBe(true);
    expect(run.summary).toContain(
      '| ❌ failed | todo-edit | 0.910 | 1.20% | 0.910 | dom-diff at p0-01: text changed |',
    );
    expect(run.summary).toContain(
      '[Screenshots, diffs and traces](https://github.test/octo/shop/actions/runs/99)',
    );
    expect(run.stdout).toContain('No github-token input');
    expect(github.requests).toEqual([]);
  });

  it('annotates failed and flaky sessions with titles', async () => {
    const run = await runAction(failingReport);
    expect(run.stdout).toContain(
      '::error title=replaygate%3A todo-edit failed,file=recordings/todo-edit.replay.json.gz::dom-diff at p0-01: text changed Fidelity 0.910.',
    );
    expect(run.stdout).toContain(
      '::warning title=replaygate%3A search flaky,file=recordings/search.replay.json.gz::Failed at first, then passed on attempt 2. Fidelity 1.000.',
    );
  });

  it('creates the comment once, then updates it', async () => {
    const quote = { id: 5000, body: `> Why does the bot write ${MARKDOWN_REPORT_MARKER} here?` };
    github.comments.push(quote);
    const first = await runAction(failingReport, { token: TOKEN });
    expect(first.exitCode).toBe(0);
    expect(first.stdout).toContain(
      `Created the replaygate comment on pull request #${PULL_REQUEST}`,
    );
    expect(markedComments()).toHaveLength(1);
    expect(markedComments()[0]).toContain('❌ replaygate: 1 regression in 3 sessions');
    const created = github.comments.find((comment) =>
      comment.body.startsWith(MARKDOWN_REPORT_MARKER),
    );

    github.requests.length = 0;
    const second = await runAction(passingReport, { token: TOKEN });
    expect(second.exitCode).toBe(0);
    expect(second.stdout).toContain('Updated the replaygate comment');
    expect(github.comments).toHaveLength(122);
    expect(quote.body).toBe(`> Why does the bot write ${MARKDOWN_REPORT_MARKER} here?`);
    expect(markedComments()).toHaveLength(1);
    expect(markedComments()[0]).toContain('✅ replaygate: 2 sessions passed');
    expect(github.requests).toEqual([
      `GET /repos/${REPOSITORY}/issues/${PULL_REQUEST}/comments?per_page=100`,
      `GET /repos/${REPOSITORY}/issues/${PULL_REQUEST}/comments?per_page=100&page=2`,
      `PATCH /repos/${REPOSITORY}/issues/comments/${created?.id}`,
    ]);
  });

  it('skips the comment on a 403 and says so', async () => {
    github.readOnly = true;
    const run = await runAction(failingReport, { token: TOKEN });
    expect(run.exitCode).toBe(0);
    expect(markedComments()).toHaveLength(0);
    expect(run.stdout).toContain(
      'The pull request comment was skipped: the token may not write comments (HTTP 403: Resource not accessible by integration).',
    );
    expect(run.summary).toContain('> [!NOTE]\n> The pull request comment was skipped');
    expect(run.outputs.result).toBe('failed');
  });

  it('caps annotations at ten per level', async () => {
    const report = replayReport([
      ...Array.from({ length: 15 }, (_, index) =>
        sessionResult(`broken-${index}`, 'failed', {
          firstCause: { kind: 'pixel-diff', message: 'differs' },
        }),
      ),
      ...Array.from({ length: 12 }, (_, index) => sessionResult(`shaky-${index}`, 'flaky')),
    ]);
    const run = await runAction(report);
    const errors = run.stdout.split('\n').filter((line) => line.startsWith('::error '));
    const warnings = run.stdout.split('\n').filter((line) => line.startsWith('::warning '));
    expect(errors).toHaveLength(10);
    expect(warnings).toHaveLength(10);
    expect(errors.at(-1)).toBe(
      '::error title=replaygate%3A 6 more failed or errored sessions::6 more sessions are failed or errored; the job summary lists them all.',
    );
    expect(warnings.at(-1)).toContain('title=replaygate%3A 3 more flaky sessions');
  });

  it('reports a missing report as errored', async () => {
    const run = await runAction(undefined);
    expect(run.exitCode).toBe(0);
    expect(run.outputs.result).toBe('errored');
    expect(run.stdout).toContain(
      `::error title=replaygate%3A no report::The replay wrote no report at ${join(folder, 'report.json')}`,
    );
    expect(run.summary).toContain('### 💥 replaygate: no report');
  });
});
