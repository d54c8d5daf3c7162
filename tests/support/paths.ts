import { fileURLToPath } from 'node:url';

/** The replaygate checkout these tests belong to. */
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** The committed demo recordings. */
export const recordingsDir = fileURLToPath(new URL('../../recordings/', import.meta.url));
