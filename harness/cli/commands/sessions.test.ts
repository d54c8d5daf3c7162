import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../shared/errors.js';
import { checkStoreFolder, sessionsCommand } from './sessions.js';

let folder: string;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'replaygate-sessions-'));
  await writeFile(join(folder, 'file.txt'), 'x');
  await mkdir(join(folder, 'store', 'sessions'), { recursive: true });
  await mkdir(join(folder, 'out-folder'));
});

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('checkStoreFolder', () => {
  it('accepts a folder', async () => {
    await expect(checkStoreFolder(join(folder, 'store'))).resolves.toBeUndefined();
  });

  it('rejects a missing store', async () => {
    await expect(checkStoreFolder(join(folder, 'absent'))).rejects.toThrow(UsageError);
    await expect(checkStoreFolder(join(folder, 'absent'))).rejects.toThrow(
      /"[^"]+absent" not found/,
    );
  });

  it('allows a missing store when asked', async () => {
    await expect(checkStoreFolder(join(folder, 'absent'), true)).resolves.toBeUndefined();
  });

  it('rejects a store that is a file', async () => {
    await expect(checkStoreFolder(join(folder, 'file.txt'), true)).rejects.toThrow(
      /is a file, not a folder/,
    );
  });
});

async function runSessions(args: string[]): Promise<unknown> {
  const { default: yargs } = await import('yargs');
  return yargs()
    .command(sessionsCommand)
    .strict()
    .fail(false)
    .parseAsync(['sessions', ...args]);
}

describe('sessionsCommand', () => {
  it('rejects an export --out folder', async () => {
    await expect(
      runSessions([
        'export',
        'abcdefgh1',
        '--store',
        join(folder, 'store'),
        '--out',
        join(folder, 'out-folder'),
      ]),
    ).rejects.toThrow(
      /--out: ".+out-folder" is a folder\. Pass a file path such as .+abcdefgh1\.replay\.json\.gz/,
    );
  });

  it('rejects a list store that is a file', async () => {
    await expect(runSessions(['list', '--store', join(folder, 'file.txt')])).rejects.toThrow(
      /is a file, not a folder/,
    );
  });
});
