/**
 * Style sheets of the report, written to `assets/` as files because the pages' policy allows
 * no inline style. The palette follows the usual pass, fail and warning colours of CI tools.
 */

/** `assets/report.css`: the index and the session pages. */
export const REPORT_CSS = `
:root {
  --text: #1f2328;
  --muted: #59636e;
  --border: #d1d9e0;
  --surface: #ffffff;
  --background: #f6f8fa;
  --accent: #0969da;
  --passed: #1a7f37;
  --passed-bg: #dafbe1;
  --failed: #cf222e;
  --failed-bg: #ffebe9;
  --flaky: #9a6700;
  --flaky-bg: #fff8c5;
  --errored: #82071e;
  --errored-bg: #ffcecb;
  --skipped: #59636e;
  --skipped-bg: #eff2f5;
  --mono: ui-monospace, SFMono-Regular, 'SF Mono', Menlo, Consolas, 'Liberation Mono', monospace;
}
* { box-sizing: border-box; }
body {
  margin: 0;
  background: var(--background);
  color: var(--text);
  font: 14px/1.5 -apple-system, BlinkMacSystemFont, 'Segoe UI', 'Noto Sans', Helvetica, Arial, sans-serif;
}
a { color: var(--accent); text-decoration: none; }
a:hover { text-decoration: underline; }
code, pre { font-family: var(--mono); font-size: 12px; }
pre { margin: 0; white-space: pre-wrap; overflow-wrap: anywhere; }
h1 { font-size: 22px; margin: 0; font-weight: 600; }
h2 { font-size: 17px; margin: 0 0 12px; font-weight: 600; }
h3 { font-size: 14px; margin: 16px 0 8px; font-weight: 600; }
.wrap { max-width: 1280px; margin: 0 auto; padding: 0 24px; }
.page-header { background: var(--surface); border-bottom: 1px solid var(--border); padding: 20px 0 16px; }
.page-header .meta { color: var(--muted); margin: 6px 0 0; }
.crumbs { margin-bottom: 8px; font-size: 13px; }
main.wrap { padding-top: 20px; padding-bottom: 48px; }
.card { background: var(--surface); border: 1px solid var(--border); border-radius: 8px; padding: 16px; margin-bottom: 20px; }
.verdict { display: flex; gap: 16px; align-items: center; justify-content: space-between; flex-wrap: wrap; border-left-width: 4px; }
.verdict-pass { border-left-color: var(--passed); }
.verdict-fail { border-left-color: var(--failed); }
.verdict strong { font-size: 15px; }
.totals { color: var(--muted); }
.toolbar { display: flex; gap: 12px; align-items: center; justify-content: space-between; flex-wrap: wrap; margin-bottom: 12px; }
.filters { display: flex; gap: 6px; flex-wrap: wrap; }
.filter {
  font: inherit; cursor: pointer; border: 1px solid var(--border); background: var(--surface);
  color: var(--text); border-radius: 999px; padding: 3px 12px;
}
.filter:hover { background: var(--background); }
.filter.is-active { background: var(--text); border-color: var(--text); color: #fff; }
.filter .count { font-variant-numeric: tabular-nums; opacity: 0.75; margin-left: 4px; }
.search { font: inherit; border: 1px solid var(--border); border-radius: 6px; padding: 5px 10px; min-width: 240px; }
table { width: 100%; border-collapse: collapse; background: var(--surface); }
.table-card { padding: 0; overflow-x: auto; }
.table-card > h2 { padding: 14px 16px 6px; margin: 0; }
th, td { text-align: left; padding: 8px 12px; border-bottom: 1px solid var(--border); vertical-align: top; }
th { font-size: 12px; color: var(--muted); font-weight: 600; background: var(--background); white-space: nowrap; }
tbody tr:last-child td { border-bottom: none; }
tbody tr:hover td { background: #f6f8fa; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.name { font-weight: 600; overflow-wrap: anywhere; max-width: 320px; }
td.wrap-any, td code { overflow-wrap: anywhere; }
.cause { min-width: 280px; max-width: 520px; overflow-wrap: anywhere; }
.cause-kind { font-family: var(--mono); font-size: 12px; color: var(--muted); margin-right: 6px; white-space: nowrap; }
.cause-text { display: -webkit-box; -webkit-line-clamp: 3; -webkit-box-orient: vertical; overflow: hidden; }
.bad { color: var(--failed); font-weight: 600; }
.dim { color: var(--muted); }
.empty { color: var(--muted); padding: 16px; margin: 0; }
.badge {
  display: inline-block; border-radius: 999px; padding: 1px 9px; font-size: 12px; font-weight: 600;
  line-height: 18px; white-space: nowrap; vertical-align: middle;
}
.badge-passed, .badge-app, .badge-resolved { color: var(--passed); background: var(--passed-bg); }
.badge-failed, .badge-blocked, .badge-unresolved { color: var(--failed); background: var(--failed-bg); }
.badge-flaky { color: var(--flaky); background: var(--flaky-bg); }
.badge-errored { color: var(--errored); background: var(--errored-bg); }
.badge-skipped { color: var(--skipped); background: var(--skipped-bg); }
.badge-recorded { color: var(--accent); background: #ddf4ff; }
h1 .badge { font-size: 13px; margin-left: 8px; }
.facts { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: 12px 24px; margin: 16px 0 0; }
.facts div { min-width: 0; }
.facts dt { color: var(--muted); font-size: 12px; }
.facts dd { margin: 0; font-weight: 600; font-variant-numeric: tabular-nums; overflow-wrap: anywhere; }
.facts .wide { grid-column: 1 / -1; }
.facts .wide dd { font-weight: 400; font-family: var(--mono); font-size: 12px; }
.cause-card { border-left: 4px solid var(--failed); }
.cause-card p { margin: 0 0 6px; overflow-wrap: anywhere; }
.section-nav { display: flex; gap: 18px; flex-wrap: wrap; margin-bottom: 20px; font-weight: 600; }
.section-nav .count { color: var(--muted); font-weight: 400; }
.timeline { list-style: none; display: flex; flex-wrap: wrap; gap: 6px; padding: 0; margin: 0 0 16px; }
.timeline a {
  display: block; border: 1px solid var(--border); border-radius: 6px; padding: 4px 10px;
  font-size: 12px; font-variant-numeric: tabular-nums; color: var(--text); background: var(--surface);
}
.timeline a.tick-passed { border-left: 4px solid var(--passed); }
.timeline a.tick-failed { border-left: 4px solid var(--failed); background: var(--failed-bg); }
.timeline a:hover { text-decoration: none; border-color: var(--accent); }
details.checkpoint { border: 1px solid var(--border); border-radius: 8px; background: var(--surface); margin-bottom: 10px; }
details.checkpoint > summary {
  cursor: pointer; padding: 10px 14px; display: flex; gap: 10px; align-items: center; flex-wrap: wrap;
  list-style-position: inside;
}
details.checkpoint[open] > summary { border-bottom: 1px solid var(--border); }
.cp-title { font-weight: 600; overflow-wrap: anywhere; }
.cp-meta { color: var(--muted); font-size: 12px; margin-left: auto; font-variant-numeric: tabular-nums; }
.cp-body { padding: 14px; }
.cp-urls { margin: 0 0 12px; color: var(--muted); overflow-wrap: anywhere; }
.warning { color: var(--flaky); }
.view-tabs { display: inline-flex; border: 1px solid var(--border); border-radius: 6px; overflow: hidden; margin-bottom: 10px; }
.view-tabs button {
  font: inherit; font-size: 13px; border: 0; border-right: 1px solid var(--border); background: var(--surface);
  padding: 4px 12px; cursor: pointer; color: var(--text);
}
.view-tabs button:last-child { border-right: 0; }
.view-tabs button[aria-selected='true'] { background: var(--accent); color: #fff; }
.slider-stage {
  position: relative; overflow: hidden; border: 1px solid var(--border); border-radius: 6px;
  cursor: ew-resize; user-select: none; touch-action: none; background: #fff; line-height: 0;
}
.slider-stage img { display: block; width: 100%; height: auto; pointer-events: none; }
.expected-layer { position: absolute; inset: 0; clip-path: inset(0 50% 0 0); }
.slider-handle { position: absolute; top: 0; bottom: 0; left: 50%; width: 2px; margin-left: -1px; background: var(--accent); }
.slider-handle::after {
  content: ''; position: absolute; top: 50%; left: -7px; width: 16px; height: 16px; margin-top: -8px;
  border-radius: 50%; background: var(--accent); border: 2px solid #fff; box-shadow: 0 0 0 1px var(--accent);
}
.stage-label {
  position: absolute; top: 8px; padding: 2px 8px; border-radius: 4px; background: rgba(31, 35, 40, 0.75);
  color: #fff; font-size: 12px; line-height: 18px;
}
.stage-label.left { left: 8px; }
.stage-label.right { right: 8px; }
.slider-range { width: 100%; margin: 8px 0 0; accent-color: var(--accent); }
.side-by-side { display: grid; grid-template-columns: 1fr 1fr; gap: 12px; }
figure { margin: 0; min-width: 0; }
figcaption { font-size: 12px; color: var(--muted); margin-bottom: 4px; font-weight: 600; }
figure img { display: block; width: 100%; height: auto; border: 1px solid var(--border); border-radius: 6px; }
.dom-details { margin-top: 16px; }
.dom-details > summary { cursor: pointer; font-weight: 600; margin-bottom: 8px; }
.nowrap { white-space: nowrap; }
.missing { color: var(--failed); margin: 0; }
.change-type { font-family: var(--mono); font-size: 12px; font-weight: 600; }
.change-added { color: var(--passed); }
.change-removed { color: var(--failed); }
.change-text, .change-attribute { color: var(--flaky); }
tr.unresolved td { background: var(--failed-bg); }
tr.blocked td { background: #fff5f5; }
.error-list { list-style: none; margin: 0; padding: 0; }
.error-list li { border-left: 3px solid var(--failed); background: var(--failed-bg); padding: 8px 12px; border-radius: 4px; margin-bottom: 8px; }
.command { background: #1f2328; color: #f0f3f6; padding: 10px 14px; border-radius: 6px; margin: 8px 0; }
.player-frame { display: block; width: 100%; height: 680px; border: 1px solid var(--border); border-radius: 8px; background: #fff; }
footer { color: var(--muted); font-size: 12px; padding: 0 0 32px; }
[hidden] { display: none !important; }
`;

/** `assets/player.css`: the page that hosts rrweb-player, on top of rrweb-player's own CSS. */
export const PLAYER_CSS = `
html, body { margin: 0; height: 100%; background: #fff; }
body { font: 13px/1.4 -apple-system, BlinkMacSystemFont, 'Segoe UI', 'Noto Sans', Helvetica, Arial, sans-serif; }
body { display: flex; justify-content: center; align-items: flex-start; padding: 8px 0; overflow: hidden; }
.player-error { font: 14px/1.5 system-ui, sans-serif; color: #cf222e; padding: 16px; margin: 0; }
`;
