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

  it('finds a token after a long eyJ run', () => {
    // No `eyJ` in the run starts a token: the first one has a single part.
    const run = `eyJa.${'eyJ'.repeat(20_000)}`;
    const text = `${run} ${TOKEN}`;
    expect(jwtDetector.find(text)).toEqual([
      { detector: 'jwt', start: run.length + 1, end: text.length, value: TOKEN },
    ]);
  });

  it('ignores three parts whose header has no alg', () => {
    const text = `${segment({ typ: 'JWT' })}.${segment({ sub: '42' })}.c2ln`;
    expect(jwtDetector.find(text)).toEqual([]);
  });

  it('ignores a header that is not JSON', () => {
    expect(isJwtHeader('eyJub3QganNvbg')).toBe(false);
  });

  it.each([
    ['no padding needed', { alg: 'HS256', typ: 'JWT' }],
    ['one padding character', { alg: 'RS256', k: 'ab' }],
    ['two padding characters', { alg: 'ES256', k: 'a' }],
    ['non-ASCII text', { alg: 'HS256', kid: 'schlüssel-€' }],
    ['URL-safe characters', { alg: 'HS256', kid: '>>>???' }],
  ])('reads a header with %s', (_case, header) => {
    const encoded = segment(header);
    expect(isJwtHeader(encoded)).toBe(true);
  });

  it('decodes headers as Buffer does', () => {
    const headers = ['{"alg":"x"}', '{"alg":"x"} ', '{"alg":"x"}  ', '{"alg":1}', '{"alg":"ü"}'];
    for (const json of headers) {
      const encoded = Buffer.from(json).toString('base64url');
      // A lone extra character carries no whole byte, and Buffer drops it.
      for (const text of [encoded, `${encoded}A`]) {
        const expected = (() => {
          try {
            const parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as {
              alg?: unknown;
            };
            return typeof parsed.alg === 'string';
          } catch {
            return false;
          }
        })();
        expect({ text, valid: isJwtHeader(text) }).toEqual({ text, valid: expected });
      }
    }
  });
});
