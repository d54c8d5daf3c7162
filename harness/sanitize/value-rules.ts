import { UsageError } from '../shared/errors.js';
import type { DetectorName, ReplacementMode, SanitizeRules } from './types.js';
import { compileJsonPath, type JsonPathMatcher } from './walk/json-path.js';

/** A rule that replaces a whole value, with the detector name its replacements count under. */
export interface WholeValueRule {
  detector: DetectorName;
  mode: ReplacementMode | undefined;
}

/** A `rules.jsonPaths` entry with its path compiled. */
export interface JsonPathRule extends WholeValueRule {
  matches: JsonPathMatcher;
}

/**
 * Compiles the JSON path rules. It needs no DOM and no Node API, so the recorder's page
 * bundle compiles them too.
 *
 * @throws UsageError naming the rule whose JSON path is invalid.
 */
export function compileJsonPathRules(rules: SanitizeRules | undefined): JsonPathRule[] {
  return (rules?.jsonPaths ?? []).map((rule) => ({
    detector: `custom:${rule.name}` as const,
    mode: rule.mode,
    matches: compileRulePath(rule.name, rule.path),
  }));
}

/** Compiles the header rules, keyed by lower-case header name. */
export function compileHeaderRules(rules: SanitizeRules | undefined): Map<string, WholeValueRule> {
  const headers = new Map<string, WholeValueRule>();
  for (const rule of rules?.headers ?? []) {
    headers.set(rule.header.toLowerCase(), { detector: `custom:${rule.name}`, mode: rule.mode });
  }
  return headers;
}

function compileRulePath(name: string, path: string): JsonPathMatcher {
  try {
    return compileJsonPath(path);
  } catch (error) {
    throw new UsageError(
      `sanitize.jsonPaths: rule "${name}" has an invalid JSON path ${JSON.stringify(path)} (${(error as Error).message}). Use forms such as $.user.email, $.items[*].card or $..email.`,
      { cause: error },
    );
  }
}
