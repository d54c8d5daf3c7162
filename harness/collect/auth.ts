import { createHash, timingSafeEqual } from 'node:crypto';

/** Environment variable that sets the collector's upload token. */
export const TOKEN_ENV = 'REPLAYGATE_COLLECT_TOKEN';

/** Minimum token length, so a token cannot be guessed by trying short strings. */
export const MIN_TOKEN_LENGTH = 16;

/**
 * Returns a function that checks whether an `Authorization` header carries the token. Both
 * sides are hashed to equal-length digests first, so the comparison takes the same time
 * whatever the header's length and content.
 */
export function createTokenCheck(token: string): (authorization: string | undefined) => boolean {
  const expected = digest(token);
  return (authorization) => {
    const match = /^Bearer[ ]+(\S+)\s*$/i.exec(authorization ?? '');
    const presented = match?.[1] ?? '';
    // The comparison runs even for a missing token, so timing does not tell the two apart.
    const equal = timingSafeEqual(digest(presented), expected);
    return equal && match !== null;
  };
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}
