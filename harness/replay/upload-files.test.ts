import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createUploadFiles, type FileBuffer } from './upload-files.js';

let folder: string;

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'replaygate-upload-test-'));
});

afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('createUploadFiles', () => {
  it('fills a missing file with zero bytes', async () => {
    const uploads = createUploadFiles(undefined);
    const { payloads, note } = await uploads.choose([
      { name: 'avatar.png', type: 'image/png', size: 2048 },
      { name: 'notes', type: '', size: 0 },
    ]);
    const buffers = payloads as FileBuffer[];
    expect(buffers.map(({ name, mimeType }) => [name, mimeType])).toEqual([
      ['avatar.png', 'image/png'],
      ['notes', 'application/octet-stream'],
    ]);
    expect(buffers[0]!.buffer).toEqual(Buffer.alloc(2048));
    expect(buffers[1]!.buffer.length).toBe(0);
    expect(note).toBe(
      'avatar.png, notes: no --upload-dir, so empty files of the recorded sizes were chosen',
    );
  });

  it('chooses the file of the recorded name in the upload folder', async () => {
    const content = 'id,total\n1,9.99\n';
    await writeFile(join(folder, 'orders.csv'), content);
    const uploads = createUploadFiles(folder);
    const { payloads, note } = await uploads.choose([
      { name: 'orders.csv', type: 'text/csv', size: content.length },
    ]);
    const [file] = payloads as FileBuffer[];
    expect(file?.buffer.toString()).toBe(content);
    expect(file?.mimeType).toBe('text/csv');
    expect(note).toBeUndefined();
  });

  it('notes a provided file of another size', async () => {
    await writeFile(join(folder, 'orders.csv'), 'id\n');
    const uploads = createUploadFiles(folder);
    const { note } = await uploads.choose([{ name: 'orders.csv', type: 'text/csv', size: 40 }]);
    expect(note).toBe('orders.csv has 3 bytes, not 40');
  });

  it('never reads outside the upload folder', async () => {
    await writeFile(join(folder, 'secret.txt'), 'outside');
    const uploads = createUploadFiles(join(folder, 'uploads'));
    const { payloads } = await uploads.choose([
      { name: '../secret.txt', type: 'text/plain', size: 4 },
    ]);
    expect((payloads as FileBuffer[])[0]!.buffer).toEqual(Buffer.alloc(4));
  });

  it('passes large files as paths and removes them on dispose', async () => {
    const uploads = createUploadFiles(undefined);
    const size = 40 * 1024 * 1024;
    const { payloads } = await uploads.choose([
      { name: 'clip.mp4', type: 'video/mp4', size },
      { name: '../clip.mp4', type: 'video/mp4', size: 1 },
    ]);
    const [large, unsafe] = payloads as string[];
    expect(basename(large!)).toBe('clip.mp4');
    expect((await stat(large!)).size).toBe(size);
    // A name with a folder in it keeps its size under a neutral name.
    expect(basename(unsafe!)).toBe('file');
    expect((await stat(unsafe!)).size).toBe(1);
    await uploads.dispose();
    await expect(stat(large!)).rejects.toThrow(/ENOENT/);
  });
});
