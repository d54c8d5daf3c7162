import type { z } from 'zod';
import { CONFIG_RULES, describeExpected } from './schema.js';

const MAX_VALUE_LENGTH = 80;

/** Renders a value for an error message: JSON where possible, cut to one readable line. */
export function formatValue(value: unknown): string {
  if (value === undefined) {
    return 'undefined';
  }
  if (typeof value === 'function') {
    return 'a function';
  }
  if (typeof value === 'number' || typeof value === 'bigint') {
    return String(value);
  }
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > MAX_VALUE_LENGTH ? `${text.slice(0, MAX_VALUE_LENGTH - 1)}…` : text;
}

/** Joins a zod issue path for display, for example `recordings[1]` or `thresholds.pixelThreshold`. */
export function formatKeyPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') {
      text += `[${segment}]`;
    } else {
      text += text === '' ? String(segment) : `.${String(segment)}`;
    }
  }
  return text;
}

function ruleKey(path: readonly PropertyKey[]): string {
  return path
    .filter((segment) => typeof segment !== 'number')
    .map(String)
    .join('.');
}

/** Looks up the rule of the key path, or of its closest parent for keys inside a record. */
function expectationFor(path: readonly PropertyKey[]): string | undefined {
  const segments = ruleKey(path).split('.');
  for (let length = segments.length; length > 0; length--) {
    const expected = describeExpected(segments.slice(0, length).join('.'));
    if (expected !== undefined) {
      return expected;
    }
  }
  return undefined;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let current = input;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') {
      return undefined;
    }
    current = (current as Record<PropertyKey, unknown>)[segment];
  }
  return current;
}

/** Lists the keys the schema accepts directly under `parent` (empty string for the top level). */
function keysUnder(parent: string): string[] {
  const prefix = parent === '' ? '' : `${parent}.`;
  return Object.keys(CONFIG_RULES)
    .filter((key) => key.startsWith(prefix) && !key.slice(prefix.length).includes('.'))
    .map((key) => key.slice(prefix.length));
}

function editDistance(a: string, b: string): number {
  const previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = previous[0]!;
    previous[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = previous[j]!;
      const cost = a[i - 1]!.toLowerCase() === b[j - 1]!.toLowerCase() ? 0 : 1;
      previous[j] = Math.min(above + 1, previous[j - 1]! + 1, diagonal + cost);
      diagonal = above;
    }
  }
  return previous[b.length]!;
}

function describeUnknownKey(parent: string, key: string): string {
  const validKeys = keysUnder(parent);
  const where = parent === '' ? key : `${parent}.${key}`;
  const closest = validKeys
    .map((candidate) => ({ candidate, distance: editDistance(key, candidate) }))
    .sort((left, right) => left.distance - right.distance)[0];
  if (closest && closest.distance <= Math.max(2, Math.floor(key.length / 3))) {
    return `${where}: unknown key. Did you mean "${closest.candidate}"?`;
  }
  return `${where}: unknown key. Valid keys here: ${validKeys.join(', ')}.`;
}

/**
 * Turns one zod issue into message lines that name the key path, the value found and what is
 * expected. An issue about unknown keys gives one line per key.
 */
export function describeIssue(issue: z.core.$ZodIssue, input: unknown): string[] {
  if (issue.code === 'unrecognized_keys') {
    const parent = ruleKey(issue.path);
    return issue.keys.map((key) => describeUnknownKey(parent, key));
  }
  if (issue.code === 'custom' && issue.path.length === 0) {
    return [issue.message];
  }
  const shownPath = formatKeyPath(issue.path);
  const value = valueAt(input, issue.path);
  const expected = expectationFor(issue.path) ?? issue.message;
  const found = value === undefined ? 'it is missing' : `found ${formatValue(value)}`;
  return [`${shownPath}: expected ${expected}, ${found}.`];
}

/** Builds the message for an invalid config file, one line per problem. */
export function formatConfigFileError(
  file: string,
  issues: readonly z.core.$ZodIssue[],
  input: unknown,
): string {
  const lines = issues.flatMap((issue) => describeIssue(issue, input));
  return [
    `Invalid config in ${file}:`,
    ...lines.map((line) => `  - ${line}`),
    'Fix these values in the file, or remove a key to use its default.',
  ].join('\n');
}
