import { describe, expect, it } from 'vitest';
import { bearerTokenDetector } from './bearer-token.js';

describe('bearerTokenDetector', () => {
  it('finds the token and not the scheme', () => {
    const text = 'Authorization: Bearer W8c5ci9q1fp4rNWiLLgNGOlSnVM5whEd';
    expect(bearerTokenDetector.find(text)).toEqual([
      {
        detector: 'bearer-token',
        start: 22,
        end: text.length,
        value: 'W8c5ci9q1fp4rNWiLLgNGOlSnVM5whEd',
      },
    ]);
  });

  it('matches the scheme in any case', () => {
    const [finding] = bearerTokenDetector.find('"authorization":"BEARER abcDEF123456789xyz="');
    expect(finding?.value).toBe('abcDEF123456789xyz=');
  });

  it.each([
    'Bearer authentication is described in RFC 6750.',
    'WWW-Authenticate: Bearer realm="example"',
    'Bearer short1',
  ])('finds nothing in %s', (text) => {
    expect(bearerTokenDetector.find(text)).toEqual([]);
  });
});
