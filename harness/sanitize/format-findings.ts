import { relative } from 'node:path';
import type { AuditFinding, AuditReport } from './audit.js';

/** Shows a path relative to `cwd` when it lies below it. */
export function displayPath(path: string, cwd: string): string {
  const shown = relative(cwd, path);
  return shown === '' || shown.startsWith('..') ? path : shown;
}

/** Formats one finding as `fixture event N path: detector excerpt`, never with the value. */
export function formatFinding(finding: AuditFinding, cwd: string): string {
  const event = finding.eventIndex === undefined ? '' : ` event ${finding.eventIndex}`;
  return `${displayPath(finding.fixture, cwd)}${event} ${finding.path}: ${finding.detector} ${finding.excerpt}`;
}

/** Formats the listed findings of a report, plus a line for those not listed. */
export function formatFindings(report: AuditReport, cwd: string): string[] {
  const lines = report.findings.map((finding) => `  ${formatFinding(finding, cwd)}`);
  const unlisted = report.findingCount - report.findings.length;
  if (unlisted > 0) {
    lines.push(`  and ${unlisted} more in ${displayPath(report.fixture, cwd)}`);
  }
  return lines;
}

/** Sums replacement counts by detector, for a one-line summary such as `email 3, phone 1`. */
export function countsByDetector(counts: Readonly<Record<string, number>>): string {
  const totals = new Map<string, number>();
  for (const [key, count] of Object.entries(counts)) {
    const detector = key.slice(0, key.lastIndexOf('/'));
    totals.set(detector, (totals.get(detector) ?? 0) + count);
  }
  return [...totals]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([detector, count]) => `${detector} ${count}`)
    .join(', ');
}

/**
 * Paths of the places that the walkers in `walk/` sanitize: `meta.url`, the `data` of events
 * (except a custom event's `tag` and a plugin event's `plugin` name), and the URLs, headers,
 * bodies, status text and error of exchanges. A finding elsewhere (the session name, other
 * `meta` fields, extra event keys) stays whatever rule the config adds.
 */
const WALKED_PATHS = [
  /^meta\.url$/,
  /^events\[\d+\]\.data(?:[.[]|$)/,
  /^network\[\d+\]\.(?:pageUrl|error|request\.(?:url|headers|body)|response\.(?:headers|body|statusText))(?:[.[]|$)/,
];
const UNWALKED_EVENT_DATA = /^events\[\d+\]\.data\.(?:tag|plugin)$/;
/** Notes that the audit appends to a path, such as ` (base64-decoded)` or ` (URL-decoded)`. */
const PATH_NOTES = / \([^()]*\)(?: \([^()]*\))*$/;

/**
 * Tells whether the sanitizer walks the place of a finding, so a config rule can replace
 * the value there. `path` is an {@link AuditFinding} path, which may end in a note such as
 * ` (base64-decoded)`.
 *
 * Judged from the path alone: a finding in the `data` of an event that the walkers skip
 * (Load events, mouse and scroll events) carries `inSkippedEvent`, which {@link adviseFix}
 * checks too.
 */
export function isWalkedBySanitizer(path: string): boolean {
  const place = path.replace(PATH_NOTES, '');
  if (UNWALKED_EVENT_DATA.test(place)) {
    return false;
  }
  return WALKED_PATHS.some((walked) => walked.test(place));
}

const MAX_LISTED_PLACES = 5;

/**
 * Builds the advice for findings, one line per group. Values in places the sanitizer walks
 * need a config rule (or an allow entry). Values elsewhere need the raw recording changed,
 * because no rule reaches them.
 */
export function adviseFix(findings: readonly AuditFinding[]): string[] {
  const isWalked = (finding: AuditFinding) =>
    finding.inSkippedEvent !== true && isWalkedBySanitizer(finding.path);
  const unwalkedPaths = findings
    .filter((finding) => !isWalked(finding))
    .map((finding) => finding.path);
  const unwalked = [...new Set(unwalkedPaths)];
  const walked = findings.some(isWalked);
  const renameHint = unwalked.some((path) => path.startsWith('meta.name'))
    ? ' (for meta.name, rename the session)'
    : '';
  const lines: string[] = [];
  if (unwalked.length > 0) {
    const listed = unwalked.slice(0, MAX_LISTED_PLACES).join(', ');
    const more =
      unwalked.length > MAX_LISTED_PLACES ? ` and ${unwalked.length - MAX_LISTED_PLACES} more` : '';
    lines.push(
      `No config rule can replace the values in ${listed}${more}, because the sanitizer does not walk these places. ` +
        `Edit the raw recording to change or remove each value${renameHint}, ` +
        'or record the session again without it, and run sanitize again. ' +
        'An "allow" entry only makes the audit accept a value that is not sensitive, and the value stays in the fixture.',
    );
  }
  if (walked || unwalked.length === 0) {
    const opening = unwalked.length > 0 ? 'For the other values, add' : 'Add';
    lines.push(
      `${opening} a pattern, selector, JSON path or header rule under "sanitize" in the config, or an "allow" entry for values that are not sensitive, and run sanitize again.`,
    );
  }
  return lines;
}
