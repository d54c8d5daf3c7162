import { createHash } from 'node:crypto';
import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { DomSnapshot } from '../score/dom-snapshot.js';
import { writeFileAtomic } from '../shared/atomic-write.js';
import { UsageError } from '../shared/errors.js';
import {
  BASELINE_FORMAT,
  BASELINE_VERSION,
  CONTENT_FILE,
  MANIFEST_FILE,
  manifestSchema,
  type BaselineManifest,
  type ManifestCheckpoint,
} from './manifest.js';
import { sessionFolderName } from './session-folder.js';

/** The expected state of one checkpoint. */
export interface BaselineCheckpoint {
  id: string;
  url: string;
  png: Buffer;
  dom: DomSnapshot;
}

/** Everything stored for one session. */
export interface SessionBaselines {
  checkpoints: BaselineCheckpoint[];
  /** Page errors seen when the baseline was captured; the same errors at replay are not new. */
  pageErrors: string[];
  consoleErrors: string[];
}

/** Baselines read back from disk, with the folder they came from. */
export interface StoredBaselines {
  folder: string;
  /** Checkpoints by id, in manifest order. */
  checkpoints: Map<string, BaselineCheckpoint>;
  pageErrors: string[];
  consoleErrors: string[];
}

/** Returns the folder of a session's baselines inside `baselineDir`. */
export function sessionBaselineFolder(baselineDir: string, sessionName: string): string {
  return join(baselineDir, sessionFolderName(sessionName));
}

/**
 * Writes a session's baselines in three steps: every content file, then `manifest.json`,
 * then removal of files no longer referenced. Each file is written atomically, and the
 * manifest only references files already on disk, so a run killed at any point leaves a
 * readable manifest with all its files. Content files are named by their SHA-256, so an
 * unchanged screenshot keeps its file name and the same bytes are stored once.
 *
 * NOTE: two processes writing the same session at once can delete each other's new files;
 * the runner writes each session from one process.
 *
 * @throws Error when two checkpoints share an id.
 */
export async function writeBaselines(
  baselineDir: string,
  sessionName: string,
  baselines: SessionBaselines,
): Promise<void> {
  const folder = sessionBaselineFolder(baselineDir, sessionName);
  assertUniqueIds(baselines.checkpoints, sessionName);

  const contents = new Map<string, Uint8Array | string>();
  const checkpoints = baselines.checkpoints.map((checkpoint): ManifestCheckpoint => {
    const image = contentFileName(checkpoint.png, 'png');
    const json = `${JSON.stringify(checkpoint.dom, null, 2)}\n`;
    const dom = contentFileName(json, 'dom.json');
    contents.set(image, checkpoint.png);
    contents.set(dom, json);
    return { id: checkpoint.id, url: checkpoint.url, image, dom };
  });

  for (const [name, data] of contents) {
    await writeFileAtomic(join(folder, name), data);
  }

  const manifest: BaselineManifest = {
    format: BASELINE_FORMAT,
    version: BASELINE_VERSION,
    session: sessionName,
    checkpoints,
    pageErrors: baselines.pageErrors,
    consoleErrors: baselines.consoleErrors,
  };
  await writeFileAtomic(join(folder, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);

  await removeUnreferenced(folder, new Set(contents.keys()));
}

/**
 * Reads a session's baselines, or returns undefined when the session has no manifest.
 *
 * @throws UsageError naming the file and the fix when the manifest is invalid or a file it
 *   references is missing, unreadable or does not match its content hash.
 */
export async function readBaselines(
  baselineDir: string,
  sessionName: string,
): Promise<StoredBaselines | undefined> {
  const folder = sessionBaselineFolder(baselineDir, sessionName);
  const manifestPath = join(folder, MANIFEST_FILE);
  const fix = `Restore it from version control, or delete the folder ${folder} so the session has no stored baselines.`;

  let text: string;
  try {
    text = await readFile(manifestPath, 'utf8');
  } catch (error) {
    if (isNotFound(error)) {
      return undefined;
    }
    throw error;
  }

  const manifest = parseManifest(text, manifestPath, fix);
  const checkpoints = new Map<string, BaselineCheckpoint>();
  for (const entry of manifest.checkpoints) {
    if (checkpoints.has(entry.id)) {
      throw new UsageError(
        `Baseline manifest ${manifestPath} lists checkpoint "${entry.id}" twice. ${fix}`,
      );
    }
    const png = await readContentFile(folder, entry.image, fix);
    const json = (await readContentFile(folder, entry.dom, fix)).toString('utf8');
    const dom = parseDomSnapshot(json, join(folder, entry.dom), fix);
    checkpoints.set(entry.id, { id: entry.id, url: entry.url, png, dom });
  }
  return {
    folder,
    checkpoints,
    pageErrors: manifest.pageErrors,
    consoleErrors: manifest.consoleErrors,
  };
}

function contentFileName(data: Uint8Array | string, extension: 'png' | 'dom.json'): string {
  const hash = createHash('sha256').update(data).digest('hex');
  return `${hash.slice(0, 16)}.${extension}`;
}

function assertUniqueIds(checkpoints: BaselineCheckpoint[], sessionName: string): void {
  const seen = new Set<string>();
  for (const { id } of checkpoints) {
    if (seen.has(id)) {
      throw new Error(
        `Checkpoint id "${id}" appears twice in the baselines of session "${sessionName}".`,
      );
    }
    seen.add(id);
  }
}

/**
 * Deletes content files the new manifest does not reference, and temporary files that an
 * interrupted atomic write left behind. Other files in the folder are left alone.
 */
async function removeUnreferenced(folder: string, referenced: Set<string>): Promise<void> {
  for (const name of await readdir(folder)) {
    const isStaleContent = CONTENT_FILE.test(name) && !referenced.has(name);
    const isLeftoverTemporary = name.startsWith('.') && name.endsWith('.tmp');
    if (isStaleContent || isLeftoverTemporary) {
      await rm(join(folder, name), { force: true });
    }
  }
}

function parseManifest(text: string, path: string, fix: string): BaselineManifest {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new UsageError(`Baseline manifest ${path} is not valid JSON (${reason}). ${fix}`);
  }
  const result = manifestSchema.safeParse(data);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
    throw new UsageError(
      `Baseline manifest ${path} is invalid${where}: ${issue?.message ?? 'unknown problem'}. ${fix}`,
    );
  }
  return result.data as BaselineManifest;
}

async function readContentFile(folder: string, name: string, fix: string): Promise<Buffer> {
  const path = join(folder, name);
  let data: Buffer;
  try {
    data = await readFile(path);
  } catch (error) {
    const reason = isNotFound(error) ? 'is missing' : `cannot be read (${String(error)})`;
    throw new UsageError(`Baseline file ${path}, listed in ${MANIFEST_FILE}, ${reason}. ${fix}`);
  }
  // JSON.stringify never writes a raw carriage return, so CRLF can only come from a Git
  // checkout that converted line endings, and the hash is taken over the original LF text.
  const hashed = name.endsWith('.png') ? data : data.toString('utf8').replaceAll('\r\n', '\n');
  const extension = name.endsWith('.png') ? 'png' : 'dom.json';
  if (contentFileName(hashed, extension) !== name) {
    throw new UsageError(
      `Baseline file ${path} does not match its content hash, so it was changed after it was written. ${fix}`,
    );
  }
  return data;
}

function parseDomSnapshot(json: string, path: string, fix: string): DomSnapshot {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new UsageError(`Baseline DOM snapshot ${path} is not valid JSON (${reason}). ${fix}`);
  }
  const snapshot = data as Partial<DomSnapshot> | null;
  const isSnapshot =
    typeof snapshot === 'object' &&
    snapshot !== null &&
    typeof snapshot.url === 'string' &&
    typeof snapshot.title === 'string' &&
    typeof snapshot.root === 'object' &&
    snapshot.root !== null;
  if (!isSnapshot) {
    throw new UsageError(`Baseline DOM snapshot ${path} lacks url, title or root. ${fix}`);
  }
  return data as DomSnapshot;
}

function isNotFound(error: unknown): boolean {
  return (
    typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'ENOENT'
  );
}
