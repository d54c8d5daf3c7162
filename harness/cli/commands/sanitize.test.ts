import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { sanitizeCommand } from './sanitize.js';

const fixture = fileURLToPath(
  new URL('../../../recordings/todomvc-vanillajs.replay.json.gz', import.meta.url),
);

let folder: string;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'replaygate-sanitize-cmd-'));
  await mkdir(join(folder, 'raw'));
  await copyFile(fixture, join(folder, 'raw', 'vanilla.replay.json.gz'));
  await writeFile(join(folder, 'notes.txt'), 'x');
  vi.stubEnv('REPLAYGATE_SANITIZE_KEY', 'ab'.repeat(32));
  vi.stubEnv('REPLAYGATE_SANITIZE_KEY_FILE', undefined);
});

afterEach(() => {
  vi.restoreAllMocks();
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await rm(folder, { recursive: true, force: true });
});

function runSanitize(inputs: string[], out: string): Promise<void> {
  vi.spyOn(process, 'cwd').mockReturnValue(folder);
  const argv = { inputs, out, _: [], $0: 'replaygate' };
  return sanitizeCommand.handler(
    argv as Parameters<typeof sanitizeCommand.handler>[0],
  ) as Promise<void>;
}

describe('sanitizeCommand', () => {
  it('rejects an --out that is a file', async () => {
    await expect(runSanitize(['raw'], 'notes.txt')).rejects.toThrow(
      /--out: "notes.txt" is a file, not a folder/,
    );
  });

  it('names --out when it contains every input', async () => {
    await expect(runSanitize(['raw'], 'raw')).rejects.toThrow(
      /Every recording in raw is inside --out raw/,
    );
  });
});
