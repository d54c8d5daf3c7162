import { describe, expect, it } from 'vitest';
import { UsageError } from '../shared/errors.js';
import { parseGrep, parseOutputFlags, parseShard } from './run-flags.js';

describe('parseShard', () => {
  it('parses i/n', () => {
    expect(parseShard('1/3')).toEqual({ current: 1, total: 3 });
    expect(parseShard(' 3 / 3 ')).toEqual({ current: 3, total: 3 });
    expect(parseShard(undefined)).toBeUndefined();
  });

  it.each(['0/3', '4/3', '1/0', '3', 'a/b', '1.5/3', '-1/3', ''])('rejects %j', (raw) => {
    expect(() => parseShard(raw)).toThrow(UsageError);
    expect(() => parseShard(raw)).toThrow(`Invalid value for --shard: ${JSON.stringify(raw)}.`);
    expect(() => parseShard(raw)).toThrow('for example --shard 1/3');
  });
});

describe('parseGrep', () => {
  it('returns a valid pattern', () => {
    expect(parseGrep('^todo-(add|edit)')).toBe('^todo-(add|edit)');
    expect(parseGrep(undefined)).toBeUndefined();
  });

  it('rejects an invalid regular expression', () => {
    expect(() => parseGrep('todo(')).toThrow(UsageError);
    expect(() => parseGrep('todo(')).toThrow(
      'Invalid value for --grep: "todo(" is not a valid regular expression',
    );
  });

  it('rejects an empty pattern', () => {
    expect(() => parseGrep('')).toThrow('Invalid value for --grep: "".');
  });
});

describe('parseOutputFlags', () => {
  it('defaults to false', () => {
    expect(parseOutputFlags({})).toEqual({ json: false, quiet: false, verbose: false });
  });

  it('rejects --quiet with --verbose', () => {
    expect(() => parseOutputFlags({ quiet: true, verbose: true })).toThrow(
      '--quiet and --verbose cannot be used together',
    );
  });
});
