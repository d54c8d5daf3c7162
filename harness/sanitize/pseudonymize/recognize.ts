import type { CountryCode } from 'libphonenumber-js/max';
import type { DetectorName } from '../types.js';
import { isReservedEmail } from './email.js';
import { isIbanPseudonym } from './iban.js';
import { isDocumentationIpv4, isDocumentationIpv6 } from './ip-address.js';
import { isJwtPseudonym } from './jwt.js';
import { isTestCardNumber } from './payment-card.js';
import { isPhonePseudonym } from './phone.js';
import { isPrivateKeyPseudonym, privateKeyBody } from './private-key.js';
import { isTokenPseudonym } from './token.js';
import { isSsnPseudonym } from './us-ssn.js';

/** Tells whether a text has no letter or digit left but the `X` and `*` of a mask. */
function isMaskedText(text: string): boolean {
  return /[X*]/.test(text) && !/[A-WYZa-z0-9]/.test(text.replace(/\\./g, ''));
}

function isMasked(value: string): boolean {
  const body = privateKeyBody(value);
  return body === undefined ? isMaskedText(value) : isMaskedText(value.slice(body.from, body.to));
}

/**
 * Tells whether a found value is a pseudonym or a mask that replaygate wrote, so `scan` and
 * `audit` do not report sanitized output. The rules are public and need no key:
 * - e-mail addresses on reserved domains (`example.com`, `.example`, `.test`, RFC 2606);
 * - IPv4 in 192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24 (RFC 5737), IPv6 in 2001:db8::/32;
 * - Luhn-valid card numbers in public test ranges (`424242…`, `555555…`);
 * - values carrying a public tag: JWT signatures and private keys from any detector, and
 *   IBANs, SSNs, phones and tokens only from their own detectors. Short digit strings carry
 *   short tags that other values would match too often (see `public-tag.ts`);
 * - masks: values (or private key bodies) with no letter or digit left but `X` and `*`.
 * The structural checks run on every finding whatever its detector, because the same span
 * can be found by several detectors (an e-mail pseudonym is also a URL parameter value).
 */
export function isPseudonym(
  detector: DetectorName,
  value: string,
  phoneRegion: CountryCode,
): boolean {
  if (
    isReservedEmail(value) ||
    isDocumentationIpv4(value) ||
    isDocumentationIpv6(value) ||
    isTestCardNumber(value) ||
    isJwtPseudonym(value) ||
    isPrivateKeyPseudonym(value) ||
    isMasked(value)
  ) {
    return true;
  }
  switch (detector) {
    case 'iban':
      return isIbanPseudonym(value);
    case 'us-ssn':
      return isSsnPseudonym(value);
    case 'phone':
      return isPhonePseudonym(value, phoneRegion);
    case 'api-key':
    case 'bearer-token':
    case 'url-secret':
      return isTokenPseudonym(value);
    default:
      return detector.startsWith('custom:') && isTokenPseudonym(value);
  }
}
