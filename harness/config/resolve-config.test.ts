import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UsageError } from '../shared/errors.js';
import { resolveConfig, resolveWorkers, type ResolveConfigInput } from './resolve-config.js';

let cwd: string;

beforeEach(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'replaygate-resolve-config-'));
});

afterEach(async () => {
  await rm(cwd, { recursive: true, force: true });
});

async function writeConfig(source: string, name = 'replaygate.config.ts'): Promise<string> {
  const path = join(cwd, name);
  await mkdir(join(path, '..'), { recursive: true });
  await writeFile(path, source);
  return path;
}

function resolveWith(input: Partial<ResolveConfigInput>) {
  return resolveConfig({ argv: {}, env: {}, cwd, ...input });
}

async function errorOf(input: Partial<ResolveConfigInput>): Promise<UsageError> {
  try {
    await resolveWith(input);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return error as UsageError;
  }
  throw new Error('resolveConfig succeeded but an error was expected');
}

describe('resolveConfig render cache', () => {
  it('prefers flag, then environment, then file', async () => {
    await writeConfig(`export default { renderCache: 'file-cache' };`, 'e2e/replaygate.config.ts');
    const config = 'e2e/replaygate.config.ts';

    expect((await resolveWith({ argv: { config } })).renderCache).toBe(
      join(cwd, 'e2e', 'file-cache'),
    );
    expect(
      (await resolveWith({ argv: { config }, env: { REPLAYGATE_RENDER_CACHE: 'env-cache' } }))
        .renderCache,
    ).toBe(join(cwd, 'env-cache'));
    expect(
      (
        await resolveWith({
          argv: { config, 'render-cache': 'flag-cache' },
          env: { REPLAYGATE_RENDER_CACHE: 'env-cache' },
        })
      ).renderCache,
    ).toBe(join(cwd, 'flag-cache'));
  });

  it('is off when any source sets false', async () => {
    expect((await resolveWith({ argv: { 'render-cache': false } })).renderCache).toBe(false);
    expect((await resolveWith({ env: { REPLAYGATE_RENDER_CACHE: 'false' } })).renderCache).toBe(
      false,
    );
    await writeConfig('export default { renderCache: false };');
    expect((await resolveWith({})).renderCache).toBe(false);
  });

  it('rejects true in the config file', async () => {
    await writeConfig('export default { renderCache: true };');
    const error = await errorOf({});
    expect(error.message).toContain('renderCache');
    expect(error.message).toContain('or false to turn the cache off');
  });
});

describe('resolveConfig defaults', () => {
  it('fills every key without a config file', async () => {
    await expect(resolveWith({})).resolves.toEqual({
      configFile: null,
      rootDir: cwd,
      recordings: [join(cwd, 'recordings')],
      baselineDir: join(cwd, 'replaygate-baselines'),
      outputDir: join(cwd, 'replaygate-results'),
      renderCache: join(cwd, '.replaygate', 'cache', 'recording-renders'),
      workers: resolveWorkers('50%'),
      retries: 0,
      thresholds: { maxDiffPixelRatio: 0, pixelThreshold: 0.02, minDomSimilarity: 1 },
      masks: [],
      ignoreAttributes: [],
      network: { passthrough: [], volatileQueryParams: ['_', 'cb', 'cacheBuster', 'timestamp'] },
      settleMs: 500,
      stepTimeoutMs: 5000,
      updateBaselines: false,
      trace: 'on-failure',
      reporters: [
        { name: 'console', source: 'the default' },
        { name: 'json', source: 'the default' },
      ],
      json: false,
      quiet: false,
      verbose: false,
    });
  });

  it('takes the trace mode from the flag and rejects an unknown one', async () => {
    expect((await resolveWith({ argv: { trace: 'retain-on-failure' } })).trace).toBe(
      'retain-on-failure',
    );
    await expect(resolveWith({ argv: { trace: 'always' } })).rejects.toThrow(
      'Invalid value for --trace: "always".',
    );
  });

  it('retries once when CI is set', async () => {
    expect((await resolveWith({ env: { CI: 'true' } })).retries).toBe(1);
    expect((await resolveWith({ env: { CI: '1' } })).retries).toBe(1);
  });

  it('does not retry when CI is false or empty', async () => {
    expect((await resolveWith({ env: { CI: 'false' } })).retries).toBe(0);
    expect((await resolveWith({ env: { CI: '' } })).retries).toBe(0);
  });

  it('returns fresh default lists', async () => {
    const first = await resolveWith({});
    first.masks.push('.changed');
    first.network.volatileQueryParams.push('changed');
    const second = await resolveWith({});
    expect(second.masks).toEqual([]);
    expect(second.network.volatileQueryParams).not.toContain('changed');
  });
});

describe('resolveConfig precedence', () => {
  const fileSource = `export default {
    workers: 3,
    outputDir: 'from-file',
    ignoreAttributes: ['data-file'],
    thresholds: { maxDiffPixelRatio: 0.1 },
  };`;
  const env = {
    REPLAYGATE_WORKERS: '2',
    REPLAYGATE_OUTPUT_DIR: 'from-env',
    REPLAYGATE_IGNORE_ATTRIBUTES: 'data-env, data-env-2',
    REPLAYGATE_MAX_DIFF_PIXEL_RATIO: '0.2',
  };
  const argv = {
    workers: '1',
    'output-dir': 'from-flag',
    'ignore-attributes': ['data-flag'],
    'max-diff-pixel-ratio': '0.3',
  };

  it('uses the file over defaults', async () => {
    await writeConfig(fileSource);
    const config = await resolveWith({});
    expect(config.workers).toBe(3);
    expect(config.outputDir).toBe(join(cwd, 'from-file'));
    expect(config.ignoreAttributes).toEqual(['data-file']);
    expect(config.thresholds).toEqual({
      maxDiffPixelRatio: 0.1,
      pixelThreshold: 0.02,
      minDomSimilarity: 1,
    });
  });

  it('uses the environment over the file', async () => {
    await writeConfig(fileSource);
    const config = await resolveWith({ env });
    expect(config.workers).toBe(2);
    expect(config.outputDir).toBe(join(cwd, 'from-env'));
    expect(config.ignoreAttributes).toEqual(['data-env', 'data-env-2']);
    expect(config.thresholds.maxDiffPixelRatio).toBe(0.2);
  });

  it('uses flags over the environment', async () => {
    await writeConfig(fileSource);
    const config = await resolveWith({ env, argv });
    expect(config.workers).toBe(1);
    expect(config.outputDir).toBe(join(cwd, 'from-flag'));
    expect(config.ignoreAttributes).toEqual(['data-flag']);
    expect(config.thresholds.maxDiffPixelRatio).toBe(0.3);
  });

  it('treats an empty environment variable as unset', async () => {
    await writeConfig(fileSource);
    const config = await resolveWith({ env: { REPLAYGATE_WORKERS: '', REPLAYGATE_URL: ' ' } });
    expect(config.workers).toBe(3);
    expect(config.url).toBeUndefined();
  });

  it('lets the file override retries on CI', async () => {
    await writeConfig('export default { retries: 0 };');
    expect((await resolveWith({ env: { CI: 'true' } })).retries).toBe(0);
  });

  it('applies a worker percentage to the CPU cores', () => {
    expect(resolveWorkers('100%', 8)).toBe(8);
    expect(resolveWorkers('50%', 8)).toBe(4);
    expect(resolveWorkers('10%', 4)).toBe(1);
    expect(resolveWorkers('3', 8)).toBe(3);
  });

  it('parses a viewport flag', async () => {
    const config = await resolveWith({ argv: { viewport: '1280x720' } });
    expect(config.viewport).toEqual({ width: 1280, height: 720 });
  });

  it('reads shard, grep and output flags', async () => {
    const config = await resolveWith({
      argv: { shard: '2/3', grep: '^todo', json: true, verbose: true, 'update-baselines': true },
    });
    expect(config.shard).toEqual({ current: 2, total: 3 });
    expect(config.grep).toBe('^todo');
    expect(config.json).toBe(true);
    expect(config.verbose).toBe(true);
    expect(config.updateBaselines).toBe(true);
  });
});

describe('resolveConfig app under test', () => {
  const webServerSource = `export default {
    webServer: { command: 'npm run preview', url: 'http://127.0.0.1:4173/', cwd: 'app' },
  };`;

  it('fills webServer defaults relative to the config file', async () => {
    await writeConfig(webServerSource, 'e2e/replaygate.config.ts');
    const config = await resolveWith({ argv: { config: 'e2e/replaygate.config.ts' } });
    expect(config.webServer).toEqual({
      command: 'npm run preview',
      url: 'http://127.0.0.1:4173/',
      timeout: 60_000,
      reuseExistingServer: false,
      cwd: join(cwd, 'e2e', 'app'),
      env: {},
    });
    expect(config.url).toBeUndefined();
  });

  it('lets --url replace the file webServer', async () => {
    await writeConfig(webServerSource);
    const config = await resolveWith({ argv: { url: 'http://127.0.0.1:5000/' } });
    expect(config.url).toBe('http://127.0.0.1:5000/');
    expect(config.webServer).toBeUndefined();
  });

  it('lets REPLAYGATE_SERVE replace the file url', async () => {
    await writeConfig(`export default { url: 'http://127.0.0.1:4173/' };`);
    const config = await resolveWith({ env: { REPLAYGATE_SERVE: 'dist' } });
    expect(config.serve).toBe(join(cwd, 'dist'));
    expect(config.url).toBeUndefined();
  });

  it('lets --serve replace REPLAYGATE_URL', async () => {
    const config = await resolveWith({
      argv: { serve: 'build' },
      env: { REPLAYGATE_URL: 'http://127.0.0.1:4173/' },
    });
    expect(config.serve).toBe(join(cwd, 'build'));
    expect(config.url).toBeUndefined();
  });

  it('rejects --url with --serve', async () => {
    const error = await errorOf({ argv: { url: 'http://127.0.0.1:1/', serve: 'dist' } });
    expect(error.message).toContain('Both --url and --serve are set');
  });

  it('rejects both app variables', async () => {
    const error = await errorOf({
      env: { REPLAYGATE_URL: 'http://127.0.0.1:1/', REPLAYGATE_SERVE: 'dist' },
    });
    expect(error.message).toContain('Both REPLAYGATE_URL and REPLAYGATE_SERVE are set');
  });

  it('rejects url with serve in the file', async () => {
    const path = await writeConfig(`export default { url: 'http://127.0.0.1:1/', serve: 'dist' };`);
    const error = await errorOf({});
    expect(error.message).toContain(`Invalid config in ${path}`);
    expect(error.message).toContain(
      'Set only one of url, serve and webServer, but found url and serve.',
    );
  });
});

describe('resolveConfig paths', () => {
  it('resolves file paths against the config folder', async () => {
    await writeConfig(
      `export default {
        recordings: ['fixtures', '../shared/checkout.replay.json.gz'],
        serve: 'dist',
        baselineDir: 'baselines',
      };`,
      'e2e/replaygate.config.ts',
    );
    const config = await resolveWith({ argv: { config: 'e2e/replaygate.config.ts' } });
    expect(config.configFile).toBe(join(cwd, 'e2e', 'replaygate.config.ts'));
    expect(config.rootDir).toBe(join(cwd, 'e2e'));
    expect(config.recordings).toEqual([
      join(cwd, 'e2e', 'fixtures'),
      join(cwd, 'shared', 'checkout.replay.json.gz'),
    ]);
    expect(config.serve).toBe(join(cwd, 'e2e', 'dist'));
    expect(config.baselineDir).toBe(join(cwd, 'e2e', 'baselines'));
  });

  it('resolves defaults against the config folder', async () => {
    await writeConfig('export default {};', 'e2e/replaygate.config.ts');
    const config = await resolveWith({ argv: { config: 'e2e/replaygate.config.ts' } });
    expect(config.recordings).toEqual([join(cwd, 'e2e', 'recordings')]);
    expect(config.outputDir).toBe(join(cwd, 'e2e', 'replaygate-results'));
  });

  it('resolves flag and env paths against cwd', async () => {
    await writeConfig('export default {};', 'e2e/replaygate.config.ts');
    const config = await resolveWith({
      argv: { config: 'e2e/replaygate.config.ts', recordings: ['rec'], 'output-dir': 'out' },
      env: { REPLAYGATE_BASELINE_DIR: 'base' },
    });
    expect(config.recordings).toEqual([join(cwd, 'rec')]);
    expect(config.outputDir).toBe(join(cwd, 'out'));
    expect(config.baselineDir).toBe(join(cwd, 'base'));
  });

  it('keeps absolute paths', async () => {
    const absolute = join(cwd, 'elsewhere', 'recordings');
    const config = await resolveWith({ argv: { recordings: [absolute] } });
    expect(config.recordings).toEqual([absolute]);
  });
});

describe('resolveConfig errors', () => {
  it('names the file, key and value of an invalid setting', async () => {
    const path = await writeConfig(
      `import type { ReplaygateConfig } from 'replaygate';
      const config: ReplaygateConfig = { thresholds: { maxDiffPixelRatio: 5 } };
      export default config;`,
    );
    const error = await errorOf({});
    expect(error.message).toContain(`Invalid config in ${path}:`);
    expect(error.message).toContain(
      'thresholds.maxDiffPixelRatio: expected a number from 0 to 1, found 5.',
    );
  });

  it('names the flag of an invalid value over a valid file', async () => {
    await writeConfig('export default { retries: 1 };');
    const error = await errorOf({ argv: { retries: 'many' } });
    expect(error.message).toContain('Invalid value for --retries: "many".');
  });

  it('names the variable of an invalid value', async () => {
    const error = await errorOf({ env: { REPLAYGATE_SETTLE_MS: 'soon' } });
    expect(error.message).toContain(
      'Invalid value in environment variable REPLAYGATE_SETTLE_MS: "soon".',
    );
  });

  it('rejects an empty --config', async () => {
    const error = await errorOf({ argv: { config: '' } });
    expect(error.message).toContain('--config needs a file path');
  });

  it('rejects a missing --config file', async () => {
    const error = await errorOf({ argv: { config: 'nope.config.ts' } });
    expect(error.message).toContain(`Config file not found: ${join(cwd, 'nope.config.ts')}`);
  });
});
