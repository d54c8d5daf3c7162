import type { ReplayReport, SessionResult, SessionStatus } from '../../harness/result/types.js';
import { formatTotals } from '../console.js';
import { formatDuration, worstDomSimilarity, worstPixelRatio } from '../console-format.js';
import { ASSETS } from './assets.js';
import { html, relativeUrl, type SafeHtml } from './escape.js';
import {
  badge,
  causeCellHtml,
  formatTimestamp,
  percentText,
  scoreText,
  stepsText,
} from './format.js';
import { PAGE_POLICY, renderDocument } from './layout.js';

/** Filter buttons in display order; `skipped` appears only when a session was skipped. */
const FILTER_ORDER: readonly SessionStatus[] = ['failed', 'errored', 'flaky', 'passed', 'skipped'];

const EXIT_CODE_MEANINGS: Record<ReplayReport['exitCode'], string> = {
  0: 'All gates passed',
  1: 'A regression was found',
  2: 'Invalid usage or input',
};

/** Returns the href of a session's page, relative to the report root. */
export function sessionHref(slug: string): string {
  return relativeUrl('sessions', slug, 'index.html');
}

function renderHeader(report: ReplayReport): SafeHtml {
  const count = report.sessions.length;
  const shard = report.shard ? ` · shard ${report.shard.current}/${report.shard.total}` : '';
  return html`<header class="page-header">
    <div class="wrap">
      <h1>Replay report</h1>
      <p class="meta">
        ${count} ${count === 1 ? 'session' : 'sessions'} replayed against
        <code>${report.baseURL}</code> · started ${formatTimestamp(report.startedAt)} · took
        ${formatDuration(report.durationMs)}${shard}
      </p>
    </div>
  </header>`;
}

function renderVerdict(report: ReplayReport): SafeHtml {
  const passed = report.exitCode === 0;
  return html`<section class="card verdict ${passed ? 'verdict-pass' : 'verdict-fail'}">
    <strong>${EXIT_CODE_MEANINGS[report.exitCode]} (exit code ${report.exitCode})</strong>
    <span class="totals">${formatTotals(report.totals)}</span>
  </section>`;
}

function renderFilters(sessions: readonly SessionResult[]): SafeHtml {
  const count = (status: SessionStatus) =>
    sessions.filter((session) => session.status === status).length;
  const button = (filter: string, label: string, total: number, active = false) =>
    html`<button
      type="button"
      class="filter${active ? ' is-active' : ''}"
      data-filter="${filter}"
      aria-pressed="${String(active)}"
    >
      ${label}<span class="count">${total}</span>
    </button>`;
  const statuses = FILTER_ORDER.filter((status) => status !== 'skipped' || count(status) > 0);
  return html`<div class="toolbar">
    <div class="filters" role="group" aria-label="Filter sessions by status">
      ${button('all', 'All', sessions.length, true)}
      ${statuses.map((status) => button(status, status[0]!.toUpperCase() + status.slice(1), count(status)))}
    </div>
    <input
      type="search"
      id="session-search"
      class="search"
      placeholder="Filter by session name"
      aria-label="Filter by session name"
    />
  </div>`;
}

function renderRow(session: SessionResult, slug: string): SafeHtml {
  const fidelityClass = session.fidelity !== null && session.fidelity < 1 ? 'num bad' : 'num';
  return html`<tr data-status="${session.status}" data-name="${session.name}">
    <td class="name"><a href="${sessionHref(slug)}">${session.name}</a></td>
    <td>${badge(session.status)}</td>
    <td class="${fidelityClass}">${scoreText(session.fidelity)}</td>
    <td class="num">${percentText(worstPixelRatio(session))}</td>
    <td class="num">${scoreText(worstDomSimilarity(session))}</td>
    <td class="num">${stepsText(session)}</td>
    <td class="num">${formatDuration(session.durationMs)}</td>
    <td class="cause">${causeCellHtml(session.firstCause)}</td>
  </tr>`;
}

function renderTable(sessions: readonly SessionResult[], slugs: Map<SessionResult, string>) {
  if (sessions.length === 0) {
    return html`<section class="card"><p class="empty">No sessions ran.</p></section>`;
  }
  return html`<section class="card table-card">
    <table class="sessions">
      <thead>
        <tr>
          <th>Session</th>
          <th>Status</th>
          <th class="num">Fidelity</th>
          <th class="num">Worst pixel diff</th>
          <th class="num">DOM similarity</th>
          <th class="num">Steps resolved</th>
          <th class="num">Duration</th>
          <th>First cause</th>
        </tr>
      </thead>
      <tbody>
        ${sessions.map((session) => renderRow(session, slugs.get(session) ?? ''))}
      </tbody>
    </table>
    <p class="empty" id="no-match" hidden>No session matches the filter.</p>
  </section>`;
}

/**
 * Renders `index.html`: the verdict, the status filters and one row per session. `sessions`
 * must already be sorted worst first, and `slugs` names each session's folder.
 */
export function renderIndexPage(
  report: ReplayReport,
  sessions: readonly SessionResult[],
  slugs: Map<SessionResult, string>,
): string {
  const body = html`${renderHeader(report)}
    <main class="wrap">
      ${renderVerdict(report)} ${sessions.length > 0 && renderFilters(sessions)}
      ${renderTable(sessions, slugs)}
    </main>
    <footer class="wrap">replaygate report format version ${report.version}</footer>`;
  return renderDocument({
    title: `Replay report · ${formatTotals(report.totals)}`,
    root: '',
    policy: PAGE_POLICY,
    styles: [ASSETS.reportCss],
    scripts: [ASSETS.indexJs],
    body,
  });
}
