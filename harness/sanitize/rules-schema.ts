import { compile } from 'css-select';
import { z } from 'zod';
import type { MirrorNode } from '../compile/dom-mirror.js';
import { compileJsonPath } from './walk/json-path.js';
import { mirrorAdapter } from './walk/mirror-adapter.js';

/**
 * Schema of the `sanitize` key of the config file. Error messages are written as
 * expectations, because the config error formatter prints "<key>: expected <message>".
 */

const DETECTORS = [
  'email',
  'phone',
  'payment-card',
  'iban',
  'us-ssn',
  'jwt',
  'bearer-token',
  'api-key',
  'private-key',
  'ipv4',
  'ipv6',
  'url-secret',
] as const;

const SANITIZE_KEYS = [
  'patterns',
  'selectors',
  'jsonPaths',
  'headers',
  'allow',
  'modes',
  'phoneRegion',
];

/** An HTTP field name is a token (RFC 9110, section 5.1): no spaces, colons or quotes. */
const HTTP_TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const RULE_LISTS = ['patterns', 'selectors', 'jsonPaths', 'headers'] as const;

const text = (expected: string) => z.string({ error: expected }).trim().min(1, { error: expected });
const mode = z
  .enum(['pseudonymize', 'mask', 'drop'], { error: '"pseudonymize", "mask" or "drop"' })
  .optional();
const ruleName = text('a rule name, such as "customer-id"');

function ruleList<Shape extends z.ZodRawShape>(shape: Shape, expected: string) {
  return z
    .array(z.strictObject({ name: ruleName, ...shape, mode }), { error: expected })
    .optional();
}

const sanitizeFields = {
  patterns: ruleList(
    {
      pattern: text('a regular expression source, such as "CUST-\\\\d{6}"'),
      flags: z
        .string()
        .regex(/^[dgimsuvy]*$/, { error: 'regular expression flags such as "i"' })
        .optional(),
    },
    'a list of { name, pattern, flags?, mode? }',
  ),
  selectors: ruleList(
    { selector: text('a CSS selector, such as "[data-private]"') },
    'a list of { name, selector, mode? }',
  ),
  jsonPaths: ruleList(
    {
      path: z
        .string({ error: 'a JSON path' })
        .regex(/^\s*\$/, { error: 'a JSON path starting with $, such as "$.user.email"' }),
    },
    'a list of { name, path, mode? }',
  ),
  headers: ruleList(
    {
      // One check, so an empty name is reported once rather than as empty and as invalid.
      header: z.string({ error: 'a header name, such as "x-api-key"' }).trim().regex(HTTP_TOKEN, {
        error:
          'a header name such as "x-api-key", made of letters, digits and !#$%&\'*+-.^_`|~ without spaces',
      }),
    },
    'a list of { name, header, mode? }',
  ),
  allow: z
    .array(text('a value or a /regular expression/'), {
      error: 'a list of values or /regular expressions/',
    })
    .optional(),
  modes: z
    .partialRecord(z.enum(DETECTORS), mode, {
      error: `an object from detector names (${DETECTORS.join(', ')}) to modes`,
    })
    .optional(),
  phoneRegion: z
    .string()
    .regex(/^[A-Za-z]{2}$/, { error: 'a two-letter region code such as "US" or "DE"' })
    .optional(),
};

type RuleLists = Partial<
  Record<(typeof RULE_LISTS)[number], Array<{ name: string; mode?: string | undefined }>>
>;

/**
 * Reports a rule whose name an earlier rule of another mode already has. Rules of every list
 * with one name count and replace as one detector, `custom:<name>`, which has one mode, so
 * one of the two modes would be ignored. A rule without a mode has the default,
 * "pseudonymize".
 */
function checkRuleNames(value: RuleLists, context: z.RefinementCtx): void {
  const first = new Map<string, { where: string; mode: string }>();
  for (const list of RULE_LISTS) {
    (value[list] ?? []).forEach((rule, index) => {
      const mode = rule.mode ?? 'pseudonymize';
      const earlier = first.get(rule.name);
      if (earlier === undefined) {
        first.set(rule.name, { where: `sanitize.${list}[${index}]`, mode });
      } else if (earlier.mode !== mode) {
        context.addIssue({
          code: 'custom',
          path: [list, index, 'name'],
          message: `a name not used by a rule of another mode, because rules with one name share one mode. Rename this rule or ${earlier.where}, or give both the same mode ("${earlier.mode}" there, "${mode}" here)`,
        });
      }
    });
  }
}

/** Returns the message of the error that compiling `build` throws, or undefined. */
function compileError(build: () => unknown): string | undefined {
  try {
    build();
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

interface ValueRules {
  patterns?: Array<{ pattern: string; flags?: string | undefined }> | undefined;
  selectors?: Array<{ selector: string }> | undefined;
  jsonPaths?: Array<{ path: string }> | undefined;
}

/**
 * Reports every pattern, selector and JSON path that does not compile, with its key path, so
 * one run lists them all instead of the first one the sanitizer meets.
 */
function checkRuleValues(value: ValueRules, context: z.RefinementCtx): void {
  const report = (path: Array<string | number>, expected: string, error: string | undefined) => {
    if (error !== undefined) {
      context.addIssue({ code: 'custom', path, message: `${expected} (${error})` });
    }
  };
  (value.patterns ?? []).forEach((rule, index) =>
    report(
      ['patterns', index, 'pattern'],
      'a regular expression that compiles',
      compileError(() => new RegExp(rule.pattern, rule.flags)),
    ),
  );
  (value.selectors ?? []).forEach((rule, index) =>
    report(
      ['selectors', index, 'selector'],
      'a CSS selector that compiles, such as "[data-private]"',
      compileError(() =>
        compile<MirrorNode, MirrorNode>(rule.selector, { adapter: mirrorAdapter }),
      ),
    ),
  );
  (value.jsonPaths ?? []).forEach((rule, index) =>
    report(
      ['jsonPaths', index, 'path'],
      'a JSON path such as $.user.email, $.items[*].card or $..email',
      compileError(() => compileJsonPath(rule.path)),
    ),
  );
}

/**
 * Schema of `sanitize`: unknown keys are reported one by one with the valid keys, patterns,
 * selectors and JSON paths must compile, and rules that share a name must share a mode.
 */
export const sanitizeRulesSchema = z
  .looseObject(sanitizeFields, { error: `an object with ${SANITIZE_KEYS.join(', ')}` })
  .superRefine((value, context) => {
    for (const key of Object.keys(value)) {
      if (!SANITIZE_KEYS.includes(key)) {
        context.addIssue({
          code: 'custom',
          path: [key],
          message: `one of the keys ${SANITIZE_KEYS.join(', ')}`,
        });
      }
    }
    checkRuleValues(value, context);
    checkRuleNames(value, context);
  });
