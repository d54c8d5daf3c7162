import { describe, expect, it } from 'vitest';
import { formatConfigFileError } from '../config/config-errors.js';
import { parseConfigObject } from '../config/schema.js';

function errorFor(config: unknown): string {
  const result = parseConfigObject(config);
  if (result.ok) {
    throw new Error(`expected ${JSON.stringify(config)} to be rejected`);
  }
  return formatConfigFileError('replaygate.config.ts', result.issues, config);
}

describe('sanitize config schema', () => {
  it('accepts every rule kind', () => {
    const sanitize = {
      patterns: [{ name: 'customer-id', pattern: 'CUST-\\d{6}', flags: 'i', mode: 'mask' }],
      selectors: [{ name: 'account', selector: '.account-name' }],
      jsonPaths: [{ name: 'names', path: '$..fullName', mode: 'pseudonymize' }],
      headers: [{ name: 'tenant', header: 'x-tenant-id', mode: 'drop' }],
      allow: ['support@example.com', '/^build-\\d+$/'],
      modes: { email: 'mask', 'payment-card': 'pseudonymize' },
      phoneRegion: 'DE',
    };
    const result = parseConfigObject({ sanitize });
    if (!result.ok) {
      throw new Error(`rejected: ${JSON.stringify(result.issues)}`);
    }
    expect(result.config.sanitize).toEqual(sanitize);
  });

  it.each([
    [{ selectorz: [] }, 'sanitize.selectorz: expected one of the keys patterns, selectors'],
    [{ selectors: [{ name: 'x' }] }, 'sanitize.selectors[0].selector: expected a CSS selector'],
    [{ jsonPaths: [{ name: 'x', path: 'user.email' }] }, 'expected a JSON path starting with $'],
    [
      { modes: { email: 'hide' } },
      'sanitize.modes.email: expected "pseudonymize", "mask" or "drop"',
    ],
    [{ phoneRegion: 'Germany' }, 'expected a two-letter region code'],
    [{ patterns: [{ name: 'x', pattern: 'a', flags: 'q' }] }, 'expected regular expression flags'],
    [
      { headers: [{ name: 'x', header: 'X Bad Header' }] },
      'sanitize.headers[0].header: expected a header name such as "x-api-key", made of letters, digits',
    ],
    [{ headers: [{ name: 'x', header: 'x-key:' }] }, 'found "x-key:"'],
    [
      {
        patterns: [{ name: 'customer-id', pattern: 'C-\\d+', mode: 'mask' }],
        selectors: [{ name: 'customer-id', selector: '.customer' }],
      },
      'sanitize.selectors[0].name: expected a name not used by a rule of another mode',
    ],
    [
      {
        headers: [
          { name: 'tenant', header: 'x-tenant', mode: 'drop' },
          { name: 'tenant', header: 'x-org', mode: 'mask' },
        ],
      },
      'Rename this rule or sanitize.headers[0], or give both the same mode ("drop" there, "mask" here)',
    ],
  ])('rejects %j', (sanitize, message) => {
    expect(errorFor({ sanitize })).toContain(message);
  });

  it('accepts one name for rules of one mode', () => {
    const sanitize = {
      patterns: [{ name: 'customer-id', pattern: 'C-\\d+' }],
      selectors: [{ name: 'customer-id', selector: '.customer', mode: 'pseudonymize' }],
      headers: [{ name: 'customer-id', header: "x-customer_id.v2!#$%&'*+^`|~" }],
    };

    expect(parseConfigObject({ sanitize }).ok).toBe(true);
  });
});

describe('sanitize rule values', () => {
  it('reports every invalid rule in one run', () => {
    const message = errorFor({
      sanitize: {
        patterns: [{ name: 'ref', pattern: 'ORD-(' }],
        selectors: [{ name: 'person', selector: 'div[[' }],
        jsonPaths: [{ name: 'person', path: '$.a[?(@.b)]', mode: 'drop' }],
      },
    });
    expect(message).toContain('sanitize.patterns[0].pattern: expected a regular expression');
    expect(message).toContain('sanitize.selectors[0].selector: expected a CSS selector');
    expect(message).toContain('sanitize.jsonPaths[0].path: expected a JSON path');
    expect(message).toContain('sanitize.jsonPaths[0].name: expected a name not used');
  });
});

describe('sanitize header rules', () => {
  it('reports an empty header name once', () => {
    const message = errorFor({ sanitize: { headers: [{ name: 'tenant', header: '' }] } });
    expect(message.split('sanitize.headers[0].header')).toHaveLength(2);
  });
});
