import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import type { DomSnapshot } from '../score/dom-snapshot.js';
import { writeFileAtomic } from '../shared/atomic-write.js';
import { UsageError } from '../shared/errors.js';
import type { BaselineManifest } from './manifest.js';
import {
  readBaselines,
  sessionBaselineFolder,
  writeBaselines,
  type SessionBaselines,
} from './baseline-store.js';

vi.mock('../shared/atomic-write.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../shared/atomic-write.js')>();
  return { writeFileAtomic: vi.fn(original.writeFileAtomic) };
});

const { writeFileAtomic: realWriteFileAtomic } = await vi.importActual<
  typeof import('../shared/atomic-write.js')
>('../shared/atomic-write.js');

function png(shade: number): Buffer {
  const image = new PNG({ width: 4, height: 4 });
  image.data.fill(shade);
  return PNG.sync.write(image);
}

function dom(text: string): DomSnapshot {
  return {
    url: 'http://127.0.0.1:4000/',
    title: 'Todos',
    root: {
      tag: 'html',
      attributes: {},
      children: [{ tag: 'body', attributes: {}, text, children: [] }],
    },
  };
}

function baselines(shade: number, text: string): SessionBaselines {
  return {
    checkpoints: [
      { id: 'p0-00', url: 'http://127.0.0.1:4000/', png: png(shade), dom: dom(text) },
      { id: 'p0-01', url: 'http://127.0.0.1:4000/#/active', png: png(shade), dom: dom(text) },
    ],
    pageErrors: ['ResizeObserver loop limit exceeded'],
    consoleErrors: ['Failed to load resource'],
  };
}

async function readManifest(folder: string): Promise<BaselineManifest> {
  return JSON.parse(await readFile(join(folder, 'manifest.json'), 'utf8')) as BaselineManifest;
}

describe('baseline store', () => {
  let baselineDir: string;

  beforeEach(async () => {
    baselineDir = await mkdtemp(join(tmpdir(), 'replaygate-baselines-'));
  });

  afterEach(async () => {
    vi.mocked(writeFileAtomic).mockImplementation(realWriteFileAtomic);
    await rm(baselineDir, { recursive: true, force: true });
  });

  test('write then read returns the same data', async () => {
    const written = baselines(200, 'Buy milk');
    await writeBaselines(baselineDir, 'add todo', written);
    const read = await readBaselines(baselineDir, 'add todo');
    expect(read?.folder).toBe(join(baselineDir, 'add todo'));
    expect([...read!.checkpoints.values()]).toEqual(written.checkpoints);
    expect(read?.checkpoints.get('p0-01')?.url).toBe('http://127.0.0.1:4000/#/active');
    expect(read?.pageErrors).toEqual(written.pageErrors);
    expect(read?.consoleErrors).toEqual(written.consoleErrors);
  });

  test('identical content shares one file', async () => {
    await writeBaselines(baselineDir, 'add todo', baselines(200, 'Buy milk'));
    const folder = sessionBaselineFolder(baselineDir, 'add todo');
    const manifest = await readManifest(folder);
    expect(manifest.format).toBe('replaygate.baselines');
    expect(manifest.session).toBe('add todo');
    expect(manifest.pageErrors).toEqual(['ResizeObserver loop limit exceeded']);
    const [first, second] = manifest.checkpoints;
    expect(first?.image).toMatch(/^[0-9a-f]{16}\.png$/);
    expect(first?.dom).toMatch(/^[0-9a-f]{16}\.dom\.json$/);
    expect(second?.image).toBe(first?.image);
    expect(second?.dom).toBe(first?.dom);
    const files = await readdir(folder);
    expect(files.sort()).toEqual([first!.image, first!.dom, 'manifest.json'].sort());
  });

  test('missing session returns undefined', async () => {
    expect(await readBaselines(baselineDir, 'never written')).toBeUndefined();
  });

  test('rewrite removes unreferenced files only', async () => {
    const folder = sessionBaselineFolder(baselineDir, 'add todo');
    await writeBaselines(baselineDir, 'add todo', baselines(200, 'Buy milk'));
    const first = (await readManifest(folder)).checkpoints[0]!;
    await writeFile(join(folder, 'README.md'), 'notes');
    await writeBaselines(baselineDir, 'add todo', baselines(100, 'Buy bread'));
    const second = (await readManifest(folder)).checkpoints[0]!;
    const files = await readdir(folder);
    expect(files).not.toContain(first.image);
    expect(files).not.toContain(first.dom);
    expect(files.sort()).toEqual(['README.md', second.image, second.dom, 'manifest.json'].sort());
  });

  test('interrupted write keeps the previous baselines', async () => {
    const previous = baselines(200, 'Buy milk');
    await writeBaselines(baselineDir, 'add todo', previous);
    vi.mocked(writeFileAtomic).mockImplementation(async (path, data) => {
      if (path.endsWith('manifest.json')) {
        throw new Error('killed before the manifest was written');
      }
      await realWriteFileAtomic(path, data);
    });

    await expect(
      writeBaselines(baselineDir, 'add todo', baselines(100, 'Buy bread')),
    ).rejects.toThrow('killed before the manifest was written');
    const read = await readBaselines(baselineDir, 'add todo');
    expect([...read!.checkpoints.values()]).toEqual(previous.checkpoints);
    const folder = sessionBaselineFolder(baselineDir, 'add todo');
    expect(await readdir(folder)).toHaveLength(5);

    vi.mocked(writeFileAtomic).mockImplementation(realWriteFileAtomic);
    await writeBaselines(baselineDir, 'add todo', previous);
    expect(await readdir(folder)).toHaveLength(3);
  });

  test('leftover temporary files are removed', async () => {
    const folder = sessionBaselineFolder(baselineDir, 'add todo');
    await writeBaselines(baselineDir, 'add todo', baselines(200, 'Buy milk'));
    await writeFile(join(folder, '.manifest.json.0123456789ab.tmp'), '{');
    await writeBaselines(baselineDir, 'add todo', baselines(200, 'Buy milk'));
    expect(await readdir(folder)).not.toContain('.manifest.json.0123456789ab.tmp');
  });

  test('duplicate checkpoint ids are rejected', async () => {
    const input = baselines(200, 'Buy milk');
    input.checkpoints[1]!.id = 'p0-00';
    await expect(writeBaselines(baselineDir, 'add todo', input)).rejects.toThrow(
      'Checkpoint id "p0-00" appears twice',
    );
  });

  test('session names become safe folders', async () => {
    await writeBaselines(baselineDir, '../escape/me', baselines(200, 'Buy milk'));
    expect(await readdir(baselineDir)).toEqual(['%2E%2E%2Fescape%2Fme']);
    expect(await readBaselines(baselineDir, '../escape/me')).toBeDefined();
  });

  test('CRLF checkout of a DOM file still reads', async () => {
    await writeBaselines(baselineDir, 'add todo', baselines(200, 'Buy milk'));
    const folder = sessionBaselineFolder(baselineDir, 'add todo');
    const path = join(folder, (await readManifest(folder)).checkpoints[0]!.dom);
    const text = await readFile(path, 'utf8');
    await writeFile(path, text.replaceAll('\n', '\r\n'));
    const read = await readBaselines(baselineDir, 'add todo');
    expect(read?.checkpoints.get('p0-00')?.dom).toEqual(dom('Buy milk'));
  });
});

describe('readBaselines errors', () => {
  let baselineDir: string;
  let folder: string;

  beforeEach(async () => {
    baselineDir = await mkdtemp(join(tmpdir(), 'replaygate-baselines-'));
    await writeBaselines(baselineDir, 'add todo', baselines(200, 'Buy milk'));
    folder = sessionBaselineFolder(baselineDir, 'add todo');
  });

  afterEach(async () => {
    await rm(baselineDir, { recursive: true, force: true });
  });

  async function readError(): Promise<UsageError> {
    const error: unknown = await readBaselines(baselineDir, 'add todo').catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(UsageError);
    return error as UsageError;
  }

  async function editManifest(edit: (manifest: Record<string, unknown>) => void): Promise<void> {
    const path = join(folder, 'manifest.json');
    const manifest = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
    edit(manifest);
    await writeFile(path, JSON.stringify(manifest));
  }

  test('truncated manifest names the file and the fix', async () => {
    const path = join(folder, 'manifest.json');
    const text = await readFile(path, 'utf8');
    await writeFile(path, text.slice(0, 40));
    const error = await readError();
    expect(error.message).toContain(`Baseline manifest ${path} is not valid JSON`);
    expect(error.message).toContain(`delete the folder ${folder}`);
  });

  test('wrong version names the field', async () => {
    await editManifest((manifest) => {
      manifest.version = 99;
    });
    expect((await readError()).message).toMatch(/is invalid at version: /);
  });

  test('file name outside the folder is rejected', async () => {
    await editManifest((manifest) => {
      (manifest.checkpoints as Array<Record<string, unknown>>)[0]!.image = '../../secret.png';
    });
    expect((await readError()).message).toContain('is invalid at checkpoints.0.image');
  });

  test('duplicate checkpoint in manifest is rejected', async () => {
    await editManifest((manifest) => {
      const checkpoints = manifest.checkpoints as Array<Record<string, unknown>>;
      checkpoints[1]!.id = checkpoints[0]!.id;
    });
    expect((await readError()).message).toContain('lists checkpoint "p0-00" twice');
  });

  test('missing content file is named', async () => {
    const manifest = JSON.parse(await readFile(join(folder, 'manifest.json'), 'utf8'));
    const image = join(folder, manifest.checkpoints[0].image as string);
    await rm(image);
    expect((await readError()).message).toContain(
      `Baseline file ${image}, listed in manifest.json, is missing`,
    );
  });

  test('changed content file fails its hash', async () => {
    const manifest = JSON.parse(await readFile(join(folder, 'manifest.json'), 'utf8'));
    const image = join(folder, manifest.checkpoints[0].image as string);
    await writeFile(image, png(10));
    expect((await readError()).message).toContain(
      `Baseline file ${image} does not match its content hash`,
    );
  });
});
