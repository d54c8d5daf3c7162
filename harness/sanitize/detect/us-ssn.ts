import type { Finding } from '../types.js';
import { WORD_START, type Detector } from './detector.js';

/** Area-group-serial with one separator repeated; no letter, digit, `.`, `+` or `-` around. */
const SSN = new RegExp(
  `${WORD_START}(?<![.+-]|\\d[ -])(\\d{3})([- ])(\\d{2})\\2(\\d{4})(?![\\w-]|\\.\\d)`,
  'g',
);

/**
 * Tells whether area, group and serial were ever assignable: area not 000, 666 or 900-999
 * (the 9xx range is used for ITINs), group not 00, serial not 0000.
 */
export function isValidSsn(area: string, group: string, serial: string): boolean {
  return (
    area !== '000' && area !== '666' && !area.startsWith('9') && group !== '00' && serial !== '0000'
  );
}

/** Finds US social security numbers written `123-45-6789` or `123 45 6789`. */
export const usSsnDetector: Detector = {
  name: 'us-ssn',
  mayMatch: (text, profile) =>
    profile.digits >= 9 && profile.longestDigitRun >= 4 && /\d{3}[- ]\d{2}[- ]\d{4}/.test(text),
  find(text) {
    const findings: Finding[] = [];
    for (const match of text.matchAll(SSN)) {
      const [value, area = '', , group = '', serial = ''] = match;
      if (isValidSsn(area, group, serial)) {
        findings.push({
          detector: 'us-ssn',
          start: match.index,
          end: match.index + value.length,
          value,
        });
      }
    }
    return findings;
  },
};
