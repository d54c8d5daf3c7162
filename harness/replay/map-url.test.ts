import { describe, expect, it } from 'vitest';
import { createUrlMapper, isSameAppLocation, rebaseUrl } from './map-url.js';

describe('createUrlMapper', () => {
  const mapUrl = createUrlMapper('http://127.0.0.1:4000', 'http://127.0.0.1:5000');

  it('moves recorded-origin URLs onto the app', () => {
    expect(mapUrl('http://127.0.0.1:4000/todo/index.html?x=1#/active')).toBe(
      'http://127.0.0.1:5000/todo/index.html?x=1#/active',
    );
  });

  it('keeps URLs on other origins', () => {
    expect(mapUrl('https://api.example.test/items')).toBe('https://api.example.test/items');
  });
});

describe('isSameAppLocation', () => {
  it('ignores the origin', () => {
    expect(isSameAppLocation('http://a:1/p?q=1#h', 'http://b:2/p?q=1#h')).toBe(true);
  });

  it('compares the hash', () => {
    expect(isSameAppLocation('http://a:1/p#/active', 'http://a:1/p#/completed')).toBe(false);
  });
});

describe('rebaseUrl', () => {
  it('keeps path, query and hash', () => {
    expect(rebaseUrl('http://old:1/a/b?c=d#e', 'http://new:2')).toBe('http://new:2/a/b?c=d#e');
  });

  it('leaves non-http URLs alone', () => {
    expect(rebaseUrl('about:blank', 'http://new:2')).toBe('about:blank');
  });

  it('leaves invalid URLs alone', () => {
    expect(rebaseUrl('not a url', 'http://new:2')).toBe('not a url');
  });
});
