import { describe, expect, it } from 'vitest';
import { UsageError } from '../../shared/errors.js';
import { compileAllowList } from './allow-list.js';

describe('compileAllowList', () => {
  const isAllowed = compileAllowList([
    'support@northwind-trading.com',
    '/^10\\.20\\./',
    '/@corp\\.example$/i',
  ]);

  it('allows an exact value', () => {
    expect(isAllowed('support@northwind-trading.com')).toBe(true);
  });

  it('allows a value that a regex entry matches', () => {
    expect(isAllowed('10.20.30.40')).toBe(true);
    expect(isAllowed('Bob@CORP.example')).toBe(true);
  });

  it('rejects other values', () => {
    expect(isAllowed('sales@northwind-trading.com')).toBe(false);
    expect(isAllowed('10.21.30.40')).toBe(false);
  });

  it('rejects a regex entry that does not compile', () => {
    expect(() => compileAllowList(['/(/'])).toThrow(UsageError);
  });
});
