import type { SanitizeContext } from '../../sanitize/walk/context.js';
import type { PageSanitizeRules } from '../options.js';
import { createMaskingSanitizer } from './mask-sanitizer.js';

/**
 * Creates the context that the shared sanitizer walkers need, with the masking text
 * sanitizer. Selector, JSON path and header rules stay empty: they need a DOM mirror and
 * parsers that the page bundle leaves out.
 */
export function createPageContext(rules: PageSanitizeRules = {}): SanitizeContext {
  return {
    text: createMaskingSanitizer(rules),
    rules: { selectors: [], jsonPaths: [], headers: new Map() },
    counts: {},
  };
}
