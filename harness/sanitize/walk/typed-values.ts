/**
 * Shortest typed value that is replaced where the page or a response body echoes it. Shorter
 * prefixes (`ann@m`) match the app's own text too often, and they give away little.
 */
const MIN_ECHO_LENGTH = 6;
/**
 * Time after a key within which a request may echo a shorter value. A search field sends
 * each key's prefix (`?q=r`, `?q=ro`), and the replayed typing sends the replacement, so
 * those requests must match it. A short value at another time (`?page=1`) is the app's own.
 */
const SHORT_ECHO_WINDOW_MS = 5_000;
/** Maximum number of typed values remembered, which bounds memory on a session of endless typing. */
const MAX_VALUES = 100_000;
/**
 * Maximum number of typed value starts searched for one by one in a JSON body. Beyond them, the body's
 * quotes are visited once instead, so the cost does not grow with the number of values.
 */
const MAX_START_SEARCHES = 16;
/** Maximum number of times remembered per value, the latest ones. */
const MAX_TIMES_PER_VALUE = 16;

interface TypedEntry {
  replacement: string;
  /** Time of the Input event that typed the value. */
  at: number;
}

/**
 * Values typed into fields that the sanitizer replaced, with their replacements. Apps echo
 * what is typed: a search sends each prefix in a URL (`?q=ann.lowe%40quil`), an API returns
 * it, a preview shows it. No detector recognizes such a partial value, so the places that
 * hold exactly a typed value get the replacement the Input event got. This also keeps the
 * replay consistent, because the replayed typing sends the replacement.
 */
export class TypedValues {
  /** Replacements of each value in the order they were typed. */
  private readonly entries = new Map<string, TypedEntry[]>();
  /** A quote and the first characters of each value, to find JSON strings that may be one. */
  private readonly starts = new Set<string>();
  private longest = 0;
  /**
   * Time of the event or exchange being sanitized, which the walkers set. An echo takes the
   * replacement typed last before it, because two fields may type the same prefix toward
   * different values.
   */
  now: number | undefined;

  /** Remembers a value typed at {@link now} and its replacement, when they differ. */
  record(typed: string, replacement: string): void {
    if (typed === '' || typed === replacement) {
      return;
    }
    let list = this.entries.get(typed);
    if (list === undefined) {
      if (this.entries.size >= MAX_VALUES) {
        return;
      }
      list = [];
      this.entries.set(typed, list);
    }
    list.push({ replacement, at: this.now ?? 0 });
    if (list.length > MAX_TIMES_PER_VALUE) {
      list.shift();
    }
    if (typed.length >= MIN_ECHO_LENGTH) {
      this.starts.add(`"${typed.slice(0, MIN_ECHO_LENGTH)}`);
    }
    this.longest = Math.max(this.longest, typed.length);
  }

  /**
   * Returns the replacement of a text that is exactly a typed value of at least `minLength`
   * characters, or undefined. With {@link now} set, only a value typed before it counts, and
   * one shorter than six characters only within {@link SHORT_ECHO_WINDOW_MS} after its typing.
   */
  replacementOf(text: string, minLength = MIN_ECHO_LENGTH): string | undefined {
    // The length check spares hashing long texts, such as whole bodies, that cannot match.
    if (text.length < minLength || text.length > this.longest) {
      return undefined;
    }
    const list = this.entries.get(text);
    if (list === undefined) {
      return undefined;
    }
    const now = this.now;
    if (now === undefined) {
      return list[list.length - 1]!.replacement;
    }
    // An echo comes after the typing: the same text earlier in the session is the app's own.
    const before = list.findLast((entry) => entry.at <= now);
    if (before === undefined) {
      return undefined;
    }
    const recent = now - before.at <= SHORT_ECHO_WINDOW_MS;
    return text.length >= MIN_ECHO_LENGTH || recent ? before.replacement : undefined;
  }

  /**
   * Replaces each string of JSON text that is exactly a typed value, and returns the text
   * with the number of strings replaced. Strings with escapes are left to the detectors.
   */
  replaceInJson(json: string): { json: string; replaced: number } {
    const hits: Array<{ start: number; end: number; replacement: string }> = [];
    const check = (quote: number) => {
      const end = json.indexOf('"', quote + 1);
      const content = end < 0 ? '' : json.slice(quote + 1, end);
      const replacement = content.includes('\\') ? undefined : this.replacementOf(content);
      if (replacement !== undefined) {
        hits.push({ start: quote + 1, end, replacement });
      }
    };
    if (this.starts.size <= MAX_START_SEARCHES) {
      for (const start of this.starts) {
        for (let at = json.indexOf(start); at >= 0; at = json.indexOf(start, at + 1)) {
          check(at);
        }
      }
    } else {
      // With many typed values, one pass over the quotes beats a search per value.
      for (let at = json.indexOf('"'); at >= 0; at = json.indexOf('"', at + 1)) {
        if (this.starts.has(json.slice(at, at + 1 + MIN_ECHO_LENGTH))) {
          check(at);
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
