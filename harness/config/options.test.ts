import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import yargs from 'yargs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  CLI_ONLY_OPTIONS,
  formatOptionsMarkdown,
  REPLAY_OPTIONS,
  replayOptions,
} from './options.js';
import { resolveConfig } from './resolve-config.js';
import { CONFIG_RULES } from './schema.js';

let cwd: string;

beforeEach(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'replaygate-options-'));
});

afterEach(async () => {
  await rm(cwd, { recursive: true, force: true });
});

function parseArgs(args: string[]): Promise<Record<string, unknown>> {
  return Promise.resolve(yargs(args).options(replayOptions).strict().parse());
}

describe('option table', () => {
  it('has unique flags and environment variables', () => {
    const flags = [...REPLAY_OPTIONS, ...CLI_ONLY_OPTIONS].map((option) => option.flag);
    expect(new Set(flags).size).toBe(flags.length);
    const envNames = REPLAY_OPTIONS.flatMap((option) => (option.env === null ? [] : [option.env]));
    expect(new Set(envNames).size).toBe(envNames.length);
    for (const name of envNames) {
      expect(name).toMatch(/^REPLAYGATE_[A-Z_]+$/);
    }
  });

  it('covers every config key except webServer', () => {
    const ruleKeys = Object.keys(CONFIG_RULES);
    const hasChildren = (key: string) => ruleKeys.some((other) => other.startsWith(`${key}.`));
    // The viewport is set whole (WIDTHxHEIGHT), and webServer only in the config file.
    const settableKeys = ruleKeys.filter(
      (key) =>
        !key.startsWith('webServer') &&
        !key.startsWith('viewport.') &&
        (key === 'viewport' || !hasChildren(key)),
    );
    const tableKeys = REPLAY_OPTIONS.map((option) => option.key);
    expect([...tableKeys].sort()).toEqual([...settableKeys].sort());
  });

  it('sets no yargs defaults', () => {
    for (const options of Object.values(replayOptions)) {
      expect(options.default).toBeUndefined();
    }
  });

  it('renders a Markdown reference', () => {
    const markdown = formatOptionsMarkdown();
    expect(markdown).toContain(
      '| `--max-diff-pixel-ratio 0.001` | `REPLAYGATE_MAX_DIFF_PIXEL_RATIO` | `thresholds.maxDiffPixelRatio` | Share of pixels (0 to 1) that may differ per checkpoint |',
    );
    expect(markdown).toContain('| `--shard 1/2` |  |  | Run only shard i of n, for example 2/4 |');
    expect(markdown.trimEnd().split('\n')).toHaveLength(
      2 + REPLAY_OPTIONS.length + CLI_ONLY_OPTIONS.length,
    );
  });
});

describe('replayOptions with yargs', () => {
  it('feeds parsed flags to resolveConfig', async () => {
    const argv = await parseArgs([
      '--max-diff-pixel-ratio',
      '0.5',
      '--masks',
      '.ad',
      '--masks',
      '.clock',
      '--update-baselines',
      '--shard',
      '1/2',
      '--workers',
      '25%',
      '--retries',
      '3',
      '--url',
      'http://127.0.0.1:4173/',
    ]);
    const config = await resolveConfig({ argv, env: {}, cwd });
    expect(config.thresholds.maxDiffPixelRatio).toBe(0.5);
    expect(config.masks).toEqual(['.ad', '.clock']);
    expect(config.updateBaselines).toBe(true);
    expect(config.shard).toEqual({ current: 1, total: 2 });
    expect(config.retries).toBe(3);
    expect(config.url).toBe('http://127.0.0.1:4173/');
  });

  it('leaves absent flags to the environment', async () => {
    const argv = await parseArgs([]);
    const config = await resolveConfig({ argv, env: { REPLAYGATE_RETRIES: '4' }, cwd });
    expect(config.retries).toBe(4);
    expect(config.updateBaselines).toBe(false);
    expect(config.json).toBe(false);
  });

  it('quotes a mistyped number from the command line', async () => {
    const argv = await parseArgs(['--retries', '1O']);
    await expect(resolveConfig({ argv, env: {}, cwd })).rejects.toThrow(
      'Invalid value for --retries: "1O".',
    );
  });

  it('turns the render cache off with --no-render-cache', async () => {
    const off = await resolveConfig({ argv: await parseArgs(['--no-render-cache']), env: {}, cwd });
    expect(off.renderCache).toBe(false);
    const folder = await resolveConfig({
      argv: await parseArgs(['--render-cache', 'renders']),
      env: {},
      cwd,
    });
    expect(folder.renderCache).toBe(join(cwd, 'renders'));
  });

  it('shows environment variables in help', async () => {
    const help = await yargs([]).options(replayOptions).getHelp();
    expect(help).toContain('[env: REPLAYGATE_MAX_DIFF_PIXEL_RATIO]');
    expect(help).toContain('Comparison:');
  });
});
