import type { CheckpointResult, DomComparison } from '../../harness/result/types.js';
import { html, relativeUrl, type SafeHtml } from './escape.js';
import { badge, percentText, scoreText } from './format.js';
import type { CheckpointImages, ReportImage } from './session-files.js';

/** Returns the anchor of a checkpoint card. It uses the position, because checkpoint ids are data. */
export function checkpointAnchor(position: number): string {
  return `checkpoint-${position + 1}`;
}

function imageSource(image: ReportImage | undefined): string | undefined {
  return image !== undefined && 'href' in image ? relativeUrl(image.href) : undefined;
}

function figure(caption: string, image: ReportImage | undefined): SafeHtml {
  if (image === undefined) {
    return html`<figure>
      <figcaption>${caption}</figcaption>
      <p class="dim">No image.</p>
    </figure>`;
  }
  if ('missing' in image) {
    return html`<figure>
      <figcaption>${caption}</figcaption>
      <p class="missing">
        Image not found in the session's output folder: <code>${image.missing}</code>
      </p>
    </figure>`;
  }
  return html`<figure>
    <figcaption>${caption}</figcaption>
    <img src="${relativeUrl(image.href)}" alt="${image.role} screenshot" loading="lazy" />
  </figure>`;
}

function sliderView(expected: string, actual: string): SafeHtml {
  return html`<div class="view" data-view-panel="slider">
    <div class="slider-stage" data-slider>
      <img src="${actual}" alt="Actual screenshot" loading="lazy" />
      <div class="expected-layer" data-expected-layer>
        <img src="${expected}" alt="Expected screenshot" loading="lazy" />
      </div>
      <div class="slider-handle" data-handle></div>
      <span class="stage-label left">Expected</span><span class="stage-label right">Actual</span>
    </div>
    <input
      type="range"
      class="slider-range"
      min="0"
      max="100"
      value="50"
      data-slider-range
      aria-label="Part of the expected screenshot shown, in percent"
    />
  </div>`;
}

/**
 * Renders the image comparison: a slider, side-by-side and diff view when both screenshots
 * exist, otherwise the images there are.
 */
function renderComparison(images: CheckpointImages): SafeHtml {
  const expected = imageSource(images.expected);
  const actual = imageSource(images.actual);
  if (expected === undefined || actual === undefined) {
    return html`<div class="side-by-side">
        ${figure('Expected', images.expected)}${figure('Actual', images.actual)}
      </div>
      ${images.diff !== undefined && figure('Diff', images.diff)}`;
  }
  const tab = (view: string, label: string, selected: boolean) =>
    html`<button type="button" role="tab" data-view="${view}" aria-selected="${String(selected)}">
      ${label}
    </button>`;
  return html`<div class="comparison" data-comparison>
    <div class="view-tabs" role="tablist">
      ${tab('slider', 'Slider', true)}${tab('side', 'Side by side', false)}${images.diff !== undefined && tab('diff', 'Diff', false)}
    </div>
    ${sliderView(expected, actual)}
    <div class="view side-by-side" data-view-panel="side" hidden>
      ${figure('Expected', images.expected)}${figure('Actual', images.actual)}
    </div>
    ${images.diff !== undefined && html`<div class="view" data-view-panel="diff" hidden>${figure('Diff (changed pixels in red)', images.diff)}</div>`}
  </div>`;
}

/** Renders the list of DOM changes, or a line stating that the visible DOM is equal. */
export function renderDomChanges(dom: DomComparison | undefined): SafeHtml {
  if (dom === undefined) {
    return html`<p class="dim">The DOM was not compared.</p>`;
  }
  if (dom.changes.length === 0 && dom.omittedChanges === 0) {
    return html`<p class="dim">The visible DOM is equal.</p>`;
  }
  const rows = dom.changes.map(
    (change) =>
      html`<tr>
        <td><span class="change-type change-${change.type}">${change.type}</span></td>
        <td class="wrap-any"><code>${change.path}</code></td>
        <td class="wrap-any">
          ${change.attribute === undefined ? '' : html`<code>${change.attribute}</code>`}
        </td>
        <td class="wrap-any">
          ${change.expected === undefined ? html`<span class="dim">–</span>` : html`<code>${change.expected}</code>`}
        </td>
        <td class="wrap-any">
          ${change.actual === undefined ? html`<span class="dim">–</span>` : html`<code>${change.actual}</code>`}
        </td>
      </tr>`,
  );
  return html`<table class="dom-changes">
      <thead>
        <tr>
          <th>Change</th>
          <th>Path</th>
          <th>Attribute</th>
          <th>Expected</th>
          <th>Actual</th>
        </tr>
      </thead>
      <tbody>
        ${rows}
      </tbody>
    </table>
    ${dom.omittedChanges > 0 && html`<p class="dim">${dom.omittedChanges} more ${dom.omittedChanges === 1 ? 'change is' : 'changes are'} not listed.</p>`}`;
}

/** DOM change lists longer than this start collapsed, so the images stay in view. */
const OPEN_CHANGE_LIMIT = 10;

function renderDomSection(dom: DomComparison | undefined): SafeHtml {
  const count = dom === undefined ? 0 : dom.changes.length + dom.omittedChanges;
  if (count === 0) {
    return html`<h3>DOM changes</h3>
      ${renderDomChanges(dom)}`;
  }
  return html`<details class="dom-details" ${count <= OPEN_CHANGE_LIMIT ? html` open` : ''}>
    <summary>DOM changes (${count})</summary>
    ${renderDomChanges(dom)}
  </details>`;
}

function renderSummaryLine(checkpoint: CheckpointResult): SafeHtml {
  const step =
    checkpoint.afterStep < 0 ? 'before the first step' : `after step ${checkpoint.afterStep}`;
  return html`${badge(checkpoint.passed ? 'passed' : 'failed')}
    <span class="cp-title">${checkpoint.label}</span>
    <span class="cp-meta"
      >${step} · fidelity ${scoreText(checkpoint.fidelity)} · pixels
      ${percentText(checkpoint.pixels?.diffRatio)} · DOM
      ${scoreText(checkpoint.dom?.similarity)}</span
    >`;
}

function renderUrls(checkpoint: CheckpointResult): SafeHtml {
  const expectedUrl =
    checkpoint.expectedUrl !== undefined && checkpoint.expectedUrl !== checkpoint.url
      ? html` · expected <code>${checkpoint.expectedUrl}</code>`
      : '';
  const mismatch = checkpoint.pixels?.sizeMismatch;
  const sizes = mismatch
    ? html`<br /><span class="warning"
          >Screenshot sizes differ: expected ${mismatch.expected.width}×${mismatch.expected.height},
          actual ${mismatch.actual.width}×${mismatch.actual.height}.</span
        >`
    : '';
  const source =
    checkpoint.baselineSource === undefined
      ? ''
      : ` · baseline from the ${checkpoint.baselineSource === 'stored' ? 'stored baselines' : 'recording'}`;
  return html`<p class="cp-urls">
    URL <code>${checkpoint.url}</code>${expectedUrl}${source}${sizes}
  </p>`;
}

/**
 * Renders one checkpoint as a collapsible card with its images and DOM changes. A closed card
 * loads no image until it is opened.
 */
export function renderCheckpoint(
  checkpoint: CheckpointResult,
  position: number,
  images: CheckpointImages,
  open: boolean,
): SafeHtml {
  return html`<details class="checkpoint" id="${checkpointAnchor(position)}" ${open && html` open`}>
    <summary>${renderSummaryLine(checkpoint)}</summary>
    <div class="cp-body">
      ${renderUrls(checkpoint)} ${renderComparison(images)} ${renderDomSection(checkpoint.dom)}
    </div>
  </details>`;
}

/** Renders the timeline: one link per checkpoint, coloured by its outcome. */
export function renderTimeline(checkpoints: readonly CheckpointResult[]): SafeHtml {
  const items = checkpoints.map(
    (checkpoint, position) =>
      html`<li>
        <a
          class="tick-${checkpoint.passed ? 'passed' : 'failed'}"
          href="#${checkpointAnchor(position)}"
          title="${checkpoint.label}"
          >${position + 1} · ${scoreText(checkpoint.fidelity)}</a
        >
      </li>`,
  );
  return html`<ol class="timeline" aria-label="Checkpoints in replay order">
    ${items}
  </ol>`;
}
