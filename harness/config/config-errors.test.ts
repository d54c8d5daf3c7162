import { describe, expect, it } from 'vitest';
import { formatConfigFileError, formatKeyPath, formatValue } from './config-errors.js';
import { parseConfigObject } from './schema.js';

const FILE = '/project/replaygate.config.ts';

function errorFor(config: unknown): string {
  const result = parseConfigObject(config);
  if (result.ok) {
    throw new Error(`expected ${JSON.stringify(config)} to be rejected`);
  }
  return formatConfigFileError(FILE, result.issues, config);
}

describe('config file validation', () => {
  const cases: Array<[string, unknown, string]> = [
    [
      'recordings',
      { recordings: 'recordings' },
      'recordings: expected a non-empty list of file or folder paths, such as ["recordings"], found "recordings".',
    ],
    [
      'empty recordings',
      { recordings: [] },
      'recordings: expected a non-empty list of file or folder paths',
    ],
    [
      'recordings item',
      { recordings: ['ok', ''] },
      'recordings[1]: expected a non-empty list of file or folder paths, such as ["recordings"], found "".',
    ],
    [
      'url',
      { url: 'localhost:4173' },
      'url: expected an http:// or https:// URL, such as "http://127.0.0.1:4173/", found "localhost:4173".',
    ],
    ['serve', { serve: 42 }, 'serve: expected a folder path, such as "dist", found 42.'],
    [
      'webServer',
      { webServer: 'npm start' },
      'webServer: expected an object with at least command and url, found "npm start".',
    ],
    [
      'webServer.command',
      { webServer: { url: 'http://127.0.0.1:1/' } },
      'webServer.command: expected a non-empty shell command, it is missing.',
    ],
    [
      'webServer.url',
      { webServer: { command: 'x', url: 'ftp://host/' } },
      'webServer.url: expected an http:// or https:// URL',
    ],
    [
      'webServer.timeout',
      { webServer: { command: 'x', url: 'http://127.0.0.1:1/', timeout: 1.5 } },
      'webServer.timeout: expected a positive whole number of milliseconds, found 1.5.',
    ],
    [
      'webServer.reuseExistingServer',
      { webServer: { command: 'x', url: 'http://127.0.0.1:1/', reuseExistingServer: 'yes' } },
      'webServer.reuseExistingServer: expected true or false, found "yes".',
    ],
    [
      'webServer.env',
      { webServer: { command: 'x', url: 'http://127.0.0.1:1/', env: { PORT: 4173 } } },
      'webServer.env.PORT: expected an object of string values, such as { PORT: "4173" }, found 4173.',
    ],
    [
      'baselineDir',
      { baselineDir: '' },
      'baselineDir: expected a folder path, such as "dist", found "".',
    ],
    [
      'outputDir',
      { outputDir: null },
      'outputDir: expected a folder path, such as "dist", found null.',
    ],
    [
      'workers zero',
      { workers: 0 },
      'workers: expected a positive whole number or a percentage of CPU cores, such as 2 or "50%", found 0.',
    ],
    [
      'workers percent',
      { workers: '150%' },
      'workers: expected a positive whole number or a percentage of CPU cores, such as 2 or "50%", found "150%".',
    ],
    ['retries', { retries: -1 }, 'retries: expected a whole number of 0 or more, found -1.'],
    [
      'thresholds',
      { thresholds: 0.1 },
      'thresholds: expected an object with maxDiffPixelRatio, pixelThreshold and minDomSimilarity, found 0.1.',
    ],
    [
      'thresholds.maxDiffPixelRatio',
      { thresholds: { maxDiffPixelRatio: 2 } },
      'thresholds.maxDiffPixelRatio: expected a number from 0 to 1, found 2.',
    ],
    [
      'thresholds.pixelThreshold',
      { thresholds: { pixelThreshold: -0.1 } },
      'thresholds.pixelThreshold: expected a number from 0 to 1, found -0.1.',
    ],
    [
      'thresholds.minDomSimilarity',
      { thresholds: { minDomSimilarity: '0.9' } },
      'thresholds.minDomSimilarity: expected a number from 0 to 1, found "0.9".',
    ],
    [
      'masks',
      { masks: '.ad' },
      'masks: expected a list of CSS selectors, such as [".ad-slot"], found ".ad".',
    ],
    [
      'ignoreAttributes',
      { ignoreAttributes: [1] },
      'ignoreAttributes[0]: expected a list of attribute names, found 1.',
    ],
    [
      'viewport',
      { viewport: '1280x720' },
      'viewport: expected an object { width, height } in CSS pixels, found "1280x720".',
    ],
    [
      'viewport.width',
      { viewport: { width: 0, height: 720 } },
      'viewport.width: expected a positive whole number of CSS pixels, found 0.',
    ],
    [
      'network',
      { network: [] },
      'network: expected an object with passthrough and volatileQueryParams, found [].',
    ],
    [
      'network.passthrough',
      { network: { passthrough: ['https://cdn.example/*'] } },
      'network.passthrough[0]: expected a list of URL path globs starting with / or *, such as "/assets/**", found "https://cdn.example/*".',
    ],
    [
      'network.volatileQueryParams',
      { network: { volatileQueryParams: [''] } },
      'network.volatileQueryParams[0]: expected a list of query parameter names, found "".',
    ],
    [
      'settleMs',
      { settleMs: 2.5 },
      'settleMs: expected a whole number of virtual milliseconds, 0 or more, found 2.5.',
    ],
    [
      'stepTimeoutMs',
      { stepTimeoutMs: 0 },
      'stepTimeoutMs: expected a positive whole number of milliseconds, found 0.',
    ],
    [
      'updateBaselines',
      { updateBaselines: 'true' },
      'updateBaselines: expected true or false, found "true".',
    ],
  ];

  it.each(cases)('rejects an invalid %s', (_key, config, expected) => {
    const message = errorFor(config);
    expect(message).toContain(`Invalid config in ${FILE}:`);
    expect(message).toContain(`  - ${expected}`);
    expect(message).toContain('Fix these values in the file');
  });

  it('accepts every valid key', () => {
    const result = parseConfigObject({
      recordings: ['recordings'],
      webServer: {
        command: 'npm run preview',
        url: 'http://127.0.0.1:4173/',
        timeout: 30_000,
        reuseExistingServer: true,
        cwd: 'app',
        env: { PORT: '4173' },
      },
      baselineDir: 'baselines',
      outputDir: 'results',
      workers: '50%',
      retries: 2,
      thresholds: { maxDiffPixelRatio: 0.001, pixelThreshold: 0.05, minDomSimilarity: 0.98 },
      masks: ['.ad'],
      ignoreAttributes: ['data-reactid'],
      viewport: { width: 1280, height: 720 },
      network: { passthrough: ['/assets/**'], volatileQueryParams: ['_'] },
      settleMs: 0,
      stepTimeoutMs: 1000,
      updateBaselines: false,
    });
    expect(result.ok).toBe(true);
  });

  it('suggests the closest key for a typo', () => {
    expect(errorFor({ treshold: {} })).toContain(
      'treshold: unknown key. Did you mean "thresholds"?',
    );
    expect(errorFor({ thresholds: { maxDiffPixelRate: 0 } })).toContain(
      'thresholds.maxDiffPixelRate: unknown key. Did you mean "maxDiffPixelRatio"?',
    );
  });

  it('lists valid keys for an unknown key', () => {
    expect(errorFor({ network: { proxy: true } })).toContain(
      'network.proxy: unknown key. Valid keys here: passthrough, volatileQueryParams.',
    );
  });

  it('lists every problem on its own line', () => {
    const message = errorFor({ retries: -1, settleMs: 'soon' });
    expect(message.split('\n')).toHaveLength(4);
    expect(message).toContain('  - retries:');
    expect(message).toContain('  - settleMs:');
  });
});

describe('formatValue', () => {
  it('renders values as JSON', () => {
    expect(formatValue('x')).toBe('"x"');
    expect(formatValue(undefined)).toBe('undefined');
    expect(formatValue(Number.NaN)).toBe('NaN');
    expect(formatValue(() => 1)).toBe('a function');
  });

  it('cuts long values', () => {
    const text = formatValue('a'.repeat(200));
    expect(text).toHaveLength(80);
    expect(text.endsWith('…')).toBe(true);
  });
});

describe('formatKeyPath', () => {
  it('joins keys and indexes', () => {
    expect(formatKeyPath(['network', 'passthrough', 2])).toBe('network.passthrough[2]');
  });
});
