import { describe, expect, it } from 'vitest';
import { usSsnDetector } from './us-ssn.js';

function values(text: string): string[] {
  return usSsnDetector.find(text).map((finding) => finding.value);
}

describe('usSsnDetector', () => {
  it.each([
    ['SSN 123-45-6789', '123-45-6789'],
    ['{"ssn":"078-05-1120"}', '078-05-1120'],
    ['ssn 536 22 8147 on file', '536 22 8147'],
  ])('finds the SSN in %s', (text, expected) => {
    expect(values(text)).toEqual([expected]);
  });

  it.each([
    ['area 000', '000-12-3456'],
    ['area 666', '666-12-3456'],
    ['area 9xx', '912-34-5678'],
    ['group 00', '123-00-4567'],
    ['serial 0000', '123-45-0000'],
    ['mixed separators', '123-45 6789'],
    ['part of a phone number', '+1 212-55-5014'],
    ['part of a longer number', '1-123-45-6789'],
    ['a date', '2026-11-0412'],
  ])('finds nothing with %s', (_case, text) => {
    expect(values(text)).toEqual([]);
  });
});
