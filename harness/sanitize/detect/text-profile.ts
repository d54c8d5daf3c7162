/**
 * Character statistics of a text, gathered in one pass and shared by every detector's
 * `mayMatch`. Most strings of a recording (labels, class names, ids, prose) lack what each
 * detector needs, such as an `@`, seven digits or two colons, so they are ruled out without
 * running any detector's own search. The three counts are exact up to
 * {@link PROFILE_SATURATION}, and on long texts they may stop there.
 */
export interface TextProfile {
  /** Number of ASCII digits. */
  digits: number;
  /** Length of the longest run of consecutive ASCII digits. */
  longestDigitRun: number;
  /** Number of `:` characters. */
  colons: number;
  /** Bit set of the {@link CHARACTER} classes present in the text. */
  characters: number;
}

/** Classes of characters that detectors need, as bits of {@link TextProfile.characters}. */
export const CHARACTER = {
  at: 1,
  dot: 2,
  equals: 4,
  percent: 8,
  underscore: 16,
  dash: 32,
  upper: 64,
  lower: 128,
  /** `A`, which starts AWS and Google keys. */
  capitalA: 256,
  /** `S`, which starts SendGrid keys and Twilio key SIDs. */
  capitalS: 512,
} as const;

const DIGIT = 1 << 15;

/** Class bits of each ASCII code; other characters have none. */
const CLASS_BITS = buildClassBits();

function buildClassBits(): Uint16Array {
  const bits = new Uint16Array(128);
  for (let code = 48; code <= 57; code++) {
    bits[code] = DIGIT;
  }
  for (let code = 65; code <= 90; code++) {
    bits[code] = CHARACTER.upper;
    bits[code + 32] = CHARACTER.lower;
  }
  bits[65] = CHARACTER.upper | CHARACTER.capitalA;
  bits[83] = CHARACTER.upper | CHARACTER.capitalS;
  bits[64] = CHARACTER.at;
  bits[46] = CHARACTER.dot;
  bits[61] = CHARACTER.equals;
  bits[37] = CHARACTER.percent;
  bits[95] = CHARACTER.underscore;
  bits[45] = CHARACTER.dash;
  return bits;
}

/**
 * Counts beyond which no detector's pre-check returns a different result. Once a long text reaches
 * all three, `profileText` stops counting and only looks for the character classes it has
 * not seen yet, with native searches. Pre-checks must not test higher counts.
 */
export const PROFILE_SATURATION = { digits: 13, longestDigitRun: 4, colons: 2 } as const;

/** Characters between two checks for saturation. */
const SATURATION_CHECK_INTERVAL = 256;

/**
 * Counts the digits, digit runs, colons and character classes of `text` in one pass. The
 * counts are exact up to {@link PROFILE_SATURATION} and may stop there on long texts.
 */
export function profileText(text: string): TextProfile {
  let digits = 0;
  let run = 0;
  let longestDigitRun = 0;
  let colons = 0;
  let characters = 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    const bits = code < 128 ? (CLASS_BITS[code] as number) : 0;
    if (bits === DIGIT) {
      digits++;
      run++;
      continue;
    }
    if (run > longestDigitRun) {
      longestDigitRun = run;
    }
    run = 0;
    characters |= bits;
    if (code === 58) {
      colons++;
    }
    if (index % SATURATION_CHECK_INTERVAL === 0 && isSaturated(digits, longestDigitRun, colons)) {
      characters = findMissingClasses(text, index + 1, characters);
      break;
    }
  }
  return { digits, longestDigitRun: Math.max(run, longestDigitRun), colons, characters };
}

function isSaturated(digits: number, longestDigitRun: number, colons: number): boolean {
  return (
    digits >= PROFILE_SATURATION.digits &&
    longestDigitRun >= PROFILE_SATURATION.longestDigitRun &&
    colons >= PROFILE_SATURATION.colons
  );
}

/** Single characters of the classes, found with `indexOf` once counting has stopped. */
const CLASS_CHARACTERS: ReadonlyArray<readonly [number, string]> = [
  [CHARACTER.at, '@'],
  [CHARACTER.dot, '.'],
  [CHARACTER.equals, '='],
  [CHARACTER.percent, '%'],
  [CHARACTER.underscore, '_'],
  [CHARACTER.dash, '-'],
  [CHARACTER.capitalA, 'A'],
  [CHARACTER.capitalS, 'S'],
];
const UPPER_CASE = /[A-Z]/g;
const LOWER_CASE = /[a-z]/g;

/** Adds the classes present in `text` from `from` on that `characters` lacks. */
function findMissingClasses(text: string, from: number, characters: number): number {
  let found = characters;
  for (const [bit, character] of CLASS_CHARACTERS) {
    if ((found & bit) === 0 && text.indexOf(character, from) >= 0) {
      found |= bit;
    }
  }
  for (const [bit, pattern] of [
    [CHARACTER.upper, UPPER_CASE],
    [CHARACTER.lower, LOWER_CASE],
  ] as const) {
    if ((found & bit) === 0) {
      pattern.lastIndex = from;
      if (pattern.test(text)) {
        found |= bit;
      }
    }
  }
  return found;
}

/** Tells whether every class bit of `classes` is present in the profile. */
export function hasCharacters(profile: TextProfile, classes: number): boolean {
  return (profile.characters & classes) === classes;
}
