/**
 * The GitHub Action's reporting step: reads the replay's `report.json`, sets the step outputs,
 * emits annotations, writes the Markdown job summary and creates or updates one sticky
 * pull-request comment. It reads these environment variables besides GitHub's own:
 *
 * - `REPLAYGATE_REPORT_PATH`: the report; when unset, `report.json` in the output folder that
 *   the config resolves to, as `replaygate replay` resolves it.
 * - `REPLAYGATE_CONFIG_FILE`: the `--config` value of the replay, if any.
 * - `REPLAYGATE_GITHUB_TOKEN`: token for the comment; without one no comment is written.
 * - `REPLAYGATE_REPORT_URL`: address of the published report, linked from the summary.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import * as core from '@actions/core';
import { resolveConfig } from '../harness/config/resolve-config.js';
import type { ReplayReport } from '../harness/result/types.js';
import { formatScore } from '../reporters/console-format.js';
import { REPORT_FILE } from '../reporters/index.js';
import { readJsonReport } from '../reporters/json.js';
import {
  MARKDOWN_REPORT_MARKER,
  renderMarkdownReport,
  type MarkdownReportOptions,
} from '../reporters/markdown.js';
import { buildAnnotations } from './annotations.js';
import { upsertStickyComment } from './sticky-comment.js';

const RESULTS: Record<ReplayReport['exitCode'], string> = {
  0: 'passed',
  1: 'failed',
  2: 'errored',
};

async function locateReport(env: NodeJS.ProcessEnv, cwd: string): Promise<string> {
  const explicit = env.REPLAYGATE_REPORT_PATH?.trim();
  if (explicit) {
    return resolve(cwd, explicit);
  }
  const configFile = env.REPLAYGATE_CONFIG_FILE?.trim();
  const config = await resolveConfig({ argv: configFile ? { config: configFile } : {}, env, cwd });
  return join(config.outputDir, REPORT_FILE);
}

function setOutputs(report: ReplayReport): void {
  const fidelities = report.sessions.flatMap((session) =>
    session.fidelity === null ? [] : [session.fidelity],
  );
  core.setOutput('result', RESULTS[report.exitCode]);
  core.setOutput('sessions', report.sessions.length);
  core.setOutput('failed', report.totals.failed);
  core.setOutput('flaky', report.totals.flaky);
  core.setOutput(
    'lowest-fidelity',
    fidelities.length === 0 ? '' : formatScore(Math.min(...fidelities)),
  );
}

function emitAnnotations(report: ReplayReport, env: NodeJS.ProcessEnv): void {
  for (const annotation of buildAnnotations(report, env.GITHUB_WORKSPACE)) {
    const properties = {
      title: annotation.title,
      ...(annotation.file ? { file: annotation.file } : {}),
    };
    if (annotation.level === 'error') {
      core.error(annotation.message, properties);
    } else {
      core.warning(annotation.message, properties);
    }
  }
}

function runUrl(env: NodeJS.ProcessEnv): string | undefined {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repository, GITHUB_RUN_ID: runId } = env;
  return server && repository && runId
    ? `${server}/${repository}/actions/runs/${runId}`
    : undefined;
}

/** Reads the pull request number from the event payload, or undefined for other events. */
async function pullRequestNumber(env: NodeJS.ProcessEnv): Promise<number | undefined> {
  if (!env.GITHUB_EVENT_PATH || !existsSync(env.GITHUB_EVENT_PATH)) {
    return undefined;
  }
  const payload = JSON.parse(await readFile(env.GITHUB_EVENT_PATH, 'utf8')) as {
    pull_request?: { number?: unknown };
    issue?: { number?: unknown; pull_request?: unknown };
  };
  const number =
    payload.pull_request?.number ??
    (payload.issue?.pull_request ? payload.issue.number : undefined);
  return typeof number === 'number' ? number : undefined;
}

/** Writes the sticky comment; returns a note for the job summary when the comment was skipped. */
async function postComment(body: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const token = env.REPLAYGATE_GITHUB_TOKEN?.trim();
  if (!token) {
    core.info('No github-token input, so no pull request comment is written.');
    return undefined;
  }
  const issueNumber = await pullRequestNumber(env);
  if (issueNumber === undefined || !env.GITHUB_REPOSITORY) {
    core.info(
      `The ${env.GITHUB_EVENT_NAME ?? 'unknown'} event is not a pull request, so no comment is written.`,
    );
    return undefined;
  }
  const apiUrl = (env.GITHUB_API_URL || 'https://api.github.com').replace(/\/+$/, '');
  const target = { apiUrl, token, repository: env.GITHUB_REPOSITORY, issueNumber };
  try {
    const outcome = await upsertStickyComment(target, MARKDOWN_REPORT_MARKER, body);
    if (outcome.action === 'forbidden') {
      const note = `The pull request comment was skipped: the token may not write comments (HTTP ${outcome.status}: ${outcome.message}). Pull requests from forks get a read-only token; the results are in this job summary.`;
      // A log line, not an annotation, so it never takes one of the step's ten warning slots.
      core.info(note);
      return note;
    }
    core.info(
      `${outcome.action === 'created' ? 'Created' : 'Updated'} the replaygate comment on pull request #${issueNumber}: ${outcome.url}`,
    );
    return undefined;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    core.warning(`Writing the pull request comment failed: ${message}`, {
      title: 'replaygate: comment failed',
    });
    return `The pull request comment could not be written: ${message}`;
  }
}

async function writeSummary(text: string, env: NodeJS.ProcessEnv): Promise<void> {
  if (!env.GITHUB_STEP_SUMMARY) {
    core.info('GITHUB_STEP_SUMMARY is not set, so no job summary is written.');
    return;
  }
  await core.summary.addRaw(text).write();
}

/** Runs the reporting step; the replay's own exit code gates the job, not this step. */
async function postResults(env: NodeJS.ProcessEnv, cwd: string): Promise<void> {
  const reportPath = await locateReport(env, cwd);
  core.setOutput('report-path', reportPath);
  if (!existsSync(reportPath)) {
    core.setOutput('result', 'errored');
    const message = `The replay wrote no report at ${reportPath}. The replay step's log shows the error.`;
    core.error(message, { title: 'replaygate: no report' });
    await writeSummary(
      `${MARKDOWN_REPORT_MARKER}\n### 💥 replaygate: no report\n\n${message}\n`,
      env,
    );
    return;
  }

  const report = await readJsonReport(reportPath);
  setOutputs(report);
  emitAnnotations(report, env);

  const links: MarkdownReportOptions = {};
  const artifactUrl = runUrl(env);
  if (artifactUrl) {
    links.artifactUrl = artifactUrl;
  }
  if (env.REPLAYGATE_REPORT_URL?.trim()) {
    links.reportUrl = env.REPLAYGATE_REPORT_URL.trim();
  }
  const body = renderMarkdownReport(report, links);
  const note = await postComment(body, env);
  await writeSummary(note === undefined ? body : `${body}\n> [!NOTE]\n> ${note}\n`, env);
}

postResults(process.env, process.cwd()).catch((error: unknown) => {
  core.setFailed(error instanceof Error ? error.message : String(error));
});
