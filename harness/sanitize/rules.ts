import { createHash } from 'node:crypto';
import { compile } from 'css-select';
import type { MirrorNode } from '../compile/dom-mirror.js';
import { recorderVersion } from '../capture/recorder-info.js';
import { UsageError } from '../shared/errors.js';
import type { DetectorName, ReplacementMode, SanitizeRules } from './types.js';
import { compileJsonPath, type JsonPathMatcher } from './walk/json-path.js';
import { mirrorAdapter } from './walk/mirror-adapter.js';

/** A rule that replaces a whole value, with the detector name its replacements count under. */
export interface WholeValueRule {
  detector: DetectorName;
  mode: ReplacementMode | undefined;
}

/** A `rules.selectors` entry with its selector compiled. */
export interface SelectorRule extends WholeValueRule {
  matches: (element: MirrorNode) => boolean;
}

/** A `rules.jsonPaths` entry with its path compiled. */
export interface JsonPathRule extends WholeValueRule {
  matches: JsonPathMatcher;
}

/** The config's sanitizer rules, checked and compiled once per run. */
export interface CompiledRules {
  selectors: SelectorRule[];
  jsonPaths: JsonPathRule[];
  /** Header rules keyed by lower-case header name. */
  headers: Map<string, WholeValueRule>;
}

/**
 * Compiles the selector, JSON path and header rules of the config.
 *
 * @throws UsageError naming the rule whose selector or JSON path is invalid.
 */
export function compileRules(rules: SanitizeRules | undefined): CompiledRules {
  const selectors = (rules?.selectors ?? []).map((rule) => ({
    detector: `custom:${rule.name}` as const,
    mode: rule.mode,
    matches: compileSelector(rule.name, rule.selector),
  }));
  const jsonPaths = (rules?.jsonPaths ?? []).map((rule) => ({
    detector: `custom:${rule.name}` as const,
    mode: rule.mode,
    matches: compileRulePath(rule.name, rule.path),
  }));
  const headers = new Map<string, WholeValueRule>();
  for (const rule of rules?.headers ?? []) {
    headers.set(rule.header.toLowerCase(), { detector: `custom:${rule.name}`, mode: rule.mode });
  }
  return { selectors, jsonPaths, headers };
}

function compileSelector(name: string, selector: string): (element: MirrorNode) => boolean {
  try {
    return compile<MirrorNode, MirrorNode>(selector, {
      adapter: mirrorAdapter,
      // The DOM changes between queries, so cached results would go stale.
      cacheResults: false,
    });
  } catch (error) {
    throw new UsageError(
      `sanitize.selectors: rule "${name}" has an invalid CSS selector ${JSON.stringify(selector)} (${(error as Error).message}). Fix the selector in the config file.`,
      { cause: error },
    );
  }
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

/**
 * Returns the version stamp written to `sanitization.rulesVersion`: the replaygate version
 * plus a hash of the rules, so a fixture records which rules produced it without storing them.
 */
export function rulesVersion(rules: SanitizeRules | undefined): string {
  const hash = createHash('sha256')
    .update(JSON.stringify(rules ?? {}))
    .digest('hex')
    .slice(0, 12);
  return `${recorderVersion()}+${hash}`;
}
