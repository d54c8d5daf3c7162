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
    const payloads = (await uploads.payloads([
      { name: 'avatar.png', type: 'image/png', size: 2048 },
      { name: 'notes', type: '', size: 0 },
    ])) as FileBuffer[];
    expect(payloads.map(({ name, mimeType }) => [name, mimeType])).toEqual([
      ['avatar.png', 'image/png'],
      ['notes', 'application/octet-stream'],
    ]);
    expect(payloads[0]!.buffer).toEqual(Buffer.alloc(2048));
    expect(payloads[1]!.buffer.length).toBe(0);
  });

  it('chooses the file of the recorded name in the upload folder', async () => {
    await writeFile(join(folder, 'orders.csv'), 'id,total\n1,9.99\n');
    const uploads = createUploadFiles(folder);
    const [file] = (await uploads.payloads([
      { name: 'orders.csv', type: 'text/csv', size: 3 },
    ])) as FileBuffer[];
    expect(file?.buffer.toString()).toBe('id,total\n1,9.99\n');
    expect(file?.mimeType).toBe('text/csv');
  });

  it('never reads outside the upload folder', async () => {
    await writeFile(join(folder, 'secret.txt'), 'outside');
    const uploads = createUploadFiles(join(folder, 'uploads'));
    const payloads = (await uploads.payloads([
      { name: '../secret.txt', type: 'text/plain', size: 4 },
    ])) as FileBuffer[];
    expect(payloads[0]!.buffer).toEqual(Buffer.alloc(4));
  });

  it('passes large files as paths and removes them on dispose', async () => {
    const uploads = createUploadFiles(undefined);
    const size = 40 * 1024 * 1024;
    const payloads = await uploads.payloads([
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
