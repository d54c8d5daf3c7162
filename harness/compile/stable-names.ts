/** Attributes that apps set for tests, in order of preference. */
export const TEST_ID_ATTRIBUTES = [
  'data-testid',
  'data-test-id',
  'data-test',
  'data-cy',
  'data-qa',
] as const;

/**
 * Prefixes of ids that frameworks and widget libraries number per render or per instance,
 * so the same element gets another id on the next run.
 */
const GENERATED_ID_PREFIXES = [
  /^ember\d/,
  /^react-/,
  /^radix-/,
  /^headlessui-/,
  /^mui-/,
  /^rc-/,
  /^downshift-/,
  /^mat-[a-z-]*-\d+$/,
  /^cdk-[a-z-]*-\d+$/,
  /^ext-(gen|comp|element)?-?\d+/,
  /^gwt-uid-/,
  /^yui_/,
  /^dijit_/,
  /^ui-id-\d+$/,
  /^vue-/,
  /^ng-/,
  /^svelte-/,
  /^__/,
];

/** Classes that state changes toggle, so they do not identify an element across moments. */
const STATE_CLASSES = new Set([
  'active',
  'selected',
  'completed',
  'editing',
  'checked',
  'disabled',
  'enabled',
  'hidden',
  'visible',
  'open',
  'opened',
  'closed',
  'collapsed',
  'expanded',
  'focus',
  'focused',
  'hover',
  'hovered',
  'current',
  'loading',
  'loaded',
  'error',
  'invalid',
  'valid',
  'dirty',
  'pristine',
  'touched',
  'untouched',
  'show',
  'in',
  'fade',
]);

/** Class prefixes of CSS-in-JS and scoped-style tools, which hash the class name per build. */
const GENERATED_CLASS_PREFIXES = [
  /^css-/,
  /^sc-/,
  /^jsx-\d/,
  /^svelte-/,
  /^emotion-/,
  /^ng-/,
  /^_/,
];

/** Prefixes of state classes in common naming conventions (BEM modifiers, `is-open`). */
const STATE_CLASS_PREFIXES = [/^is-/, /^has-/, /--/];

/**
 * Returns true when an id looks generated: React `useId` values (`:r1:`), framework
 * prefixes, runs of four or more digits, long hex hashes and UUIDs.
 */
export function isGeneratedId(id: string): boolean {
  if (id.trim() === '' || id.includes(':')) {
    return true;
  }
  if (/\d{4,}/.test(id) || /^\d/.test(id)) {
    return true;
  }
  if (looksLikeHash(id)) {
    return true;
  }
  return GENERATED_ID_PREFIXES.some((pattern) => pattern.test(id));
}

/**
 * Returns true when a class name is worth putting in a selector: not a state class, not a
 * hashed class from a CSS-in-JS tool, and no long digit runs.
 */
export function isStableClass(name: string): boolean {
  if (STATE_CLASSES.has(name.toLowerCase())) {
    return false;
  }
  if (/\d{3,}/.test(name) || looksLikeHash(name)) {
    return false;
  }
  if (GENERATED_CLASS_PREFIXES.some((pattern) => pattern.test(name))) {
    return false;
  }
  return !STATE_CLASS_PREFIXES.some((pattern) => pattern.test(name));
}

/** Returns true for a segment of 6+ characters mixing hex letters and digits, or of 8+ hex characters. */
function looksLikeHash(value: string): boolean {
  return value.split(/[-_]/).some((segment) => {
    if (!/^[0-9a-f]+$/i.test(segment)) {
      return false;
    }
    const mixed = /\d/.test(segment) && /[a-f]/i.test(segment);
    return (mixed && segment.length >= 6) || segment.length >= 8;
  });
}
