import { describe, expect, it } from 'vitest';
import { isJwtHeader, jwtDetector } from './jwt.js';

function segment(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

const TOKEN = `${segment({ alg: 'HS256', typ: 'JWT' })}.${segment({ sub: '42' })}.c2lnbmF0dXJlLWJ5dGVz`;

describe('jwtDetector', () => {
  it('finds a token inside a bearer header', () => {
    const text = `Authorization: Bearer ${TOKEN}`;
    expect(jwtDetector.find(text)).toEqual([
      { detector: 'jwt', start: 22, end: text.length, value: TOKEN },
    ]);
  });

  it('finds an unsigned token', () => {
    const unsigned = `${segment({ alg: 'none' })}.${segment({ sub: '42' })}.`;
    expect(jwtDetector.find(`t=${unsigned}`).map((finding) => finding.value)).toEqual([unsigned]);
  });

  it('ignores three parts whose header has no alg', () => {
    const text = `${segment({ typ: 'JWT' })}.${segment({ sub: '42' })}.c2ln`;
    expect(jwtDetector.find(text)).toEqual([]);
  });

  it('ignores a header that is not JSON', () => {
    expect(isJwtHeader('eyJub3QganNvbg')).toBe(false);
  });
});
