import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ACTUAL_DOM_SUFFIX } from '../../harness/report/approve-baselines.js';
import type { FailureKind, ReplayReport, SessionStatus } from '../../harness/result/types.js';

/** Marker for an artifact a run did not produce, such as a checkpoint after a failed step. */
const MISSING = 'missing';

/** One checkpoint artifact whose content was not the same in every run. */
export interface DifferingArtifact {
  session: string;
  checkpoint: string;
  /** Number of different contents seen over the runs, a missing file counting as one. */
  versions: number;
  /** One-based numbers of the runs that did not produce the artifact. */
  missingInRuns: number[];
}

/** A session that did not pass in every run, with its status and first cause per run. */
export interface UnstableSession {
  session: string;
  statuses: Array<SessionStatus | 'no-result'>;
  firstCauses: Array<FailureKind | null>;
}

/** The differences between soak runs of the same build. */
export interface SoakComparison {
  runs: number;
  /** Distinct session and checkpoint pairs seen in any run. */
  checkpoints: number;
  differingScreenshots: DifferingArtifact[];
  /** Number of checkpoints with an expected screenshot (a stored baseline or the rendered recording) in at least one run. */
  expectedScreenshots: number;
  /**
   * Expected screenshots that differed: with no stored baselines these are renders of the
   * recording, so a difference is a race in rendering the baseline, not in the app.
   */
  differingExpectedScreenshots: DifferingArtifact[];
  /** Number of checkpoints with a DOM snapshot file in at least one run. */
  domSnapshots: number;
  differingDomSnapshots: DifferingArtifact[];
  /** Sessions whose status was not the same in every run: the ones a retry would call flaky. */
  flakySessions: UnstableSession[];
  /** Sessions that did not pass in at least one run, flaky or not. */
  sessionsNotAlwaysPassing: UnstableSession[];
}

interface RunArtifacts {
  screenshots: Map<string, string>;
  expectedScreenshots: Map<string, string>;
  domSnapshots: Map<string, string>;
}

/**
 * Compares the reports of several runs of the same recordings against the same build:
 * the bytes of every checkpoint's actual and expected screenshots, the content of its DOM
 * snapshot when the replay wrote one, and every session's status. `reports[i]` is run `i + 1`, or undefined
 * when that run wrote no report.
 *
 * Each run serves the app on a port of its own, and DOM snapshots store resolved URLs, so
 * the run's origin is replaced by a placeholder before DOM snapshots are compared.
 */
export async function compareRuns(
  reports: Array<ReplayReport | undefined>,
): Promise<SoakComparison> {
  const artifacts = await Promise.all(reports.map(collectArtifacts));
  const screenshotKeys = unionOfKeys(artifacts.map((run) => run.screenshots));
  const expectedKeys = unionOfKeys(artifacts.map((run) => run.expectedScreenshots));
  const domKeys = unionOfKeys(artifacts.map((run) => run.domSnapshots));

  const sessionNames = [
    ...new Set(reports.flatMap((report) => report?.sessions.map((session) => session.name) ?? [])),
  ].sort();
  const sessions = sessionNames.map((name) => sessionHistory(name, reports));

  return {
    runs: reports.length,
    checkpoints: screenshotKeys.length,
    differingScreenshots: differing(
      screenshotKeys,
      artifacts.map((run) => run.screenshots),
    ),
    expectedScreenshots: expectedKeys.length,
    differingExpectedScreenshots: differing(
      expectedKeys,
      artifacts.map((run) => run.expectedScreenshots),
    ),
    domSnapshots: domKeys.length,
    differingDomSnapshots: differing(
      domKeys,
      artifacts.map((run) => run.domSnapshots),
    ),
    flakySessions: sessions.filter((session) => new Set(session.statuses).size > 1),
    sessionsNotAlwaysPassing: sessions.filter((session) =>
      session.statuses.some((status) => status !== 'passed'),
    ),
  };
}

async function collectArtifacts(report: ReplayReport | undefined): Promise<RunArtifacts> {
  const screenshots = new Map<string, string>();
  const expectedScreenshots = new Map<string, string>();
  const domSnapshots = new Map<string, string>();
  if (report === undefined) {
    return { screenshots, expectedScreenshots, domSnapshots };
  }
  const origin = new URL(report.baseURL).origin;
  for (const session of report.sessions) {
    for (const checkpoint of session.checkpoints) {
      const key = `${session.name} ${checkpoint.id}`;
      const screenshot = join(session.outputDir, checkpoint.images.actual);
      if (existsSync(screenshot)) {
        screenshots.set(key, hash(await readFile(screenshot)));
      }
      const expected = checkpoint.images.expected
        ? join(session.outputDir, checkpoint.images.expected)
        : undefined;
      if (expected !== undefined && existsSync(expected)) {
        expectedScreenshots.set(key, hash(await readFile(expected)));
      }
      const dom = join(session.outputDir, `${checkpoint.id}${ACTUAL_DOM_SUFFIX}`);
      if (existsSync(dom)) {
        const text = (await readFile(dom, 'utf8')).replaceAll(origin, '<origin>');
        domSnapshots.set(key, hash(text));
      }
    }
  }
  return { screenshots, expectedScreenshots, domSnapshots };
}

function differing(keys: string[], runs: Array<Map<string, string>>): DifferingArtifact[] {
  const result: DifferingArtifact[] = [];
  for (const key of keys) {
    const contents = runs.map((run) => run.get(key) ?? MISSING);
    if (new Set(contents).size > 1) {
      const [session = '', checkpoint = ''] = key.split(' ');
      result.push({
        session,
        checkpoint,
        versions: new Set(contents).size,
        missingInRuns: contents.flatMap((content, index) =>
          content === MISSING ? [index + 1] : [],
        ),
      });
    }
  }
  return result;
}

function sessionHistory(name: string, reports: Array<ReplayReport | undefined>): UnstableSession {
  const results = reports.map((report) =>
    report?.sessions.find((session) => session.name === name),
  );
  return {
    session: name,
    statuses: results.map((session) => session?.status ?? 'no-result'),
    firstCauses: results.map((session) => session?.firstCause?.kind ?? null),
  };
}

function unionOfKeys(maps: Array<Map<string, string>>): string[] {
  return [...new Set(maps.flatMap((map) => [...map.keys()]))].sort();
}

function hash(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}
