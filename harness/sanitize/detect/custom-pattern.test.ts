import { describe, expect, it } from 'vitest';
import { UsageError } from '../../shared/errors.js';
import { createCustomPatternDetector } from './custom-pattern.js';

describe('createCustomPatternDetector', () => {
  it('reports every match under the rule name', () => {
    const detector = createCustomPatternDetector({ name: 'order', pattern: 'ORD-\\d{6}' });
    expect(detector.find('ORD-123456 and ORD-654321')).toEqual([
      { detector: 'custom:order', start: 0, end: 10, value: 'ORD-123456' },
      { detector: 'custom:order', start: 15, end: 25, value: 'ORD-654321' },
    ]);
  });

  it('applies the rule flags', () => {
    const detector = createCustomPatternDetector({
      name: 'member',
      pattern: 'mbr-[a-z]+',
      flags: 'i',
    });
    expect(detector.find('MBR-ABC').map((finding) => finding.value)).toEqual(['MBR-ABC']);
  });

  it('skips empty matches', () => {
    const detector = createCustomPatternDetector({ name: 'empty', pattern: 'x*' });
    expect(detector.find('abxxc').map((finding) => finding.value)).toEqual(['xx']);
  });

  it('rejects a pattern that does not compile', () => {
    expect(() => createCustomPatternDetector({ name: 'broken', pattern: '(' })).toThrow(UsageError);
    expect(() => createCustomPatternDetector({ name: 'broken', pattern: '(' })).toThrow(/"broken"/);
  });
});
