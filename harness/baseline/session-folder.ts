import { UsageError } from '../shared/errors.js';

/** Maximum length of an encoded session folder name; most file systems allow 255 bytes. */
export const MAX_SESSION_FOLDER_LENGTH = 200;

const SAFE_CHARACTER = /^[A-Za-z0-9 ._-]$/;

/**
 * Encodes a session name as one folder name that is safe on Linux, macOS and Windows.
 *
 * Letters, digits, space, `.`, `_` and `-` are kept. Every other character, including path
 * separators, `%` and control characters, becomes `%XX` per UTF-8 byte, so distinct names
 * give distinct folders. Leading dots (which would make `.` and `..` or a hidden folder) and
 * trailing dots and spaces (which Windows drops) are encoded too.
 *
 * @throws UsageError when the name is empty or too long once encoded.
 */
export function sessionFolderName(sessionName: string): string {
  if (sessionName === '') {
    throw new UsageError(
      'A recording has an empty session name, so its baselines have no folder. Set meta.name in the recording to a non-empty name.',
    );
  }

  let encoded = '';
  for (const character of sessionName) {
    encoded += SAFE_CHARACTER.test(character) ? character : percentEncode(character);
  }
  encoded = encoded
    .replace(/^[. ]+/, (run) => [...run].map(percentEncode).join(''))
    .replace(/[. ]+$/, (run) => [...run].map(percentEncode).join(''));

  if (encoded.length > MAX_SESSION_FOLDER_LENGTH) {
    throw new UsageError(
      `Session name "${sessionName}" is too long for a baseline folder (${encoded.length} characters once encoded, maximum ${MAX_SESSION_FOLDER_LENGTH}). Shorten meta.name in the recording.`,
    );
  }
  return encoded;
}

function percentEncode(character: string): string {
  return [...Buffer.from(character, 'utf8')]
    .map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`)
    .join('');
}
