import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UsageError } from '../shared/errors.js';
import {
  SANITIZE_KEY_ENV,
  SANITIZE_KEY_FILE_ENV,
  loadSanitizeKey,
  parseSanitizeKey,
} from './key.js';

const HEX_KEY = '5f1d3c9a7e2b4f6081a3c5e7092b4d6f8a1c3e5f7092b4d6f8a1c3e5f7092b4d';
const directory = mkdtempSync(join(tmpdir(), 'replaygate-key-'));

afterAll(() => {
  rmSync(directory, { recursive: true, force: true });
});

describe('loadSanitizeKey', () => {
  it('decodes a hex key from the environment', () => {
    const key = loadSanitizeKey({ [SANITIZE_KEY_ENV]: HEX_KEY });
    expect(key).toEqual(Buffer.from(HEX_KEY, 'hex'));
  });

  it('reads a key file and ignores the trailing newline', () => {
    const file = join(directory, 'key');
    writeFileSync(file, `${HEX_KEY}\n`);
    expect(loadSanitizeKey({ [SANITIZE_KEY_FILE_ENV]: file })).toEqual(Buffer.from(HEX_KEY, 'hex'));
  });

  it('uses a long non-hex key as UTF-8 bytes', () => {
    const passphrase = 'correct horse battery staple and more words';
    expect(loadSanitizeKey({ [SANITIZE_KEY_ENV]: passphrase })).toEqual(Buffer.from(passphrase));
  });

  it('explains how to create a missing key', () => {
    expect(() => loadSanitizeKey({})).toThrow(UsageError);
    expect(() => loadSanitizeKey({})).toThrow(/openssl rand -hex 32/);
  });

  it('rejects a short key', () => {
    expect(() => loadSanitizeKey({ [SANITIZE_KEY_ENV]: 'abcd' })).toThrow(/too short/);
  });

  it('rejects a missing key file with its path', () => {
    const file = join(directory, 'missing');
    expect(() => loadSanitizeKey({ [SANITIZE_KEY_FILE_ENV]: file })).toThrow(file);
  });

  it('rejects both variables at once', () => {
    const env = { [SANITIZE_KEY_ENV]: HEX_KEY, [SANITIZE_KEY_FILE_ENV]: '/dev/null' };
    expect(() => loadSanitizeKey(env)).toThrow(/Unset one/);
  });
});

describe('parseSanitizeKey', () => {
  it('names the source in its error', () => {
    expect(() => parseSanitizeKey('short', 'key.txt')).toThrow(/key\.txt/);
  });
});
