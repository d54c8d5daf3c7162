import { join } from 'node:path';
import type { CheckpointResult, ReplayReport, SessionResult } from '../harness/result/types.js';
import { writeFileAtomic } from '../harness/shared/atomic-write.js';
import { formatPercent, formatScore } from './console-format.js';
import { toXmlSafeText } from './text-safety.js';

/** The `name` of the test suite, and the `classname` of every test case. */
const SUITE_NAME = 'replaygate';

/** Escapes text for XML element content or a double-quoted attribute, after removing invalid characters. */
export function escapeXml(text: string): string {
  return toXmlSafeText(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** Escapes an attribute value; line breaks and tabs become character references so parsers keep them. */
function attribute(name: string, value: string): string {
  const escaped = escapeXml(value)
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;')
    .replace(/\t/g, '&#9;');
  return `${name}="${escaped}"`;
}

function seconds(milliseconds: number): string {
  return (Math.max(0, milliseconds) / 1000).toFixed(3);
}

function describeCheckpoint(session: SessionResult, checkpoint: CheckpointResult): string {
  const parts = [
    `checkpoint ${checkpoint.id} "${checkpoint.label}": fidelity ${formatScore(checkpoint.fidelity)}`,
  ];
  if (checkpoint.pixels) {
    parts.push(`${formatPercent(checkpoint.pixels.diffRatio)} of pixels differ`);
  }
  if (checkpoint.dom) {
    parts.push(`DOM similarity ${formatScore(checkpoint.dom.similarity)}`);
  }
  const images = [checkpoint.images.expected, checkpoint.images.actual, checkpoint.images.diff]
    .filter((image): image is string => image !== undefined)
    .map((image) => (session.outputDir === '' ? image : join(session.outputDir, image)));
  return [parts.join(', '), ...images.map((image) => `  ${image}`)].join('\n');
}

/** Builds the body of a `<failure>` or `<error>`: the first cause, then every failing checkpoint. */
function failureDetail(session: SessionResult): string {
  const lines: string[] = [];
  if (session.firstCause) {
    lines.push(`${session.firstCause.kind}: ${session.firstCause.message}`);
  }
  for (const checkpoint of session.checkpoints.filter((candidate) => !candidate.passed)) {
    lines.push(describeCheckpoint(session, checkpoint));
  }
  const unresolved = session.steps.find((step) => !step.resolved);
  if (unresolved) {
    lines.push(`step ${unresolved.index} (${unresolved.description}) did not resolve`);
  }
  if (session.tracePath) {
    lines.push(`trace: ${session.tracePath}`);
  }
  lines.push(`fixture: ${session.fixture}`);
  return lines.join('\n');
}

function causeMessage(session: SessionResult): string {
  const cause = session.firstCause;
  return cause ? `${cause.kind}: ${cause.message}` : `session ${session.status}`;
}

function renderOutcome(session: SessionResult): string[] {
  switch (session.status) {
    case 'failed':
      return [
        `<failure ${attribute('message', causeMessage(session))} ${attribute('type', session.firstCause?.kind ?? 'failed')}>${escapeXml(failureDetail(session))}</failure>`,
      ];
    case 'errored':
      return [
        `<error ${attribute('message', causeMessage(session))} ${attribute('type', session.firstCause?.kind ?? 'errored')}>${escapeXml(failureDetail(session))}</error>`,
      ];
    case 'skipped':
      return ['<skipped/>'];
    case 'flaky':
      return [
        `<system-out>${escapeXml(`Flaky: failed at first, then passed on attempt ${session.attempts}.`)}</system-out>`,
      ];
    case 'passed':
      return [];
  }
}

function renderTestCase(session: SessionResult): string[] {
  const open = `<testcase ${attribute('name', session.name)} ${attribute('classname', SUITE_NAME)} ${attribute('file', session.fixture)} ${attribute('time', seconds(session.durationMs))}`;
  const properties =
    session.fidelity === null
      ? []
      : [
          '  <properties>',
          `    <property ${attribute('name', 'fidelity')} ${attribute('value', formatScore(session.fidelity))}/>`,
          '  </properties>',
        ];
  const body = [...properties, ...renderOutcome(session).map((line) => `  ${line}`)];
  if (body.length === 0) {
    return [`${open}/>`];
  }
  return [`${open}>`, ...body, '</testcase>'];
}

/**
 * Renders the report as JUnit XML: one `<testsuite>` with a `<testcase>` per session. A
 * regression (`failed`) is a `<failure>` and a session that could not be replayed (`errored`)
 * an `<error>`, each with the first cause as its message. A flaky pass has a `<system-out>`
 * note, and a skipped session `<skipped/>`. ANSI codes and characters invalid in XML 1.0 are removed.
 */
export function renderJunitReport(report: ReplayReport): string {
  const { totals } = report;
  const counts = [
    attribute('tests', String(report.sessions.length)),
    attribute('failures', String(totals.failed)),
    attribute('errors', String(totals.errored)),
    attribute('skipped', String(totals.skipped)),
    attribute('time', seconds(report.durationMs)),
  ].join(' ');
  const properties = [
    '    <properties>',
    `      <property ${attribute('name', 'baseURL')} ${attribute('value', report.baseURL)}/>`,
    ...(report.shard
      ? [
          `      <property ${attribute('name', 'shard')} ${attribute('value', `${report.shard.current}/${report.shard.total}`)}/>`,
        ]
      : []),
    '    </properties>',
  ];
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites ${attribute('name', SUITE_NAME)} ${counts}>`,
    `  <testsuite ${attribute('name', SUITE_NAME)} ${attribute('timestamp', report.startedAt)} ${counts}>`,
    ...properties,
    ...report.sessions.flatMap(renderTestCase).map((line) => `    ${line}`),
    '  </testsuite>',
    '</testsuites>',
  ];
  return `${lines.join('\n')}\n`;
}

/** Writes {@link renderJunitReport}'s XML to `path` through a temporary file and a rename. */
export async function writeJunitReport(path: string, report: ReplayReport): Promise<void> {
  await writeFileAtomic(path, renderJunitReport(report));
}
