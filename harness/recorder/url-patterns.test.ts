import { describe, expect, it } from 'vitest';
import { compileUrlPatterns } from './url-patterns.js';

describe('compileUrlPatterns', () => {
  it('matches a wildcard at the end', () => {
    const matches = compileUrlPatterns(['https://api.example.com/*']);
    expect(matches('https://api.example.com/v1/users?id=3')).toBe(true);
    expect(matches('https://api.example.com.evil.test/v1')).toBe(false);
  });

  it('matches the whole URL without a wildcard', () => {
    const matches = compileUrlPatterns(['https://api.example.com/health']);
    expect(matches('https://api.example.com/health')).toBe(true);
    expect(matches('https://api.example.com/health/deep')).toBe(false);
  });

  it('treats regex characters in strings literally', () => {
    const matches = compileUrlPatterns(['https://a.test/search?q=*']);
    expect(matches('https://a.test/search?q=cats')).toBe(true);
    expect(matches('https://a.test/searchXq=cats')).toBe(false);
  });

  it('tests a RegExp without its global flag', () => {
    const matches = compileUrlPatterns([/\/graphql$/g]);
    expect(matches('https://a.test/graphql')).toBe(true);
    expect(matches('https://a.test/graphql')).toBe(true);
    expect(matches('https://a.test/rest')).toBe(false);
  });

  it('matches nothing with no patterns', () => {
    expect(compileUrlPatterns([])('https://a.test/')).toBe(false);
  });
});
