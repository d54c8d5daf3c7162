import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { privateKeyDetector } from './private-key.js';

describe('privateKeyDetector', () => {
  it('finds a PKCS #8 key block whole', () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString().trim();
    const text = `before\n${pem}\nafter`;
    expect(privateKeyDetector.find(text)).toEqual([
      { detector: 'private-key', start: 7, end: 7 + pem.length, value: pem },
    ]);
  });

  it('finds an RSA key with JSON-escaped line breaks', () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const pem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString().trim();
    const escaped = JSON.stringify(pem).slice(1, -1);
    expect(privateKeyDetector.find(`{"key":"${escaped}"}`).map((finding) => finding.value)).toEqual(
      [escaped],
    );
  });

  it('ignores a public key', () => {
    const { publicKey } = generateKeyPairSync('ed25519');
    const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(privateKeyDetector.find(pem)).toEqual([]);
  });
});
