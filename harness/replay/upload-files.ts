import { mkdir, mkdtemp, open, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChosenFile } from '../fixture/recording.js';

/** A file in memory, with the recorded name and MIME type, for Playwright's `setInputFiles`. */
export interface FileBuffer {
  name: string;
  mimeType: string;
  buffer: Buffer;
}

/**
 * The files of one `setInputFiles` call: all in memory, or all as paths, because Playwright
 * takes one kind per call.
 */
export type UploadPayloads = FileBuffer[] | string[];

/** The files of one upload step, with a note on any stand-ins. */
export interface UploadChoice {
  payloads: UploadPayloads;
  /**
   * Report text naming the files that are empty stand-ins or differ in size from the
   * recording. Undefined when every file came from the upload folder as recorded.
   */
  note?: string;
}

/** The files that upload steps choose, and the temporary files made for them. */
export interface UploadFiles {
  /** Returns the files to choose in place of the recorded ones, in order. */
  choose(files: readonly ChosenFile[]): Promise<UploadChoice>;
  /** Removes the temporary files. Call it when the session's page is closed. */
  dispose(): Promise<void>;
}

/**
 * Files that add up to this size go to the browser as buffers, which keep the recorded MIME
 * type. Playwright rejects buffers of more than 50 MB, so larger choices go as paths, and the
 * browser then takes each type from the file name.
 */
const MAX_BUFFER_BYTES = 32 * 1024 * 1024;

/**
 * Creates the files for the upload steps of one session. A recording keeps each chosen file's
 * name, type and size but not its content, so a file of the same name in `uploadDir` is used
 * when there is one. Any other file is replaced by zero bytes of the recorded size, which is
 * enough for an app that shows the name and size, but not for one that reads the content.
 */
export function createUploadFiles(uploadDir: string | undefined): UploadFiles {
  let folder: string | undefined;
  let placeholders = 0;

  /** Returns the file of the recorded name in `uploadDir` with its size, if there is one. */
  async function provided(name: string): Promise<{ path: string; size: number } | undefined> {
    if (uploadDir === undefined || !isPlainFileName(name)) {
      return undefined;
    }
    const path = join(uploadDir, name);
    const found = await stat(path).catch(() => undefined);
    return found?.isFile() ? { path, size: found.size } : undefined;
  }

  /** Writes a sparse file of `size` zero bytes under the recorded name, in a folder of its own. */
  async function placeholderPath(file: ChosenFile): Promise<string> {
    folder ??= await mkdtemp(join(tmpdir(), 'replaygate-uploads-'));
    const own = join(folder, String(placeholders++));
    await mkdir(own);
    const path = join(own, isPlainFileName(file.name) ? file.name : 'file');
    const handle = await open(path, 'w');
    try {
      await handle.truncate(file.size);
    } finally {
      await handle.close();
    }
    return path;
  }

  /** Returns the files as buffers when they fit, else as paths; `sources` are their files in `uploadDir`. */
  async function payloadsOf(
    files: readonly ChosenFile[],
    sources: ReadonlyArray<{ path: string; size: number } | undefined>,
    total: number,
  ): Promise<UploadPayloads> {
    if (total <= MAX_BUFFER_BYTES) {
      const buffers: FileBuffer[] = [];
      for (const [index, file] of files.entries()) {
        const source = sources[index];
        buffers.push({
          name: file.name,
          mimeType: file.type === '' ? 'application/octet-stream' : file.type,
          buffer: source === undefined ? Buffer.alloc(file.size) : await readFile(source.path),
        });
      }
      return buffers;
    }
    const paths: string[] = [];
    for (const [index, file] of files.entries()) {
      paths.push(sources[index]?.path ?? (await placeholderPath(file)));
    }
    return paths;
  }

  function noteOf(missing: string[], resized: string[]): { note?: string } {
    const parts: string[] = [];
    if (missing.length > 0) {
      const where = uploadDir === undefined ? 'no --upload-dir' : `not in ${uploadDir}`;
      parts.push(
        `${missing.join(', ')}: ${where}, so empty files of the recorded sizes were chosen`,
      );
    }
    parts.push(...resized);
    return parts.length === 0 ? {} : { note: parts.join('; ') };
  }

  return {
    async choose(files) {
      const sources = [];
      const missing: string[] = [];
      const resized: string[] = [];
      let total = 0;
      for (const file of files) {
        const source = await provided(file.name);
        sources.push(source);
        if (source === undefined) {
          missing.push(file.name);
        } else if (source.size !== file.size) {
          resized.push(`${file.name} has ${source.size} bytes, not ${file.size}`);
        }
        total += source?.size ?? file.size;
      }
      return { payloads: await payloadsOf(files, sources, total), ...noteOf(missing, resized) };
    },
    async dispose() {
      if (folder !== undefined) {
        await rm(folder, { recursive: true, force: true });
        folder = undefined;
      }
    },
  };
}

/**
 * Tells whether a recorded name can be used as a file name in a folder: not empty, no folder
 * separators, and not `.` or `..`, so a name from a recording cannot reach outside the folder.
 */
function isPlainFileName(name: string): boolean {
  return name !== '' && name !== '.' && name !== '..' && !/[/\\\0]/.test(name);
}
