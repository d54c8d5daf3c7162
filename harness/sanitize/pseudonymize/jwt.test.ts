import { describe, expect, it } from 'vitest';
import { isJwtPseudonym, pseudonymizeJwt } from './jwt.js';

const KEY = Buffer.alloc(32, 5);

function segment(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function decode(part: string | undefined): Record<string, unknown> {
  return JSON.parse(Buffer.from(part ?? '', 'base64url').toString('utf8')) as Record<
    string,
    unknown
  >;
}

const HEADER = { alg: 'RS256', typ: 'JWT', kid: 'k-2024-05' };
const CLAIMS = {
  iss: 'https://auth.northwind-trading.com/',
  sub: 'auth0|64f1c2e9a7b3',
  email: 'alice@northwind-trading.com',
  name: 'Alice Martin',
  role: 'admin',
  uid: 48213,
  exp: 1716242622,
};
const SIGNATURE = 'v_W-FMBxlvsxxWRe1ClSSGb9ej72cI2YucKIOb7YJYc';
const TOKEN = `${segment(HEADER)}.${segment(CLAIMS)}.${SIGNATURE}`;
const markEmbedded = (text: string): string =>
  text.includes('@') ? 'embedded@pseudonym.example' : text;

describe('pseudonymizeJwt', () => {
  const pseudonym = pseudonymizeJwt(TOKEN, KEY, markEmbedded) ?? '';
  const [header, payload, signature] = pseudonym.split('.');

  it('keeps alg and typ and replaces the key id', () => {
    expect(decode(header)).toMatchObject({ alg: 'RS256', typ: 'JWT' });
    expect(decode(header).kid).toMatch(/^[a-z]-\d{4}-\d{2}$/);
    expect(decode(header).kid).not.toBe('k-2024-05');
  });

  it('keeps public and time claims', () => {
    expect(decode(payload)).toMatchObject({ iss: CLAIMS.iss, role: 'admin', exp: CLAIMS.exp });
  });

  it('replaces personal claims', () => {
    const claims = decode(payload);
    expect(claims.email).toBe('embedded@pseudonym.example');
    expect(claims.name).toMatch(/^[A-Z][a-z]{4} [A-Z][a-z]{5}$/);
    expect(claims.name).not.toBe(CLAIMS.name);
    expect(claims.sub).not.toBe(CLAIMS.sub);
    expect(String(claims.uid)).toHaveLength(5);
  });

  it('keeps the signature length and tags it', () => {
    expect(signature).toHaveLength(SIGNATURE.length);
    expect(signature).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(isJwtPseudonym(pseudonym)).toBe(true);
    expect(isJwtPseudonym(TOKEN)).toBe(false);
  });

  it('marks an unsigned token in its header', () => {
    const unsigned = `${segment({ alg: 'none' })}.${segment({ sub: '42' })}.`;
    const replaced = pseudonymizeJwt(unsigned, KEY, markEmbedded) ?? '';
    expect(replaced.endsWith('.')).toBe(true);
    expect(isJwtPseudonym(replaced)).toBe(true);
    expect(isJwtPseudonym(unsigned)).toBe(false);
  });
});
