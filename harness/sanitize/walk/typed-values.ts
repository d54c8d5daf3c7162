/**
 * Shortest typed value that is replaced where the page or a response body echoes it. Shorter
 * prefixes (`ann@m`) match the app's own text too often, and they give away little. A URL
 * parameter that is exactly a typed value is replaced at any length, because a search field
 * sends each key's prefix, and the replayed typing sends the replacement.
 */
const MIN_ECHO_LENGTH = 6;
/** Most typed values remembered, which bounds memory on a session of endless typing. */
const MAX_VALUES = 100_000;

/**
 * Values typed into fields that the sanitizer replaced, with their replacements. Apps echo
 * what is typed: a search sends each prefix in a URL (`?q=ann.lowe%40quil`), an API returns
 * it, a preview shows it. No detector recognizes such a partial value, so the places that
 * hold exactly a typed value get the replacement the Input event got. This also keeps the
 * replay consistent, because the replayed typing sends the replacement.
 */
export class TypedValues {
  private readonly replacements = new Map<string, string>();
  /** A quote and the first characters of each value, to find JSON strings that may be one. */
  private readonly starts = new Set<string>();
  private longest = 0;

  /** Remembers a typed value and its replacement, when they differ. */
  record(typed: string, replacement: string): void {
    if (typed === '' || typed === replacement || this.replacements.size >= MAX_VALUES) {
      return;
    }
    this.replacements.set(typed, replacement);
    if (typed.length >= MIN_ECHO_LENGTH) {
      this.starts.add(`"${typed.slice(0, MIN_ECHO_LENGTH)}`);
    }
    this.longest = Math.max(this.longest, typed.length);
  }

  /**
   * Returns the replacement of a text that is exactly a typed value of at least `minLength`
   * characters, or undefined.
   */
  replacementOf(text: string, minLength = MIN_ECHO_LENGTH): string | undefined {
    // The length check spares hashing long texts, such as whole bodies, that cannot match.
    return text.length < minLength || text.length > this.longest
      ? undefined
      : this.replacements.get(text);
  }

  /**
   * Replaces each string of JSON text that is exactly a typed value, and returns the text
   * with the number of strings replaced. Strings with escapes are left to the detectors.
   */
  replaceInJson(json: string): { json: string; replaced: number } {
    const hits: Array<{ start: number; end: number; replacement: string }> = [];
    for (const start of this.starts) {
      for (let at = json.indexOf(start); at >= 0; at = json.indexOf(start, at + 1)) {
        const end = json.indexOf('"', at + 1);
        const content = end < 0 ? '' : json.slice(at + 1, end);
        const replacement = content.includes('\\') ? undefined : this.replacementOf(content);
        if (replacement !== undefined) {
          hits.push({ start: at + 1, end, replacement });
        }
      }
    }
    if (hits.length === 0) {
      return { json, replaced: 0 };
    }
    hits.sort((left, right) => left.start - right.start);
    let result = '';
    let copied = 0;
    for (const hit of hits) {
      // JSON.stringify escapes what a JSON string needs; the slice drops its quotes.
      result += json.slice(copied, hit.start) + JSON.stringify(hit.replacement).slice(1, -1);
      copied = hit.end;
    }
    return { json: result + json.slice(copied), replaced: hits.length };
  }
}
