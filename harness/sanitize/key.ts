import { readFileSync } from 'node:fs';
import { UsageError } from '../shared/errors.js';

/** Environment variable with the sanitizer key itself. */
export const SANITIZE_KEY_ENV = 'REPLAYGATE_SANITIZE_KEY';
/** Environment variable with the path of a file that contains the sanitizer key. */
export const SANITIZE_KEY_FILE_ENV = 'REPLAYGATE_SANITIZE_KEY_FILE';

const MIN_KEY_BYTES = 16;
const HOW_TO_CREATE =
  `Create one with \`openssl rand -hex 32\` and set ${SANITIZE_KEY_ENV} to it, or write it to a ` +
  `file outside the repository and set ${SANITIZE_KEY_FILE_ENV} to that path. Keep the key ` +
  'secret and keep it stable: the same key gives the same pseudonyms in every recording.';

/**
 * Parses key text: hex of at least 32 digits (16 bytes) is decoded, any other text of at
 * least 32 characters is used as its UTF-8 bytes. Surrounding whitespace is ignored.
 *
 * @throws UsageError naming `source` when the key is too short.
 */
export function parseSanitizeKey(text: string, source: string): Buffer {
  const trimmed = text.trim();
  if (/^(?:[0-9a-fA-F]{2})+$/.test(trimmed) && trimmed.length >= MIN_KEY_BYTES * 2) {
    return Buffer.from(trimmed, 'hex');
  }
  if (trimmed.length >= MIN_KEY_BYTES * 2) {
    return Buffer.from(trimmed, 'utf8');
  }
  throw new UsageError(
    `The sanitizer key in ${source} is too short (${trimmed.length} characters): use at least ` +
      `32 hex digits. ${HOW_TO_CREATE}`,
  );
}

/**
 * Loads the HMAC key for pseudonyms from `REPLAYGATE_SANITIZE_KEY` or from the file named by
 * `REPLAYGATE_SANITIZE_KEY_FILE`. The key never goes into a fixture.
 *
 * @throws UsageError when neither or both are set, the file cannot be read or the key is
 *   too short. The message explains how to create a key.
 */
export function loadSanitizeKey(env: NodeJS.ProcessEnv = process.env): Buffer {
  const inline = env[SANITIZE_KEY_ENV];
  const file = env[SANITIZE_KEY_FILE_ENV];
  if (inline !== undefined && inline !== '' && file !== undefined && file !== '') {
    throw new UsageError(
      `Both ${SANITIZE_KEY_ENV} and ${SANITIZE_KEY_FILE_ENV} are set. Unset one of them.`,
    );
  }
  if (inline !== undefined && inline !== '') {
    return parseSanitizeKey(inline, SANITIZE_KEY_ENV);
  }
  if (file !== undefined && file !== '') {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw new UsageError(
        `Cannot read the sanitizer key file ${file} named by ${SANITIZE_KEY_FILE_ENV}: ` +
          `${(error as Error).message}. ${HOW_TO_CREATE}`,
      );
    }
    return parseSanitizeKey(text, file);
  }
  throw new UsageError(
    `No sanitizer key: neither ${SANITIZE_KEY_ENV} nor ${SANITIZE_KEY_FILE_ENV} is set. ${HOW_TO_CREATE}`,
  );
}
