import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { privateKeyDetector } from './private-key.js';

function values(text: string): string[] {
  return privateKeyDetector.find(text).map((finding) => finding.value);
}

/** Generates an RSA key in PKCS #1 PEM, which has more than ten lines of body. */
function rsaPem(): string {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
  return privateKey.export({ type: 'pkcs1', format: 'pem' }).toString().trim();
}

/** Builds an OpenPGP armoured block: a header line, random base64 lines and a checksum. */
function pgpBlock(): string {
  const lines =
    randomBytes(240)
      .toString('base64')
      .match(/.{1,64}/g) ?? [];
  return [
    '-----BEGIN PGP PRIVATE KEY BLOCK-----',
    'Comment: exported for a test',
    '',
    ...lines,
    '=XOTx',
    '-----END PGP PRIVATE KEY BLOCK-----',
  ].join('\n');
}

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

  it('finds an OpenPGP private key block whole', () => {
    const block = pgpBlock();
    expect(values(`exported:\n${block}\ndone`)).toEqual([block]);
  });

  it.each([30, 5])('finds a block cut %i characters into a line up to the end', (length) => {
    const pem = rsaPem();
    const cut = pem.slice(0, pem.indexOf('\n', 200) + 1 + length);
    const text = `preview: ${cut}`;
    expect(privateKeyDetector.find(text)).toEqual([
      { detector: 'private-key', start: 9, end: text.length, value: cut },
    ]);
  });

  it('finds a JSON-escaped block cut off inside a string', () => {
    const escaped = JSON.stringify(rsaPem()).slice(1, 300);
    expect(values(`{"key":"${escaped}"}`)).toEqual([escaped]);
  });

  it('finds a cut-off OpenPGP block with its header line', () => {
    const block = pgpBlock();
    const cut = block.slice(0, block.indexOf('\n', 150));
    expect(values(`${cut}\n`)).toEqual([cut]);
  });

  it('ends a cut-off block at the next BEGIN line', () => {
    const cut = rsaPem().slice(0, 200);
    const next = rsaPem();
    expect(values(`${cut}\n${next}`)).toEqual([cut, next]);
  });

  it('ends a cut-off block before prose on the next line', () => {
    const pem = rsaPem();
    const cut = pem.slice(0, pem.indexOf('\n', 100));
    expect(values(`${cut}\nThe rest of this key was removed by the logger.`)).toEqual([cut]);
  });

  it('ignores a BEGIN line followed by prose', () => {
    const prose = 'Paste your key here, then press Save. '.repeat(200);
    expect(values(`-----BEGIN RSA PRIVATE KEY-----\n${prose}`)).toEqual([]);
    expect(values(`A PEM key starts with -----BEGIN PRIVATE KEY----- and ${prose}`)).toEqual([]);
  });

  it('finds an END line whose dashes start the next BEGIN line', () => {
    const pem = rsaPem();
    const text = `${pem}BEGIN RSA PRIVATE KEY-----\nnot a key`;
    expect(values(text)).toEqual([pem]);
  });

  it.each([
    ['one label', () => '-----BEGIN RSA PRIVATE KEY-----\n'],
    ['many labels', (index: number) => `-----BEGIN K${index} PRIVATE KEY-----\n`],
  ])('finds a key after many BEGIN lines with %s', (_case, beginLine) => {
    const run = Array.from({ length: 10_000 }, (_, index) => beginLine(index)).join('');
    const pem = rsaPem();
    const text = `${run}${pem}\n`;
    expect(privateKeyDetector.find(text)).toEqual([
      { detector: 'private-key', start: run.length, end: run.length + pem.length, value: pem },
    ]);
  });
});
