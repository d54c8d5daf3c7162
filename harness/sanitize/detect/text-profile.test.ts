import { describe, expect, it } from 'vitest';
import type { Finding } from '../types.js';
import { NEGATIVE_CORPUS, POSITIVE_CORPUS } from './corpus.js';
import { createDetectors, findAll } from './index.js';
import { CHARACTER, hasCharacters, PROFILE_SATURATION, profileText } from './text-profile.js';

const detectors = createDetectors({}, 'US');

/** Every detector's `find`, without the pre-checks: what `findAll` must return. */
function findWithoutPrecheck(text: string): Finding[] {
  return detectors.flatMap((detector) => detector.find(text));
}

/** Variants of a corpus text: every prefix and suffix, and encoded, cased and spaced forms. */
function variants(text: string): string[] {
  const forms = [
    text,
    encodeURIComponent(text),
    JSON.stringify(text),
    text.toUpperCase(),
    text.toLowerCase(),
    text.replace(/ /g, ''),
    `{"value":${JSON.stringify(text)}}`,
  ];
  const cuts: string[] = [];
  for (let index = 1; index < text.length; index++) {
    cuts.push(text.slice(0, index), text.slice(index));
  }
  return [...forms, ...cuts];
}

describe('profileText', () => {
  it('counts digits, the longest digit run and colons', () => {
    const profile = profileText('a1:22:333 b4444');
    expect(profile.digits).toBe(10);
    expect(profile.longestDigitRun).toBe(4);
    expect(profile.colons).toBe(2);
  });

  it('records the character classes present', () => {
    const profile = profileText('ASb@.=%_-');
    const all =
      CHARACTER.at |
      CHARACTER.dot |
      CHARACTER.equals |
      CHARACTER.percent |
      CHARACTER.underscore |
      CHARACTER.dash |
      CHARACTER.upper |
      CHARACTER.lower |
      CHARACTER.capitalA |
      CHARACTER.capitalS;
    expect(hasCharacters(profile, all)).toBe(true);
    expect(hasCharacters(profileText('bcd'), CHARACTER.upper)).toBe(false);
    expect(hasCharacters(profileText('B'), CHARACTER.capitalA)).toBe(false);
    expect(hasCharacters(profileText('B'), CHARACTER.capitalS)).toBe(false);
  });

  it('finds classes after the counts saturate', () => {
    const saturating = `{"id":12345678901234,"at":1}${' x'.repeat(300)}`;
    const profile = profileText(`${saturating}ASb@.=%_-`);
    expect(profile.digits).toBeGreaterThanOrEqual(PROFILE_SATURATION.digits);
    expect(profile.colons).toBeGreaterThanOrEqual(PROFILE_SATURATION.colons);
    expect(profile.longestDigitRun).toBeGreaterThanOrEqual(PROFILE_SATURATION.longestDigitRun);
    for (const bit of Object.values(CHARACTER)) {
      expect({ bit, present: hasCharacters(profile, bit) }).toEqual({ bit, present: true });
    }
  });

  it('ignores characters outside ASCII', () => {
    const profile = profileText('é٣＠');
    expect(profile).toEqual({ digits: 0, longestDigitRun: 0, colons: 0, characters: 0 });
  });
});

describe('detector pre-checks', () => {
  it.each(POSITIVE_CORPUS.map((entry) => [entry.detector, entry.value, entry.text]))(
    'pass for %s %s',
    (name, _value, text) => {
      const detector = detectors.find((candidate) => candidate.name === name);
      expect(detector?.mayMatch(text, profileText(text))).toBe(true);
    },
  );

  it('skip no finding in variants of the corpus', () => {
    const texts = [...POSITIVE_CORPUS.map((entry) => entry.text), ...NEGATIVE_CORPUS].flatMap(
      variants,
    );
    const missed = texts.filter(
      (text) => findAll(text, detectors).length !== findWithoutPrecheck(text).length,
    );
    expect(texts.length).toBeGreaterThan(5_000);
    expect(missed).toEqual([]);
  });

  it('skip no finding in a long text', () => {
    // Counts saturate in the first characters, so later values rely on the class search.
    const long = `{"id":12345678901234,"a":1,"b":2}${' pad'.repeat(200)} ${POSITIVE_CORPUS.map(
      (entry) => entry.text,
    ).join(' | ')}`;
    expect(findAll(long, detectors).length).toBe(findWithoutPrecheck(long).length);
    for (const entry of POSITIVE_CORPUS) {
      const text = `{"id":12345678901234,"a":1,"b":2}${' pad'.repeat(200)} ${entry.text}`;
      expect({ text, found: findAll(text, detectors).length }).toEqual({
        text,
        found: findWithoutPrecheck(text).length,
      });
    }
  });

  it('rule out plain recording text', () => {
    const plain = ['address refund parcel voucher #12', 'row item-4', 'Add to cart', '14px'];
    for (const text of plain) {
      const profile = profileText(text);
      const passing = detectors.filter((detector) => detector.mayMatch(text, profile));
      expect({ text, passing: passing.map((detector) => detector.name) }).toEqual({
        text,
        passing: [],
      });
    }
  });
});
