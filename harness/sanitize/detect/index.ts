import type { CountryCode } from 'libphonenumber-js/max';
import type { SanitizeRules } from '../types.js';
import { apiKeyDetector } from './api-key.js';
import { bearerTokenDetector } from './bearer-token.js';
import { createCustomPatternDetector } from './custom-pattern.js';
import type { Detector } from './detector.js';
import { emailDetector } from './email.js';
import { ibanDetector } from './iban.js';
import { ipv4Detector } from './ipv4.js';
import { ipv6Detector } from './ipv6.js';
import { jwtDetector } from './jwt.js';
import { paymentCardDetector } from './payment-card.js';
import { createPhoneDetector } from './phone.js';
import { privateKeyDetector } from './private-key.js';
import { urlSecretDetector } from './url-secret.js';
import { usSsnDetector } from './us-ssn.js';

export type { Detector } from './detector.js';
export { compileAllowList, type AllowTest } from './allow-list.js';
export { findAll, resolveOverlaps } from './scan.js';

/**
 * Creates every built-in detector and one per custom pattern rule.
 *
 * @throws UsageError when a custom pattern does not compile.
 */
export function createDetectors(rules: SanitizeRules, phoneRegion: CountryCode): Detector[] {
  return [
    privateKeyDetector,
    jwtDetector,
    bearerTokenDetector,
    apiKeyDetector,
    urlSecretDetector,
    emailDetector,
    paymentCardDetector,
    ibanDetector,
    usSsnDetector,
    createPhoneDetector(phoneRegion),
    ipv4Detector,
    ipv6Detector,
    ...(rules.patterns ?? []).map(createCustomPatternDetector),
  ];
}
