/**
 * HTML escaping for the report. Recorded content (DOM text, attribute values, URLs, console
 * messages) comes from real users and is treated as hostile: every value interpolated with
 * {@link html} is escaped unless it is already {@link SafeHtml} built by this module.
 */

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * Escapes text for HTML element content and for quoted attribute values. Every interpolation
 * in the report's templates sits in one of those two places, never in an unquoted attribute,
 * a script or a style.
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => HTML_ESCAPES[character] ?? character);
}

/** Markup that is already escaped, so {@link html} inserts it unchanged. */
export class SafeHtml {
  constructor(readonly value: string) {}

  toString(): string {
    return this.value;
  }
}

/** A value {@link html} accepts: text to escape, trusted markup, a list of either, or nothing. */
export type HtmlValue = SafeHtml | string | number | boolean | null | undefined | HtmlValue[];

function renderValue(value: HtmlValue): string {
  if (value instanceof SafeHtml) {
    return value.value;
  }
  if (Array.isArray(value)) {
    return value.map(renderValue).join('');
  }
  // `false`, `null` and `undefined` render as nothing so that `${condition && html`...`}` works.
  if (value === null || value === undefined || value === false) {
    return '';
  }
  return escapeHtml(String(value));
}

/**
 * Tagged template for markup: the literal parts are trusted, and each interpolated value is
 * escaped, except {@link SafeHtml} values (the result of another `html` template) and lists of
 * them, which are inserted as they are.
 */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let result = strings[0] ?? '';
  values.forEach((value, index) => {
    result += renderValue(value) + (strings[index + 1] ?? '');
  });
  return new SafeHtml(result);
}

/**
 * Serializes a value as JSON for a `<script type="application/json">` data block. `<`, `>`
 * and `&` become `\u003c`, `\u003e` and `\u0026`, so no `</script>` or `<!--` inside the data
 * can end or change the block; U+2028 and U+2029 are escaped too, so the text is also a valid
 * JavaScript string literal. `JSON.parse` of the block's text returns the original value.
 */
export function jsonForScript(value: unknown): string {
  const json = JSON.stringify(value) ?? 'null';
  return json.replace(/[<>&\u2028\u2029]/g, (character) => {
    return `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}

/**
 * Encodes a relative path made of `/`-separated segments for an `href` or `src`. Every segment
 * other than `..` is percent-encoded, so none can form a scheme such as `javascript:`, a query
 * or a fragment.
 */
export function relativeUrl(...segments: string[]): string {
  return segments
    .flatMap((segment) => segment.split('/'))
    .map((segment) => (segment === '..' ? '..' : encodeURIComponent(segment)))
    .join('/');
}
