import { createHash } from 'node:crypto';
import { compile } from 'css-select';
import type { MirrorNode } from '../compile/dom-mirror.js';
import { recorderVersion } from '../capture/recorder-info.js';
import { UsageError } from '../shared/errors.js';
import type { SanitizeRules } from './types.js';
import {
  compileHeaderRules,
  compileJsonPathRules,
  type JsonPathRule,
  type WholeValueRule,
} from './value-rules.js';
import { mirrorAdapter } from './walk/mirror-adapter.js';

export type { JsonPathRule, WholeValueRule } from './value-rules.js';

/** A `rules.selectors` entry with its selector compiled. */
export interface SelectorRule extends WholeValueRule {
  matches: (element: MirrorNode) => boolean;
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
  const jsonPaths = compileJsonPathRules(rules);
  const headers = compileHeaderRules(rules);
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
