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
