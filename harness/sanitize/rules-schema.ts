import { z } from 'zod';

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
      header: text('a header name, such as "x-api-key"').regex(HTTP_TOKEN, {
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

/**
 * Schema of `sanitize`: unknown keys are reported one by one with the valid keys, and rules
 * that share a name must share a mode.
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
    checkRuleNames(value, context);
  });
