import { UsageError } from '../shared/errors.js';
import { formatValue } from './config-errors.js';
import type { ReplayOption } from './options.js';
import { checkValue, describeExpected } from './schema.js';

/** The origin of a flag or environment value, named in error messages. */
export type OptionSource = { type: 'flag' } | { type: 'env'; name: string };

const NUMBER_PATTERN = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const NOT_PARSED = Symbol('not parsed');

function parseNumber(raw: unknown): number | typeof NOT_PARSED {
  if (typeof raw === 'number') {
    return raw;
  }
  if (typeof raw === 'string' && NUMBER_PATTERN.test(raw.trim())) {
    return Number(raw.trim());
  }
  return NOT_PARSED;
}

function parseWorkers(raw: unknown): number | string | typeof NOT_PARSED {
  if (typeof raw === 'string' && raw.trim().endsWith('%')) {
    return raw.trim();
  }
  return parseNumber(raw);
}

function parseBoolean(raw: unknown): boolean | typeof NOT_PARSED {
  if (typeof raw === 'boolean') {
    return raw;
  }
  const text = typeof raw === 'string' ? raw.trim().toLowerCase() : '';
  if (text === 'true' || text === '1') {
    return true;
  }
  if (text === 'false' || text === '0') {
    return false;
  }
  return NOT_PARSED;
}

/** Reads a list from a repeated flag (an array) or a comma-separated environment value. */
function parseList(raw: unknown): string[] | typeof NOT_PARSED {
  let items: unknown[];
  if (Array.isArray(raw)) {
    items = raw;
  } else if (typeof raw === 'string') {
    items = raw.split(',');
  } else {
    return NOT_PARSED;
  }
  if (!items.every((item) => typeof item === 'string' || typeof item === 'number')) {
    return NOT_PARSED;
  }
  return items.map((item) => String(item).trim()).filter((item) => item !== '');
}

/** Reads a list that is comma-separated in a flag too, so `--reporter a,b` equals `--reporter a --reporter b`. */
function parseNameList(raw: unknown): string[] | typeof NOT_PARSED {
  const items = parseList(raw);
  if (items === NOT_PARSED) {
    return NOT_PARSED;
  }
  return items
    .flatMap((item) => item.split(','))
    .map((item) => item.trim())
    .filter(Boolean);
}

function parseViewport(raw: unknown): { width: number; height: number } | typeof NOT_PARSED {
  const match = typeof raw === 'string' ? /^\s*(\d+)\s*[xX]\s*(\d+)\s*$/.exec(raw) : null;
  if (!match) {
    return NOT_PARSED;
  }
  return { width: Number(match[1]), height: Number(match[2]) };
}

/** Reads a path, or false from `--no-<flag>` (yargs passes false) or the text `false`. */
function parsePathOrFalse(raw: unknown): string | false | typeof NOT_PARSED {
  if (raw === false) {
    return false;
  }
  if (typeof raw !== 'string') {
    return NOT_PARSED;
  }
  const text = raw.trim();
  return text.toLowerCase() === 'false' ? false : text;
}

function parseRaw(option: ReplayOption, raw: unknown): unknown {
  switch (option.kind) {
    case 'number':
      return parseNumber(raw);
    case 'workers':
      return parseWorkers(raw);
    case 'boolean':
      return parseBoolean(raw);
    case 'list':
    case 'path-list':
      return parseList(raw);
    case 'name-list':
      return parseNameList(raw);
    case 'viewport':
      return parseViewport(raw);
    case 'path-or-false':
      return parsePathOrFalse(raw);
    case 'string':
    case 'path':
      return typeof raw === 'string' ? raw.trim() : NOT_PARSED;
  }
}

function expectedFor(option: ReplayOption): string {
  if (option.kind === 'viewport') {
    return 'WIDTHxHEIGHT in CSS pixels, both positive whole numbers';
  }
  const expected = describeExpected(option.key) ?? 'a valid value';
  if (option.kind === 'name-list') {
    return `${expected}, comma-separated`;
  }
  if (option.kind === 'list' || option.kind === 'path-list') {
    return option.env === null ? expected : `${expected}, comma-separated in the environment`;
  }
  return expected;
}

/** Option kinds whose flag may be given more than once, each time adding to the list. */
const REPEATABLE_KINDS: ReadonlySet<ReplayOption['kind']> = new Set([
  'list',
  'path-list',
  'name-list',
]);

/** Writes one value of a repeated flag as the user typed it: `false` was `--no-<flag>`. */
function describeFlagValue(option: ReplayOption, value: unknown): string {
  return value === false ? `--no-${option.flag}` : `--${option.flag} ${formatValue(value)}`;
}

function invalidValueError(option: ReplayOption, source: OptionSource, raw: unknown): UsageError {
  const expected = expectedFor(option);
  if (source.type === 'flag' && Array.isArray(raw) && !REPEATABLE_KINDS.has(option.kind)) {
    const occurrences = raw.map((value) => describeFlagValue(option, value)).join(', ');
    return new UsageError(
      `--${option.flag} was given ${raw.length} times (${occurrences}). Give it once, for example --${option.flag} ${option.example}.`,
    );
  }
  if (source.type === 'flag') {
    return new UsageError(
      `Invalid value for --${option.flag}: ${formatValue(raw)}. Expected ${expected}, for example --${option.flag} ${option.example}.`,
    );
  }
  return new UsageError(
    `Invalid value in environment variable ${source.name}: ${formatValue(raw)}. Expected ${expected}, for example ${source.name}=${option.example}, or unset the variable.`,
  );
}

/**
 * Parses and validates one flag or environment value with the rule of its config key.
 * Flags from yargs arrive as strings, booleans or string arrays; environment values are strings.
 *
 * @throws UsageError naming the flag or variable, the value and an example of a valid one.
 */
export function parseOptionValue(
  option: ReplayOption,
  raw: unknown,
  source: OptionSource,
): unknown {
  const parsed = parseRaw(option, raw);
  if (parsed === NOT_PARSED) {
    throw invalidValueError(option, source, raw);
  }
  const checked = checkValue(option.key, parsed);
  if (!checked.ok) {
    throw invalidValueError(option, source, raw);
  }
  return checked.value;
}
