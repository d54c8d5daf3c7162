import { UsageError } from '../../shared/errors.js';
import type { DetectorName, Finding, SanitizeRules } from '../types.js';
import type { Detector } from './detector.js';

type PatternRule = NonNullable<SanitizeRules['patterns']>[number];

function compile(rule: PatternRule): RegExp {
  const flags = new Set((rule.flags ?? '').replace(/[gy]/g, ''));
  flags.add('g');
  try {
    return new RegExp(rule.pattern, [...flags].join(''));
  } catch (error) {
    throw new UsageError(
      `Invalid sanitize pattern "${rule.name}": /${rule.pattern}/${rule.flags ?? ''} does not compile ` +
        `(${(error as Error).message}). Fix the regular expression in the config's sanitize.patterns.`,
    );
  }
}

/**
 * Creates a detector for one `SanitizeRules.patterns` rule, named `custom:<name>`; each match
 * is a finding and empty matches are skipped.
 *
 * @throws UsageError when the pattern or its flags do not compile.
 */
export function createCustomPatternDetector(rule: PatternRule): Detector {
  const pattern = compile(rule);
  const name: DetectorName = `custom:${rule.name}`;
  return {
    name,
    mayMatch: () => true,
    find(text) {
      const findings: Finding[] = [];
      for (const match of text.matchAll(pattern)) {
        if (match[0] !== '') {
          findings.push({
            detector: name,
            start: match.index,
            end: match.index + match[0].length,
            value: match[0],
          });
        }
      }
      return findings;
    },
  };
}
