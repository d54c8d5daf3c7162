import { describe, expect, test } from 'vitest';
import { UsageError } from '../../shared/errors.js';
import { normalizeUrl, parseOrigin, type UrlNormalization } from './normalize-url.js';

const normalization: UrlNormalization = {
  recordedOrigin: 'http://localhost:3000',
  appOrigin: 'http://127.0.0.1:41234',
  volatileQueryParams: new Set(['_', 'ts']),
};

describe('normalizeUrl', () => {
  test('sorts parameters by name', () => {
    expect(normalizeUrl('https://api.example.test/items?b=2&a=1', normalization)).toBe(
      'https://api.example.test/items?a=1&b=2',
    );
  });

  test('keeps order of repeated names', () => {
    expect(normalizeUrl('https://api.example.test/items?id=2&a=0&id=1', normalization)).toBe(
      'https://api.example.test/items?a=0&id=2&id=1',
    );
  });

  test('drops volatile parameters and fragment', () => {
    expect(normalizeUrl('https://api.example.test/items?_=123&a=1&ts=9#top', normalization)).toBe(
      'https://api.example.test/items?a=1',
    );
  });

  test('drops an empty query', () => {
    expect(normalizeUrl('https://api.example.test/items?_=1', normalization)).toBe(
      'https://api.example.test/items',
    );
  });

  test('maps recorded origin to app origin', () => {
    expect(normalizeUrl('http://localhost:3000/api?x=1', normalization)).toBe(
      'http://127.0.0.1:41234/api?x=1',
    );
  });

  test('leaves other ports of the recorded host alone', () => {
    expect(normalizeUrl('http://localhost:3001/api', normalization)).toBe(
      'http://localhost:3001/api',
    );
  });

  test('returns undefined for an invalid URL', () => {
    expect(normalizeUrl('not a url', normalization)).toBeUndefined();
  });
});

describe('parseOrigin', () => {
  test('strips path and trailing slash', () => {
    expect(parseOrigin('http://127.0.0.1:41234/app/', 'App origin')).toBe('http://127.0.0.1:41234');
  });

  test('rejects a relative value', () => {
    expect(() => parseOrigin('/app', 'App origin')).toThrow(UsageError);
  });

  test('rejects a non-http scheme', () => {
    expect(() => parseOrigin('file:///tmp/app', 'App origin')).toThrow(
      /must be an http or https URL/,
    );
  });
});
