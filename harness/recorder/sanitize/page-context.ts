import { compileHeaderRules, compileJsonPathRules } from '../../sanitize/value-rules.js';
import type { SanitizeContext } from '../../sanitize/walk/context.js';
import type { PageSanitizeRules } from '../options.js';
import { createMaskingSanitizer } from './mask-sanitizer.js';

/**
 * Creates the context that the shared sanitizer walkers need, with the masking text
 * sanitizer and the JSON path and header rules. Selector rules stay empty, because they
 * match against the DOM mirror of `replaygate sanitize`, which the page bundle leaves out.
 *
 * @throws UsageError for a JSON path rule that does not compile.
 */
export function createPageContext(rules: PageSanitizeRules = {}): SanitizeContext {
  return {
    text: createMaskingSanitizer(rules),
    rules: {
      selectors: [],
      jsonPaths: compileJsonPathRules(rules),
      headers: compileHeaderRules(rules),
    },
    counts: {},
  };
}
