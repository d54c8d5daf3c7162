import type { Finding } from '../types.js';
import { isLuhnValid } from './checksums.js';
import { isWordAt, isWordBefore, type Detector } from './detector.js';

/** A card network: its issuer identification number (IIN) ranges and card lengths. */
export interface CardNetwork {
  name: string;
  /** Inclusive IIN ranges as equal-length digit strings. */
  ranges: ReadonlyArray<readonly [string, string]>;
  lengths: readonly number[];
}

const LENGTHS_16_TO_19 = [16, 17, 18, 19];

/** Issuer identification number ranges and lengths of the major card networks. */
export const CARD_NETWORKS: readonly CardNetwork[] = [
  { name: 'visa', ranges: [['4', '4']], lengths: [13, 16, 19] },
  {
    name: 'mastercard',
    ranges: [
      ['51', '55'],
      ['2221', '2720'],
    ],
    lengths: [16],
  },
  {
    name: 'amex',
    ranges: [
      ['34', '34'],
      ['37', '37'],
    ],
    lengths: [15],
  },
  {
    name: 'discover',
    ranges: [
      ['6011', '6011'],
      ['644', '649'],
      ['65', '65'],
    ],
    lengths: LENGTHS_16_TO_19,
  },
  { name: 'jcb', ranges: [['3528', '3589']], lengths: LENGTHS_16_TO_19 },
  {
    name: 'diners',
    ranges: [
      ['300', '305'],
      ['3095', '3095'],
      ['36', '36'],
      ['38', '39'],
    ],
    lengths: [14, 15, 16, 17, 18, 19],
  },
  { name: 'unionpay', ranges: [['62', '62']], lengths: LENGTHS_16_TO_19 },
  {
    name: 'maestro',
    ranges: [
      ['50', '50'],
      ['56', '58'],
      ['6304', '6304'],
      ['6759', '6759'],
      ['6761', '6763'],
    ],
    lengths: [13, 14, 15, 16, 17, 18, 19],
  },
];

/** Tells whether `digits` starts with a prefix in the inclusive range `[low, high]`. */
export function isInIinRange(digits: string, [low, high]: readonly [string, string]): boolean {
  const prefix = digits.slice(0, low.length);
  return prefix.length === low.length && prefix >= low && prefix <= high;
}

/**
 * Returns the network and IIN range of a digit string whose prefix and length are those of a
 * known card network, or undefined. The ranges of different networks do not overlap.
 */
export function findCardRange(
  digits: string,
): { network: CardNetwork; range: readonly [string, string] } | undefined {
  for (const network of CARD_NETWORKS) {
    if (!network.lengths.includes(digits.length)) {
      continue;
    }
    const range = network.ranges.find((candidate) => isInIinRange(digits, candidate));
    if (range !== undefined) {
      return { network, range };
    }
  }
  return undefined;
}

/** Tells whether a digit string has the IIN prefix and length of a known card network. */
export function hasKnownIin(digits: string): boolean {
  return findCardRange(digits) !== undefined;
}

/** Tells whether a digit string is a plausible card number: known IIN, length and Luhn. */
export function isCardNumber(digits: string): boolean {
  return digits.length >= 13 && digits.length <= 19 && hasKnownIin(digits) && isLuhnValid(digits);
}

/**
 * Every card format starts with a group of four digits, and a regex that requires them up
 * front runs several times faster over digit-heavy JSON than one that may start anywhere. A
 * candidate ends at 19 digits, the longest card, so a long run of digit groups costs no
 * more per group than a short one.
 */
const CANDIDATE = /\d{4}(?:[ -]?\d){9,18}/g;

/**
 * Returns where the scan goes on after a candidate that starts at `start`: at the next digit
 * group, because a run of groups can hold several cards, or one after other numbers
 * (`1700000000000 4111 1111 1111 1111`). A candidate without separators is one digit run,
 * and no card starts inside a run, so the scan goes on at its end.
 */
function nextGroupStart(start: number, candidate: string): number {
  const separator = candidate.search(/[ -]/);
  return separator < 0 ? start + candidate.length : start + separator + 1;
}

/**
 * Returns the longest prefix of `candidate` that is a card number with consistent grouping:
 * no separators, or one separator character between groups of 4 to 6 digits (the last
 * group may be shorter). Shorter prefixes end at a separator, so `4111 1111 1111 1111 12`
 * yields the 16-digit card.
 */
function longestCard(candidate: string): string | undefined {
  const separators = new Set(candidate.replace(/\d/g, ''));
  if (separators.size > 1) {
    return undefined;
  }
  const groups = separators.size === 0 ? [candidate] : candidate.split(/[ -]/);
  for (let count = groups.length; count >= 1; count -= 1) {
    const kept = groups.slice(0, count);
    const innerGroupsValid = kept
      .slice(0, -1)
      .every((group) => group.length >= 4 && group.length <= 6);
    const digits = kept.join('');
    if (innerGroupsValid && isCardNumber(digits)) {
      return kept.join([...separators][0] ?? '');
    }
  }
  return undefined;
}

/**
 * Finds payment card numbers: 13 to 19 digits, optionally grouped by spaces or dashes, with a
 * known IIN and a valid Luhn check. Epoch milliseconds (13 digits starting with 1) have no
 * known IIN and are not reported.
 */
export const paymentCardDetector: Detector = {
  name: 'payment-card',
  // A card has 13 digits or more and starts with a group of four.
  mayMatch: (_text, profile) => profile.digits >= 13 && profile.longestDigitRun >= 4,
  find(text) {
    const findings: Finding[] = [];
    CANDIDATE.lastIndex = 0;
    for (let match = CANDIDATE.exec(text); match !== null; match = CANDIDATE.exec(text)) {
      const start = match.index;
      if (text.charAt(start - 1) === '%') {
        // The first two digits belong to a percent-encoding (`%20`): look again after them.
        CANDIDATE.lastIndex = start + 2;
        continue;
      }
      CANDIDATE.lastIndex = nextGroupStart(start, match[0]);
      const first = match[0].charCodeAt(0);
      // Known IINs start with 2 to 6, which rules out epoch milliseconds (17…) at once.
      if (first < 50 || first > 54) {
        continue;
      }
      const before = text.charAt(start - 1);
      if (isWordBefore(text, start) || before === '.' || before === '-') {
        continue;
      }
      const value = longestCard(match[0]);
      const end = start + (value?.length ?? 0);
      if (
        value !== undefined &&
        !isWordAt(text, end) &&
        !/^[.,]\d/.test(text.slice(end, end + 2))
      ) {
        findings.push({ detector: 'payment-card', start, end, value });
        CANDIDATE.lastIndex = end;
      }
    }
    return findings;
  },
};
