import { streamFor } from './keyed-stream.js';
import { digitTag } from './public-tag.js';

const SSN_LABEL = 'us-ssn';

function serialTag(area: string, group: string): string {
  // Serial 0000 is never issued, so the tag takes values 0001 to 9999.
  const tag = Number(digitTag(SSN_LABEL, `${area}${group}`, 4)) % 9999;
  return String(tag + 1).padStart(4, '0');
}

function splitDigits(value: string): string | undefined {
  const digits = value.replace(/[^0-9]/g, '');
  return digits.length === 9 ? digits : undefined;
}

/** Tells whether `value` is an SSN pseudonym: its serial is the public tag of area and group. */
export function isSsnPseudonym(value: string): boolean {
  const digits = splitDigits(value);
  if (digits === undefined) {
    return false;
  }
  return digits.slice(5) === serialTag(digits.slice(0, 3), digits.slice(3, 5));
}

/**
 * Pseudonymizes a US SSN with valid-format digits: area 001-899 without 666, group 01-99,
 * and the public tag as serial. Separators stay where they were.
 * Returns undefined for a value without nine digits.
 */
export function pseudonymizeSsn(value: string, key: Buffer): string | undefined {
  const digits = splitDigits(value);
  if (digits === undefined) {
    return undefined;
  }
  const stream = streamFor(key, SSN_LABEL, digits);
  let areaNumber = 1 + stream.nextInt(898);
  if (areaNumber >= 666) {
    areaNumber += 1;
  }
  const area = String(areaNumber).padStart(3, '0');
  const group = String(1 + stream.nextInt(99)).padStart(2, '0');
  const replaced = `${area}${group}${serialTag(area, group)}`;
  let position = 0;
  return value.replace(/[0-9]/g, () => {
    const char = replaced.charAt(position);
    position += 1;
    return char;
  });
}
