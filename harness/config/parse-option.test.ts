import { describe, expect, it } from 'vitest';
import { UsageError } from '../shared/errors.js';
import { REPLAY_OPTIONS, type ReplayOption } from './options.js';
import { parseOptionValue } from './parse-option.js';

function option(flag: string): ReplayOption {
  const found = REPLAY_OPTIONS.find((candidate) => candidate.flag === flag);
  if (found === undefined) {
    throw new Error(`no option --${flag}`);
  }
  return found;
}

function flagError(flag: string, raw: unknown): string {
  try {
    parseOptionValue(option(flag), raw, { type: 'flag' });
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error(`--${flag} ${String(raw)} was accepted`);
}

function envError(flag: string, raw: string): string {
  const name = option(flag).env ?? '';
  try {
    parseOptionValue(option(flag), raw, { type: 'env', name });
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error(`${name}=${raw} was accepted`);
}

describe('parseOptionValue from flags', () => {
  const cases: Array<[string, unknown, string]> = [
    [
      'url',
      'localhost:4173',
      'Invalid value for --url: "localhost:4173". Expected an http:// or https:// URL, such as "http://127.0.0.1:4173/", for example --url http://127.0.0.1:4173/.',
    ],
    ['serve', '  ', 'Invalid value for --serve: "  ". Expected a folder path'],
    [
      'recordings',
      [],
      'Invalid value for --recordings: []. Expected a non-empty list of file or folder paths',
    ],
    ['baseline-dir', '', 'Invalid value for --baseline-dir: "". Expected a folder path'],
    [
      'render-cache',
      ['x', false],
      '--render-cache was given 2 times (--render-cache "x", --no-render-cache). Give it once, for example --render-cache .replaygate/cache/recording-renders.',
    ],
    ['workers', ['2', '3'], '--workers was given 2 times (--workers "2", --workers "3").'],
    ['output-dir', '', 'Invalid value for --output-dir: "". Expected a folder path'],
    [
      'workers',
      '0',
      'Invalid value for --workers: "0". Expected a positive whole number or a percentage of CPU cores, such as 2 or "50%", for example --workers 50%.',
    ],
    ['workers', 'half', 'Invalid value for --workers: "half".'],
    ['workers', '0%', 'Invalid value for --workers: "0%".'],
    [
      'retries',
      '1O',
      'Invalid value for --retries: "1O". Expected a whole number of 0 or more, for example --retries 2.',
    ],
    ['retries', '-1', 'Invalid value for --retries: "-1".'],
    [
      'viewport',
      '1280',
      'Invalid value for --viewport: "1280". Expected WIDTHxHEIGHT in CSS pixels, both positive whole numbers, for example --viewport 1280x720.',
    ],
    ['viewport', '0x720', 'Invalid value for --viewport: "0x720".'],
    [
      'settle-ms',
      '1.5',
      'Invalid value for --settle-ms: "1.5". Expected a whole number of virtual milliseconds, 0 or more',
    ],
    [
      'step-timeout-ms',
      '0',
      'Invalid value for --step-timeout-ms: "0". Expected a positive whole number of milliseconds',
    ],
    [
      'passthrough',
      ['assets/**'],
      'Invalid value for --passthrough: ["assets/**"]. Expected a list of URL path globs starting with / or *',
    ],
    [
      'max-diff-pixel-ratio',
      'abc',
      'Invalid value for --max-diff-pixel-ratio: "abc". Expected a number from 0 to 1, for example --max-diff-pixel-ratio 0.001.',
    ],
    ['max-diff-pixel-ratio', '1.5', 'Invalid value for --max-diff-pixel-ratio: "1.5".'],
    [
      'pixel-threshold',
      '-0.1',
      'Invalid value for --pixel-threshold: "-0.1". Expected a number from 0 to 1',
    ],
    [
      'min-dom-similarity',
      '2',
      'Invalid value for --min-dom-similarity: "2". Expected a number from 0 to 1',
    ],
    [
      'update-baselines',
      'maybe',
      'Invalid value for --update-baselines: "maybe". Expected true or false',
    ],
  ];

  it.each(cases)('rejects --%s %j', (flag, raw, expected) => {
    expect(flagError(flag, raw)).toContain(expected);
  });

  it('parses numbers, lists and booleans', () => {
    expect(parseOptionValue(option('max-diff-pixel-ratio'), ' 0.25 ', { type: 'flag' })).toBe(0.25);
    expect(parseOptionValue(option('retries'), 3, { type: 'flag' })).toBe(3);
    expect(parseOptionValue(option('workers'), '2', { type: 'flag' })).toBe(2);
    expect(parseOptionValue(option('workers'), '25%', { type: 'flag' })).toBe('25%');
    expect(parseOptionValue(option('masks'), ['.a, .b', '.c'], { type: 'flag' })).toEqual([
      '.a, .b',
      '.c',
    ]);
    expect(parseOptionValue(option('update-baselines'), true, { type: 'flag' })).toBe(true);
    expect(parseOptionValue(option('viewport'), '800X600', { type: 'flag' })).toEqual({
      width: 800,
      height: 600,
    });
  });
});

describe('parseOptionValue from the environment', () => {
  const cases: Array<[string, string, string]> = [
    [
      'url',
      'ftp://127.0.0.1/',
      'Invalid value in environment variable REPLAYGATE_URL: "ftp://127.0.0.1/". Expected an http:// or https:// URL',
    ],
    [
      'workers',
      'many',
      'Invalid value in environment variable REPLAYGATE_WORKERS: "many". Expected a positive whole number or a percentage of CPU cores, such as 2 or "50%", for example REPLAYGATE_WORKERS=50%, or unset the variable.',
    ],
    ['retries', 'one', 'Invalid value in environment variable REPLAYGATE_RETRIES: "one".'],
    ['viewport', 'wide', 'Invalid value in environment variable REPLAYGATE_VIEWPORT: "wide".'],
    ['settle-ms', '-5', 'Invalid value in environment variable REPLAYGATE_SETTLE_MS: "-5".'],
    [
      'step-timeout-ms',
      '5s',
      'Invalid value in environment variable REPLAYGATE_STEP_TIMEOUT_MS: "5s".',
    ],
    [
      'max-diff-pixel-ratio',
      '1%',
      'Invalid value in environment variable REPLAYGATE_MAX_DIFF_PIXEL_RATIO: "1%". Expected a number from 0 to 1, for example REPLAYGATE_MAX_DIFF_PIXEL_RATIO=0.001, or unset the variable.',
    ],
    [
      'pixel-threshold',
      'x',
      'Invalid value in environment variable REPLAYGATE_PIXEL_THRESHOLD: "x".',
    ],
    [
      'min-dom-similarity',
      '1.01',
      'Invalid value in environment variable REPLAYGATE_MIN_DOM_SIMILARITY: "1.01".',
    ],
  ];

  it.each(cases)('rejects %s=%j', (flag, raw, expected) => {
    expect(envError(flag, raw)).toContain(expected);
  });

  it('splits comma-separated lists', () => {
    const value = parseOptionValue(option('volatile-query-params'), '_, nonce,,', {
      type: 'env',
      name: 'REPLAYGATE_VOLATILE_QUERY_PARAMS',
    });
    expect(value).toEqual(['_', 'nonce']);
  });
});
