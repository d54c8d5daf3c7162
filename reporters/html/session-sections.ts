import type { NetworkLogEntry, SessionResult, StepResult } from '../../harness/result/types.js';
import { html, type SafeHtml } from './escape.js';
import { badge } from './format.js';

/** Returns the anchor of a step row, made from its plan index. */
export function stepAnchor(index: number): string {
  return `step-${index}`;
}

function stepRow(step: StepResult): SafeHtml {
  const strategy = step.strategy === undefined ? html`<span class="dim">–</span>` : step.strategy;
  const selector =
    step.selector === undefined
      ? html`<span class="dim">–</span>`
      : html`<code>${step.selector}</code>`;
  return html`<tr id="${stepAnchor(step.index)}" ${step.resolved ? '' : html` class="unresolved"`}>
    <td class="num">${step.index}</td>
    <td>${step.kind}</td>
    <td class="wrap-any">${step.description}</td>
    <td>${step.resolved ? badge('resolved') : badge('unresolved')}</td>
    <td class="nowrap">${strategy}</td>
    <td class="wrap-any">${selector}</td>
    <td class="wrap-any">${step.error === undefined ? '' : html`<pre>${step.error}</pre>`}</td>
  </tr>`;
}

/** Renders the steps table with the selector strategy and selector that found each target. */
export function renderSteps(steps: readonly StepResult[]): SafeHtml {
  if (steps.length === 0) {
    return html`<p class="empty">No step ran.</p>`;
  }
  return html`<table class="steps">
    <thead>
      <tr>
        <th class="num">#</th>
        <th>Action</th>
        <th>Description</th>
        <th>Result</th>
        <th>Strategy</th>
        <th>Selector</th>
        <th>Error</th>
      </tr>
    </thead>
    <tbody>
      ${steps.map(stepRow)}
    </tbody>
  </table>`;
}

function networkRow(entry: NetworkLogEntry): SafeHtml {
  return html`<tr${entry.outcome === 'blocked' ? html` class="blocked"` : ''}>
<td>${entry.method}</td>
<td class="wrap-any"><code>${entry.url}</code></td>
<td>${badge(entry.outcome)}</td>
<td class="num">${entry.status ?? '–'}</td>
<td class="num">${entry.exchangeId ?? '–'}</td>
<td class="wrap-any">${entry.warning === undefined ? '' : html`<span class="warning">${entry.warning}</span>`}</td>
</tr>`;
}

/** Renders the network counts and log: responses from the recording, app requests and blocked requests. */
export function renderNetwork(network: SessionResult['network']): SafeHtml {
  const counts = html`<p>
    ${badge('recorded')} ${network.recorded} answered from the recording · ${badge('app')}
    ${network.app} served by the app · ${badge('blocked')} ${network.blocked} blocked
  </p>`;
  if (network.log.length === 0) {
    return html`${counts}
      <p class="empty">No request was logged.</p>`;
  }
  return html`${counts}
    <table class="network">
      <thead>
        <tr>
          <th>Method</th>
          <th>URL</th>
          <th>Outcome</th>
          <th class="num">Status</th>
          <th class="num">Exchange</th>
          <th>Warning</th>
        </tr>
      </thead>
      <tbody>
        ${network.log.map(networkRow)}
      </tbody>
    </table>`;
}

function errorList(title: string, errors: readonly string[]): SafeHtml {
  if (errors.length === 0) {
    return html`<h3>${title}</h3>
      <p class="dim">None.</p>`;
  }
  return html`<h3>${title} (${errors.length})</h3>
    <ul class="error-list">
      ${errors.map((error) => html`<li><pre>${error}</pre></li>`)}
    </ul>`;
}

/** Renders the page errors and console errors seen during the replay. */
export function renderErrors(session: SessionResult): SafeHtml {
  return html`${errorList('Page errors', session.pageErrors)}
  ${errorList('Console errors', session.consoleErrors)}`;
}

/** Quotes a path for a POSIX shell when it contains anything but safe characters. */
function shellQuote(path: string): string {
  return /^[\w./-]+$/.test(path) ? path : `'${path.replace(/'/g, `'\\''`)}'`;
}

/**
 * Renders where the Playwright trace is and the command that opens it. `copied` is true when
 * the report folder contains a copy at `sessions/<slug>/trace.zip`.
 */
export function renderTrace(session: SessionResult, slug: string, copied: boolean): SafeHtml {
  if (session.tracePath === undefined) {
    return html`<p class="dim">No trace was kept for this session.</p>`;
  }
  if (!copied) {
    return html`<p>
        The trace was written to <code>${session.tracePath}</code> but was not found when this
        report was built. Open it with:
      </p>
      <pre class="command">npx playwright show-trace ${shellQuote(session.tracePath)}</pre>`;
  }
  return html`<p>
      A copy of the Playwright trace is in this report: <a href="trace.zip" download>trace.zip</a>.
      Open it from the report folder with:
    </p>
    <pre class="command">npx playwright show-trace ${shellQuote(`sessions/${slug}/trace.zip`)}</pre>
    <p class="dim">The replay wrote it to <code>${session.tracePath}</code>.</p>
    ${renderRerunNote(session)}`;
}

/** Says that the trace comes from an extra replay, and whether that replay failed too. */
function renderRerunNote(session: SessionResult): SafeHtml {
  const rerun = session.tracedRerun;
  if (rerun === undefined) {
    return html``;
  }
  return rerun.status === 'failed'
    ? html`<p class="dim">
        The trace comes from a replay run after the failed attempt only to record it; that replay
        failed too${rerun.firstCause ? html` (${rerun.firstCause.kind})` : html``}.
      </p>`
    : html`<p class="dim">
        The trace comes from a replay run after the failed attempt only to record it, and that
        replay ${rerun.status}: the failure did not reproduce, which points at a flaky session.
      </p>`;
}

/** State of the recording section of a session page. */
export type RecordingState =
  { kind: 'available' } | { kind: 'not-provided' } | { kind: 'unreadable'; reason: string };

/**
 * Renders the recorded session in rrweb-player, in a frame of its own. rrweb replays the DOM in
 * an inner frame that it sandboxes without scripts. The player must reach into that frame, so
 * the player page needs `allow-same-origin`, and its policy allows no script but the report's
 * own files. The sandbox still blocks pop-ups, dialogs, forms and top navigation.
 */
export function renderRecording(state: RecordingState): SafeHtml {
  if (state.kind === 'not-provided') {
    return html`<p class="dim">The recording was not included in this report.</p>`;
  }
  if (state.kind === 'unreadable') {
    return html`<p class="missing">The recording could not be read: ${state.reason}</p>`;
  }
  return html`<iframe
    class="player-frame"
    src="player.html"
    title="Recorded session"
    sandbox="allow-scripts allow-same-origin"
    allowfullscreen
    referrerpolicy="no-referrer"
    loading="lazy"
  ></iframe>`;
}
