import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fontFingerprint } from './font-fingerprint.js';

describe('fontFingerprint', () => {
  let folder: string | undefined;
  afterEach(async () => {
    if (folder) {
      await rm(folder, { recursive: true, force: true });
    }
  });

  it('is a SHA-256 that repeats for the same fonts', () => {
    const env = { ...process.env };
    expect(fontFingerprint(env)).toMatch(/^[0-9a-f]{64}$/);
    expect(fontFingerprint(env)).toBe(fontFingerprint({ ...env }));
  });

  it('changes with the fontconfig file in the environment', () => {
    const base = { ...process.env, FONTCONFIG_FILE: '' };
    expect(fontFingerprint({ ...base, FONTCONFIG_FILE: '/etc/fonts/mono.conf' })).not.toBe(
      fontFingerprint(base),
    );
  });

  it('changes when a font file appears in a user font folder', async () => {
    folder = await mkdtemp(join(tmpdir(), 'replaygate-fonts-'));
    // The Windows font folder comes from SystemRoot, which lets the test point it anywhere.
    const env = { ...process.env, SystemRoot: folder };
    const before = fontFingerprint(env);
    await writeFile(join(folder, 'Fonts'), 'not a folder');
    expect(fontFingerprint(env)).toBe(before);
    await rm(join(folder, 'Fonts'));
    await mkdir(join(folder, 'Fonts'));
    await writeFile(join(folder, 'Fonts', 'Example-Regular.ttf'), 'font bytes');
    expect(fontFingerprint(env)).not.toBe(before);
  });
});
