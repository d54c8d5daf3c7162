import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { ReplayReport, SessionResult } from '../../harness/result/types.js';
import { sortWorstFirst } from '../console.js';
import { writeAssets } from './assets.js';
import { renderIndexPage } from './index-page.js';
import {
  checkReplaceable,
  createStagingFolder,
  REPORT_MARKER,
  replaceReportFolder,
} from './report-folder.js';
import { renderPlayerPage, renderSessionPage } from './session-page.js';
import { assignSlugs, copyCheckpointImages, copyTrace } from './session-files.js';
import type { RecordingState } from './session-sections.js';

/** Options of {@link writeHtmlReport}. */
export interface HtmlReportOptions {
  /** Folder of the report; it is replaced as a whole when the report is complete. */
  outputFolder: string;
  /**
   * Returns the session's recorded rrweb events (sanitized, as stored in its fixture) for the
   * embedded player, or undefined to leave the player out. A rejection is shown on the
   * session's page instead of the player.
   */
  recordingFor?: (session: SessionResult) => Promise<unknown[] | undefined>;
}

async function loadRecording(
  session: SessionResult,
  recordingFor: HtmlReportOptions['recordingFor'],
): Promise<{ state: RecordingState; events?: unknown[] }> {
  if (recordingFor === undefined) {
    return { state: { kind: 'not-provided' } };
  }
  try {
    const events = await recordingFor(session);
    if (events === undefined || events.length === 0) {
      return { state: { kind: 'not-provided' } };
    }
    return { state: { kind: 'available' }, events };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { state: { kind: 'unreadable', reason } };
  }
}

async function writeSessionFolder(
  root: string,
  session: SessionResult,
  slug: string,
  recordingFor: HtmlReportOptions['recordingFor'],
): Promise<void> {
  const folder = join(root, 'sessions', slug);
  await mkdir(folder, { recursive: true });
  const images = await copyCheckpointImages(session, folder);
  const traceCopied = await copyTrace(session, folder);
  const recording = await loadRecording(session, recordingFor);
  if (recording.events !== undefined) {
    await writeFile(join(folder, 'player.html'), renderPlayerPage(session.name, recording.events));
  }
  const page = renderSessionPage({
    session,
    slug,
    images,
    traceCopied,
    recording: recording.state,
  });
  await writeFile(join(folder, 'index.html'), page);
}

/**
 * Writes the HTML report of a replay run: `index.html` with every session, worst first, and
 * under `sessions/<name>/` a page per session with its screenshots, DOM changes, steps,
 * network log, errors, trace and recorded session. The folder opens from `file://` and needs no
 * network. It is built in a staging folder next to `outputFolder` and then renamed over it, so
 * a reader never sees half a report.
 *
 * @throws UsageError when `outputFolder` exists and is not an earlier replaygate report.
 */
export async function writeHtmlReport(
  report: ReplayReport,
  options: HtmlReportOptions,
): Promise<void> {
  const target = resolve(options.outputFolder);
  await checkReplaceable(target);
  const staging = await createStagingFolder(target);
  try {
    await writeAssets(staging);
    const sessions = sortWorstFirst(report.sessions);
    const slugs = assignSlugs(sessions);
    for (const session of sessions) {
      await writeSessionFolder(staging, session, slugs.get(session)!, options.recordingFor);
    }
    await writeFile(join(staging, 'index.html'), renderIndexPage(report, sessions, slugs));
    await writeFile(join(staging, REPORT_MARKER), 'replaygate HTML report\n');
    await replaceReportFolder(staging, target);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
}
