import { describe, expect, it } from 'vitest';
import { NEGATIVE_CORPUS, POSITIVE_CORPUS } from './corpus.js';
import { createDetectors, findAll } from './index.js';

const detectors = createDetectors({}, 'US');

describe('built-in detectors', () => {
  it.each(NEGATIVE_CORPUS.map((text) => [text]))('report nothing in %s', (text) => {
    expect(findAll(text, detectors)).toEqual([]);
  });

  it.each(POSITIVE_CORPUS.map((entry) => [entry.detector, entry.value, entry.text]))(
    'report %s %s',
    (detector, value, text) => {
      const findings = findAll(text, detectors).filter((finding) => finding.detector === detector);
      expect(findings.map((finding) => finding.value)).toEqual([value]);
    },
  );
});
