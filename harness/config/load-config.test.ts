import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UsageError } from '../shared/errors.js';
import { findConfigFile, loadConfigFile, readConfigFile } from './load-config.js';

const defineConfigPath = fileURLToPath(new URL('./define-config.ts', import.meta.url));

let folder: string;

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'replaygate-load-config-'));
});

afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

async function writeConfig(name: string, source: string): Promise<string> {
  const path = join(folder, name);
  await writeFile(path, source);
  return path;
}

describe('findConfigFile', () => {
  it('returns null without a config file', () => {
    expect(findConfigFile(undefined, folder)).toBeNull();
  });

  it('prefers .ts over .mjs', async () => {
    await writeConfig('replaygate.config.mjs', 'export default {};');
    const tsPath = await writeConfig('replaygate.config.ts', 'export default {};');
    expect(findConfigFile(undefined, folder)).toBe(tsPath);
  });

  it('finds .mts, .js and .mjs', async () => {
    for (const name of ['replaygate.config.mts', 'replaygate.config.js', 'replaygate.config.mjs']) {
      const path = await writeConfig(name, 'export default {};');
      expect(findConfigFile(undefined, folder)).toBe(path);
      await rm(path);
    }
  });

  it('resolves --config against cwd', async () => {
    await mkdir(join(folder, 'e2e'));
    const path = await writeConfig('e2e/custom.config.ts', 'export default {};');
    expect(findConfigFile('e2e/custom.config.ts', folder)).toBe(path);
  });

  it('rejects a missing --config file', () => {
    const call = () => findConfigFile('missing.config.ts', folder);
    expect(call).toThrow(UsageError);
    expect(call).toThrow(`Config file not found: ${join(folder, 'missing.config.ts')}`);
    expect(call).toThrow('drop --config');
  });

  it('rejects a folder passed as --config', async () => {
    await mkdir(join(folder, 'e2e'));
    expect(() => findConfigFile('e2e', folder)).toThrow('is a folder, not a file');
  });
});

describe('loadConfigFile', () => {
  it('loads a TypeScript config that imports defineConfig', async () => {
    const path = await writeConfig(
      'replaygate.config.ts',
      [
        `import { defineConfig, type ReplaygateConfig } from ${JSON.stringify(defineConfigPath)};`,
        'const retries: number = 2;',
        'const thresholds = { maxDiffPixelRatio: 0.01 } satisfies ReplaygateConfig["thresholds"];',
        'export default defineConfig({ serve: "dist", retries, thresholds });',
      ].join('\n'),
    );
    await expect(loadConfigFile(path)).resolves.toEqual({
      serve: 'dist',
      retries: 2,
      thresholds: { maxDiffPixelRatio: 0.01 },
    });
  });

  it('calls an exported function', async () => {
    const path = await writeConfig(
      'replaygate.config.mjs',
      'export default async () => ({ workers: 3 });',
    );
    await expect(loadConfigFile(path)).resolves.toEqual({ workers: 3 });
  });

  it('sees an edited file on the next load', async () => {
    const path = await writeConfig('replaygate.config.ts', 'export default { retries: 1 };');
    await expect(loadConfigFile(path)).resolves.toEqual({ retries: 1 });
    await writeFile(path, 'export default { retries: 2 };');
    await expect(loadConfigFile(path)).resolves.toEqual({ retries: 2 });
  });

  it('names the file when it throws', async () => {
    const path = await writeConfig(
      'replaygate.config.ts',
      'throw new Error("boom");\nexport default {};',
    );
    const result = loadConfigFile(path);
    await expect(result).rejects.toThrow(UsageError);
    await expect(loadConfigFile(path)).rejects.toThrow(`Failed to load config file ${path}: boom`);
  });

  it('names the file on a syntax error', async () => {
    const path = await writeConfig('replaygate.config.ts', 'export default { retries: };');
    await expect(loadConfigFile(path)).rejects.toThrow(`Failed to load config file ${path}`);
  });

  it('names the file when the config function throws', async () => {
    const path = await writeConfig(
      'replaygate.config.mjs',
      'export default () => { throw new Error("no env"); };',
    );
    await expect(loadConfigFile(path)).rejects.toThrow(
      `The config function exported by ${path} threw: no env`,
    );
  });

  it('rejects a file without a default export', async () => {
    const path = await writeConfig('replaygate.config.mjs', 'export const config = {};');
    await expect(loadConfigFile(path)).rejects.toThrow(`Config file ${path} has no default export`);
  });

  it('rejects a default export that is not an object', async () => {
    const path = await writeConfig('replaygate.config.mjs', 'export default ["dist"];');
    await expect(loadConfigFile(path)).rejects.toThrow('exports an array by default');
  });

  it('rejects a function that returns no object', async () => {
    const path = await writeConfig('replaygate.config.mjs', 'export default () => undefined;');
    await expect(loadConfigFile(path)).rejects.toThrow('returned undefined');
  });
});

describe('readConfigFile', () => {
  it('returns an empty config without a file', async () => {
    await expect(readConfigFile(undefined, folder)).resolves.toEqual({ path: null, config: {} });
  });
});
