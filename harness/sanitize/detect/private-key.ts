import type { Finding } from '../types.js';
import type { Detector } from './detector.js';
import { CHARACTER, hasCharacters } from './text-profile.js';

const PEM_PRIVATE_KEY =
  /-----BEGIN ((?:[A-Z0-9]+ )*)PRIVATE KEY-----[\s\S]*?-----END \1PRIVATE KEY-----/g;

/** Finds PEM private key blocks (PKCS #1, PKCS #8, EC, OpenSSH, encrypted), whole. */
export const privateKeyDetector: Detector = {
  name: 'private-key',
  mayMatch: (text, profile) =>
    hasCharacters(profile, CHARACTER.dash | CHARACTER.upper) && text.includes('PRIVATE KEY-----'),
  find(text) {
    const findings: Finding[] = [];
    for (const match of text.matchAll(PEM_PRIVATE_KEY)) {
      findings.push({
        detector: 'private-key',
        start: match.index,
        end: match.index + match[0].length,
        value: match[0],
      });
    }
    return findings;
  },
};
