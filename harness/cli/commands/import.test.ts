import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { importCommand } from './import.js';

const dialogExport = fileURLToPath(
  new URL('../../../tests/fixtures/import/rrweb/dialog-playback.json.gz', import.meta.url),
);

let folder: string;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'replaygate-import-cmd-'));
  await writeFile(join(folder, 'notes.txt'), 'x');
});

afterEach(() => {
  vi.restoreAllMocks();
});

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

async function runImport(inputs: string[], out: string): Promise<string> {
  vi.spyOn(process, 'cwd').mockReturnValue(folder);
  const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  const argv = { inputs, out, format: 'auto', _: [], $0: 'replaygate' };
  await importCommand.handler(argv as Parameters<typeof importCommand.handler>[0]);
  return write.mock.calls.map(([chunk]) => String(chunk)).join('');
}

describe('importCommand', () => {
  it('counts pages by Meta event', async () => {
    // The export has one Meta event and three full snapshots of the same page.
    const output = await runImport([dialogExport], join(folder, 'raw'));
    expect(output).toContain('12 events, 1 page loads, 0 exchanges');
  });

  it('rejects an --out that is a file', async () => {
    await expect(runImport([dialogExport], 'notes.txt')).rejects.toThrow(
      /--out: "notes.txt" is a file, not a folder/,
    );
  });
});
