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
/**
 * Number of the latest typed values searched for inside longer text. Typing a whole address
 * records one value per key, so this covers the last few dozen keys.
 */
const MAX_INSIDE_VALUES = 32;
/**
 * Time after its typing within which a value is searched for inside longer text. Pages show
 * such text (`Results for ann.lowe@quil`) as the user types, and the same text much later is
 * more likely the app's own.
 */
const INSIDE_ECHO_WINDOW_MS = 5_000;

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
  /** The latest values of at least six characters, oldest first, for {@link replaceInside}. */
  private readonly latest: Array<{ typed: string } & TypedEntry> = [];
  /**
   * The {@link latest} values by their first six characters, in time order. Most texts hold
   * none of the starts, so one search per start rules a text out.
   */
  private latestByStart = new Map<string, Array<{ typed: string } & TypedEntry>>();
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
      this.latest.push({ typed, replacement, at: this.now ?? 0 });
      if (this.latest.length > MAX_INSIDE_VALUES) {
        this.latest.shift();
      }
      this.latestByStart = groupByStart(this.latest);
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
   * Replaces the typed values of at least six characters that a longer text holds
   * (`Results for ann.lowe@quil`), when the text comes at most five seconds after their typing.
   * Longer values go first, so the latest prefix in the text is replaced whole. Returns the
   * text with each value replaced and its number of places, or undefined when none is there
   * or {@link now} is not set.
   */
  replaceInside(
    text: string,
  ): { text: string; replaced: Array<[typed: string, places: number]> } | undefined {
    const now = this.now;
    const newest = this.latest[this.latest.length - 1];
    // Outside the window after typing, the common case, this returns after a few comparisons.
    if (
      now === undefined ||
      newest === undefined ||
      now - newest.at > INSIDE_ECHO_WINDOW_MS ||
      text.length <= MIN_ECHO_LENGTH
    ) {
      return undefined;
    }
    // The latest typing of each value before `now` decides its replacement.
    let found: Map<string, string> | undefined;
    for (const [start, entries] of this.latestByStart) {
      if (!text.includes(start)) {
        continue;
      }
      for (const entry of entries) {
        const typedBefore = entry.at <= now && now - entry.at <= INSIDE_ECHO_WINDOW_MS;
        if (typedBefore && text.includes(entry.typed)) {
          found ??= new Map();
          found.set(entry.typed, entry.replacement);
        }
      }
    }
    if (found === undefined) {
      return undefined;
    }
    let result = text;
    const replaced: Array<[string, number]> = [];
    const longestFirst = [...found].sort(([left], [right]) => right.length - left.length);
    for (const [typed, replacement] of longestFirst) {
      let written = '';
      let copied = 0;
      let places = 0;
      for (let at = result.indexOf(typed); at >= 0; at = result.indexOf(typed, at + 1)) {
        const end = at + typed.length;
        if (at >= copied && isValueEdge(result, at - 1, -1) && isValueEdge(result, end, 1)) {
          written += result.slice(copied, at) + replacement;
          copied = end;
          places += 1;
        }
      }
      if (places > 0) {
        result = written + result.slice(copied);
        replaced.push([typed, places]);
      }
    }
    return replaced.length > 0 ? { text: result, replaced } : undefined;
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

/** Characters that belong to the value next to them: letters, digits and `_@+`. */
const VALUE_CHARACTER = /[\p{L}\p{N}_@+]/u;

/**
 * Tells whether the character at `index` ends a value rather than continuing it, looking in
 * `direction`. A typed prefix inside a longer value (`ann.lo` in `ann.lowe@quill.net`) is
 * left to the detectors, which replace the whole value. A `.` or `-` continues a value only
 * before another value character, so a sentence's full stop ends one.
 */
function isValueEdge(text: string, index: number, direction: 1 | -1): boolean {
  const character = text.charAt(index);
  if (character === '') {
    return true;
  }
  if (character === '.' || character === '-') {
    return !VALUE_CHARACTER.test(text.charAt(index + direction));
  }
  return !VALUE_CHARACTER.test(character);
}

/** Groups values by their first six characters, keeping their order within each group. */
function groupByStart<Entry extends { typed: string }>(
  entries: readonly Entry[],
): Map<string, Entry[]> {
  const groups = new Map<string, Entry[]>();
  for (const entry of entries) {
    const start = entry.typed.slice(0, MIN_ECHO_LENGTH);
    const group = groups.get(start);
    if (group === undefined) {
      groups.set(start, [entry]);
    } else {
      group.push(entry);
    }
  }
  return groups;
}
