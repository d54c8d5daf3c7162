import type { UrlPattern } from './options.js';

/** Tells whether a URL matches one of a list of patterns. */
export type UrlMatcher = (url: string) => boolean;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Compiles URL patterns. A string matches the whole absolute URL, with `*` standing for any
 * run of characters: `https://api.example.com/*` matches every URL on that origin. A RegExp
 * is tested against the absolute URL as it is.
 */
export function compileUrlPatterns(patterns: readonly UrlPattern[]): UrlMatcher {
  const expressions = patterns.map((pattern) =>
    pattern instanceof RegExp
      ? new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, ''))
      : new RegExp(`^${pattern.split('*').map(escapeRegExp).join('.*')}$`, 's'),
  );
  return (url) => expressions.some((expression) => expression.test(url));
}
