import { createHash } from 'node:crypto';
import { fillSlots, toChars, variableSlots } from './format-preserving.js';
import { streamFor, type KeyedStream } from './keyed-stream.js';

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const SIGNATURE_TAG_LENGTH = 8;
/** Header field that marks a pseudonym of an unsigned token, which has no signature to tag. */
const UNSIGNED_MARKER = 'replaygate_pseudonym';
/** Claims that name no person or secret and that apps read during a replay. */
const PUBLIC_CLAIMS = new Set([
  'alg',
  'typ',
  'cty',
  'enc',
  'zip',
  'iss',
  'aud',
  'azp',
  'scope',
  'scp',
  'token_use',
  'amr',
  'acr',
  'client_id',
  'role',
  'roles',
  'groups',
  'permissions',
  'locale',
  'zoneinfo',
  'ver',
]);
/** Time claims stay as they are, so expiry checks still pass under the replay clock. */
const TIME_CLAIMS = new Set(['exp', 'iat', 'nbf', 'auth_time', 'updated_at']);

/** Replaces the personal and secret values embedded in one claim string. */
export type EmbeddedSanitizer = (text: string) => string;

function decodeSegment(segment: string): unknown {
  try {
    return JSON.parse(Buffer.from(segment, 'base64url').toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

function encodeSegment(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

function signatureTag(signingInput: string): string {
  const digest = createHash('sha256')
    .update(`replaygate-pseudonym-v1\u0000jwt\u0000${signingInput}`)
    .digest();
  let tag = '';
  for (let index = 0; index < SIGNATURE_TAG_LENGTH; index += 1) {
    tag += BASE64URL.charAt((digest[index] as number) % 64);
  }
  return tag;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Tells whether `value` is a JWT pseudonym: a tagged signature, or the unsigned marker. */
export function isJwtPseudonym(value: string): boolean {
  const parts = value.split('.');
  if (parts.length !== 3) {
    return false;
  }
  const [header, payload, signature] = parts as [string, string, string];
  if (signature === '') {
    const decoded = decodeSegment(header);
    return isObject(decoded) && decoded[UNSIGNED_MARKER] === true;
  }
  return signature.startsWith(signatureTag(`${header}.${payload}`));
}

interface ClaimContext {
  key: Buffer;
  sanitizeEmbedded: EmbeddedSanitizer;
}

function replaceString(text: string, context: ClaimContext): string {
  const sanitized = context.sanitizeEmbedded(text);
  if (sanitized !== text) {
    return sanitized;
  }
  const chars = toChars(text);
  fillSlots(chars, variableSlots(text), streamFor(context.key, 'jwt-claim', text));
  return chars.join('');
}

function replaceClaim(name: string, value: unknown, context: ClaimContext): unknown {
  if (PUBLIC_CLAIMS.has(name) || TIME_CLAIMS.has(name)) {
    return value;
  }
  if (typeof value === 'string') {
    return replaceString(value, context);
  }
  if (typeof value === 'number' && Number.isInteger(value)) {
    return Number(replaceString(String(value), context));
  }
  if (Array.isArray(value)) {
    return value.map((item) => replaceClaim('', item, context));
  }
  if (isObject(value)) {
    return replaceClaims(value, context);
  }
  return value;
}

function replaceClaims(
  claims: Record<string, unknown>,
  context: ClaimContext,
): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(claims)) {
    result[name] = replaceClaim(name, value, context);
  }
  return result;
}

function randomBase64url(length: number, stream: KeyedStream): string {
  let text = '';
  for (let index = 0; index < length; index += 1) {
    text += BASE64URL.charAt(stream.nextInt(64));
  }
  return text;
}

/**
 * Pseudonymizes a JWT. The header keeps `alg` and `typ`, and time claims and public claims
 * stay. Claims naming a person or a secret get pseudonyms, and values that the text
 * detectors find get the same pseudonyms as elsewhere in the session. The signature becomes
 * keyed base64url of the same length that starts with a public tag, so no real key
 * verifies the result. Returns undefined when the header is not a JSON object.
 */
export function pseudonymizeJwt(
  value: string,
  key: Buffer,
  sanitizeEmbedded: EmbeddedSanitizer,
): string | undefined {
  const [header = '', payload = '', signature = ''] = value.split('.');
  const decodedHeader = decodeSegment(header);
  if (!isObject(decodedHeader)) {
    return undefined;
  }
  const context = { key, sanitizeEmbedded };
  const stream = streamFor(key, 'jwt', value);
  const newHeader = replaceClaims(decodedHeader, context);
  const decodedPayload = decodeSegment(payload);
  const newPayload = isObject(decodedPayload)
    ? encodeSegment(replaceClaims(decodedPayload, context))
    : randomBase64url(payload.length, stream);
  if (signature === '') {
    newHeader[UNSIGNED_MARKER] = true;
    return `${encodeSegment(newHeader)}.${newPayload}.`;
  }
  const signingInput = `${encodeSegment(newHeader)}.${newPayload}`;
  const tag = signatureTag(signingInput).slice(0, signature.length);
  return `${signingInput}.${tag}${randomBase64url(signature.length - tag.length, stream)}`;
}
