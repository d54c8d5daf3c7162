import type { SessionResult } from '../../harness/result/types.js';
import { formatDuration, worstDomSimilarity, worstPixelRatio } from '../console-format.js';
import { ASSETS } from './assets.js';
import { checkpointAnchor, renderCheckpoint, renderTimeline } from './checkpoint-view.js';
import { html, jsonForScript, SafeHtml } from './escape.js';
import { badge, causeHtml, percentText, scoreText, stepsText } from './format.js';
import { PAGE_POLICY, PLAYER_POLICY, renderDocument } from './layout.js';
import type { CheckpointImages } from './session-files.js';
import {
  renderErrors,
  renderNetwork,
  renderRecording,
  renderSteps,
  renderTrace,
  stepAnchor,
  type RecordingState,
} from './session-sections.js';

/** Everything a session page shows besides the session result itself. */
export interface SessionPageModel {
  session: SessionResult;
  slug: string;
  /** Copied images of each checkpoint, in checkpoint order. */
  images: CheckpointImages[];
  traceCopied: boolean;
  recording: RecordingState;
}

function fact(label: string, value: string | SafeHtml, wide = false): SafeHtml {
  return html`<div${wide ? html` class="wide"` : ''}><dt>${label}</dt><dd>${value}</dd></div>`;
}

function renderHeader(session: SessionResult): SafeHtml {
  const status =
    session.status === 'flaky' ? `flaky, passed on attempt ${session.attempts}` : session.status;
  const baseline =
    session.baselineSource === undefined
      ? '–'
      : session.baselineSource === 'stored'
        ? 'stored baselines'
        : 'the recording';
  return html`<header class="page-header">
    <div class="wrap">
      <nav class="crumbs"><a href="../../index.html">← All sessions</a></nav>
      <h1>${session.name}${badge(session.status, status)}</h1>
      <dl class="facts">
        ${fact('Fidelity', scoreText(session.fidelity))}
        ${fact('Worst pixel diff', percentText(worstPixelRatio(session)))}
        ${fact('DOM similarity', scoreText(worstDomSimilarity(session)))}
        ${fact('Steps resolved', stepsText(session))}
        ${fact('Replay duration', formatDuration(session.durationMs))}
        ${fact('Recorded duration', formatDuration(session.recordedDurationMs))}
        ${fact('Attempts', String(session.attempts))} ${fact('Compared against', baseline)}
        ${fact('Fixture', session.fixture, true)}
      </dl>
    </div>
  </header>`;
}

function renderCause(session: SessionResult): SafeHtml | string {
  const cause = session.firstCause;
  if (cause === undefined) {
    return '';
  }
  const position = session.checkpoints.findIndex(
    (checkpoint) => checkpoint.id === cause.checkpointId,
  );
  const link =
    position >= 0
      ? html`<a href="#${checkpointAnchor(position)}">Go to the checkpoint</a>`
      : cause.stepIndex !== undefined &&
          session.steps.some((step) => step.index === cause.stepIndex)
        ? html`<a href="#${stepAnchor(cause.stepIndex)}">Go to step ${cause.stepIndex}</a>`
        : '';
  return html`<section class="card cause-card">
    <h2>First cause</h2>
    <p>${causeHtml(cause)}</p>
    ${link}
  </section>`;
}

function renderSectionNav(session: SessionResult): SafeHtml {
  const errors = session.pageErrors.length + session.consoleErrors.length;
  const item = (id: string, label: string, count?: number) =>
    html`<a href="#${id}"
      >${label}${count === undefined ? '' : html` <span class="count">${count}</span>`}</a
    >`;
  return html`<nav class="section-nav">
    ${item('checkpoints', 'Checkpoints', session.checkpoints.length)}${item('steps', 'Steps', session.steps.length)}${item('network', 'Network', session.network.log.length)}${item('errors', 'Errors', errors)}${item('trace', 'Trace')}${item('recording', 'Recording')}
  </nav>`;
}

/**
 * Picks the checkpoint card that starts open: the first cause's checkpoint, else the first
 * failed one. Opening every failed card would load every screenshot of a session that fails
 * throughout at once.
 */
function openCheckpoint(session: SessionResult): number {
  const cause = session.checkpoints.findIndex(
    (checkpoint) => checkpoint.id === session.firstCause?.checkpointId,
  );
  return cause >= 0 ? cause : session.checkpoints.findIndex((checkpoint) => !checkpoint.passed);
}

function renderCheckpoints(model: SessionPageModel): SafeHtml {
  const { checkpoints } = model.session;
  if (checkpoints.length === 0) {
    return html`<p class="empty">No checkpoint was reached.</p>`;
  }
  const open = openCheckpoint(model.session);
  const cards = checkpoints.map((checkpoint, position) =>
    renderCheckpoint(checkpoint, position, model.images[position] ?? {}, position === open),
  );
  return html`${renderTimeline(checkpoints)} ${cards}`;
}

/** Renders a session's page: header, first cause, checkpoints, steps, network, errors, trace, player. */
export function renderSessionPage(model: SessionPageModel): string {
  const { session } = model;
  const body = html`${renderHeader(session)}
    <main class="wrap">
      ${renderCause(session)} ${renderSectionNav(session)}
      <section id="checkpoints">
        <h2>Checkpoints</h2>
        ${renderCheckpoints(model)}
      </section>
      <section id="steps" class="card table-card">
        <h2 class="table-title">Steps</h2>
        ${renderSteps(session.steps)}
      </section>
      <section id="network" class="card">
        <h2>Network</h2>
        ${renderNetwork(session.network)}
      </section>
      <section id="errors" class="card">
        <h2>Errors</h2>
        ${renderErrors(session)}
      </section>
      <section id="trace" class="card">
        <h2>Trace</h2>
        ${renderTrace(session, model.slug, model.traceCopied)}
      </section>
      <section id="recording" class="card">
        <h2>Recording</h2>
        ${renderRecording(model.recording)}
      </section>
    </main>`;
  return renderDocument({
    title: `${session.name} · ${session.status} · replay report`,
    root: '../../',
    policy: PAGE_POLICY,
    styles: [ASSETS.reportCss],
    scripts: [ASSETS.sessionJs],
    body,
  });
}

/**
 * Renders `player.html`, which plays the recorded rrweb events in rrweb-player. The events are
 * a JSON data block that no browser executes, escaped so it cannot close its element.
 */
export function renderPlayerPage(sessionName: string, events: readonly unknown[]): string {
  const body = html`<div id="player"></div>
    <p id="player-error" class="player-error" hidden></p>
    <script type="application/json" id="recording-events">
      ${new SafeHtml(jsonForScript(events))}
    </script>`;
  return renderDocument({
    title: `Recording of ${sessionName}`,
    root: '../../',
    policy: PLAYER_POLICY,
    styles: [ASSETS.rrwebPlayerCss, ASSETS.playerCss],
    scripts: [ASSETS.rrwebPlayerJs, ASSETS.playerJs],
    body,
  });
}
