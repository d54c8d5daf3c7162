import { copyFile, mkdir, stat } from 'node:fs/promises';
import { extname, isAbsolute, join, relative, resolve } from 'node:path';
import type { CheckpointResult, SessionResult } from '../../harness/result/types.js';

/** Role of a checkpoint image. */
export type ImageRole = 'expected' | 'actual' | 'diff';

/** One checkpoint image as the session page shows it. */
export type ReportImage =
  /** `href` is relative to the session page. */
  | { role: ImageRole; href: string }
  /** The report names an image that could not be copied; `path` is the name as reported. */
  | { role: ImageRole; missing: string };

/** The copied images of one checkpoint, keyed by role; a role the result lacks is absent. */
export type CheckpointImages = Partial<Record<ImageRole, ReportImage>>;

const IMAGE_ROLES: readonly ImageRole[] = ['expected', 'actual', 'diff'];
const IMAGE_EXTENSIONS = new Set(['.png', '.jpg', '.jpeg', '.webp']);
const MAX_SLUG_LENGTH = 60;

/**
 * Gives every session a folder name made of `a-z`, `0-9` and `-` only, unique within the
 * report. Session names come from fixture files and may contain anything, so they never reach a
 * path or URL unchanged.
 */
export function assignSlugs(sessions: readonly SessionResult[]): Map<SessionResult, string> {
  const slugs = new Map<SessionResult, string>();
  const used = new Set<string>();
  for (const session of sessions) {
    const base =
      session.name
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .slice(0, MAX_SLUG_LENGTH)
        .replace(/^-+|-+$/g, '') || 'session';
    let slug = base;
    for (let suffix = 2; used.has(slug); suffix += 1) {
      slug = `${base}-${suffix}`;
    }
    used.add(slug);
    slugs.set(session, slug);
  }
  return slugs;
}

/**
 * Resolves `path` against `folder`, or returns undefined when the result lies outside the
 * folder. Report paths are data, so a `../` in one must not copy a file from elsewhere into a
 * report that may be published as a CI artifact.
 */
function resolveInside(folder: string, path: string): string | undefined {
  const resolved = resolve(folder, path);
  const fromFolder = relative(folder, resolved);
  if (fromFolder === '' || fromFolder.startsWith('..') || isAbsolute(fromFolder)) {
    return undefined;
  }
  return resolved;
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

async function copyImage(
  session: SessionResult,
  reported: string,
  targetFolder: string,
  fileName: string,
): Promise<boolean> {
  const source = resolveInside(session.outputDir, reported);
  const extension = extname(reported).toLowerCase();
  if (source === undefined || !IMAGE_EXTENSIONS.has(extension) || !(await isFile(source))) {
    return false;
  }
  await copyFile(source, join(targetFolder, `${fileName}${extension}`));
  return true;
}

/**
 * Copies the expected, actual and diff images of every checkpoint from the session's output
 * folder into `sessionFolder/images`, named by checkpoint position and role. Returns the
 * images of each checkpoint in checkpoint order.
 */
export async function copyCheckpointImages(
  session: SessionResult,
  sessionFolder: string,
): Promise<CheckpointImages[]> {
  const imageFolder = join(sessionFolder, 'images');
  await mkdir(imageFolder, { recursive: true });
  const copied: CheckpointImages[] = [];
  for (const [position, checkpoint] of session.checkpoints.entries()) {
    copied.push(await copyImagesOf(session, checkpoint, position, imageFolder));
  }
  return copied;
}

async function copyImagesOf(
  session: SessionResult,
  checkpoint: CheckpointResult,
  position: number,
  imageFolder: string,
): Promise<CheckpointImages> {
  const images: CheckpointImages = {};
  for (const role of IMAGE_ROLES) {
    const reported = checkpoint.images[role];
    if (reported === undefined) {
      continue;
    }
    const fileName = `${String(position + 1).padStart(3, '0')}-${role}`;
    const extension = extname(reported).toLowerCase();
    images[role] = (await copyImage(session, reported, imageFolder, fileName))
      ? { role, href: `images/${fileName}${extension}` }
      : { role, missing: reported };
  }
  return images;
}

/**
 * Copies the session's Playwright trace into the session folder as `trace.zip`. Returns false
 * when the session has no trace, or the trace is not a `.zip` file inside the session's
 * output folder.
 */
export async function copyTrace(session: SessionResult, sessionFolder: string): Promise<boolean> {
  if (session.tracePath === undefined || extname(session.tracePath).toLowerCase() !== '.zip') {
    return false;
  }
  const source = resolveInside(session.outputDir, session.tracePath);
  if (source === undefined || !(await isFile(source))) {
    return false;
  }
  await copyFile(source, join(sessionFolder, 'trace.zip'));
  return true;
}
