import type { CountryCode } from 'libphonenumber-js/max';
import { apiKeyPrefixLength } from '../detect/api-key.js';
import type { DetectorName, ReplacementMode } from '../types.js';
import { pseudonymizeEmail } from './email.js';
import { maskRange } from './format-preserving.js';
import { pseudonymizeIban } from './iban.js';
import { pseudonymizeIpv4, pseudonymizeIpv6 } from './ip-address.js';
import { pseudonymizeJwt, type EmbeddedSanitizer } from './jwt.js';
import { pseudonymizeCard } from './payment-card.js';
import { pseudonymizePhone } from './phone.js';
import { privateKeyBody, pseudonymizePrivateKey } from './private-key.js';
import { pseudonymizeToken } from './token.js';
import { pseudonymizeSsn } from './us-ssn.js';

/** Inputs of a replacement besides the value: the key and the session's settings. */
export interface ReplacementContext {
  /** HMAC-SHA256 key; the same key gives the same pseudonyms in every session. */
  key: Buffer;
  /** Region for phone numbers written without a calling code. */
  phoneRegion: CountryCode;
  /** Replaces findings inside text embedded in a value, such as a JWT claim. */
  sanitizeEmbedded: EmbeddedSanitizer;
}

function pseudonymizeSpecific(
  detector: DetectorName,
  value: string,
  context: ReplacementContext,
): string | undefined {
  const { key } = context;
  switch (detector) {
    case 'email':
      return pseudonymizeEmail(value, key);
    case 'phone':
      return pseudonymizePhone(value, key, context.phoneRegion);
    case 'payment-card':
      return pseudonymizeCard(value, key);
    case 'iban':
      return pseudonymizeIban(value, key);
    case 'us-ssn':
      return pseudonymizeSsn(value, key);
    case 'jwt':
      return pseudonymizeJwt(value, key, context.sanitizeEmbedded);
    case 'private-key':
      return pseudonymizePrivateKey(value, key);
    case 'ipv4':
      return pseudonymizeIpv4(value, key);
    case 'ipv6':
      return pseudonymizeIpv6(value, key);
    case 'api-key':
      return pseudonymizeToken(value, key, apiKeyPrefixLength(value));
    default:
      return undefined;
  }
}

/**
 * Returns the format-preserving pseudonym of a value found by `detector`. A value that does
 * not fit the detector's format (possible through `replaceWhole`) gets the token pseudonym:
 * same length and classes per position, with a public tag.
 */
export function pseudonymize(
  detector: DetectorName,
  value: string,
  context: ReplacementContext,
): string {
  return pseudonymizeSpecific(detector, value, context) ?? pseudonymizeToken(value, context.key);
}

/**
 * Returns `value` masked at the same length, with digits as `X` and letters as `*`.
 * Separators, the provider prefix of an API key and the BEGIN and END lines of a private
 * key stay.
 */
export function mask(detector: DetectorName, value: string): string {
  if (detector === 'private-key') {
    const body = privateKeyBody(value);
    return body === undefined ? maskRange(value) : maskRange(value, body.from, body.to);
  }
  if (detector === 'api-key') {
    return maskRange(value, apiKeyPrefixLength(value));
  }
  return maskRange(value);
}

/** Returns the replacement of a found value in `mode`: a pseudonym, a mask or `''`. */
export function replaceValue(
  detector: DetectorName,
  value: string,
  mode: ReplacementMode,
  context: ReplacementContext,
): string {
  if (mode === 'drop') {
    return '';
  }
  return mode === 'mask' ? mask(detector, value) : pseudonymize(detector, value, context);
}
