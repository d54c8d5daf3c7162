import { COLON, isJsonWhitespace } from '../stream/json-bytes.js';
import type { Finding } from '../types.js';
import { commonPrefixLength, commonSuffixLength } from './typing-chains.js';
import { replaceWholeOccurrences } from './whole-occurrences.js';

const NO_BREAK_SPACE = '\u00a0';

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
 * Number of typed values searched for inside longer text: the last ones typed before it.
 * Typing a whole address records one value per key, so this covers the last few dozen keys.
 */
const MAX_INSIDE_VALUES = 32;
/**
 * A character other than a letter. A typed step with one (`ann.lo`, `k3yAbC`) reads as part
 * of a value. A step of letters only (`support`, on the way to `support@quill.net`) is as
 * likely a word of the page, so page text and JSON keep it. URL parameters still get its
 * replacement, because the replayed typing sends it there.
 */
const VALUE_MARK = /[^\p{L}]/u;
/**
 * Time after its typing within which a value is searched for inside longer text. Pages show
 * such text (`Results for ann.lowe@quil`) as the user types, and the same text much later is
 * more likely the app's own.
 */
const INSIDE_ECHO_WINDOW_MS = 5_000;

/**
 * A value of letters, digits and the characters that pages group numbers with
 * (`4539 1587 0214`, `(628) 341-7790`, `DE37 3704`). A `.` or `/` is not among them: prices
 * (`4539.15`), dates and versions group digits that way.
 */
const GROUPABLE_VALUE = /^[A-Za-z0-9 \-()+]+$/;
const GROUPING_CHARACTERS = /[^A-Za-z0-9]/g;
/**
 * Digits a number-like value needs to be matched in another grouping. Dates (`2024-03-18`),
 * short order numbers and dialling codes have fewer, and a typed phone number or card can
 * share theirs.
 */
const MIN_GROUPED_DIGITS = 10;
/**
 * A run of digits grouped by spaces, dashes or parentheses, with an optional leading `+`, of
 * ten characters or more: shorter runs cannot hold {@link MIN_GROUPED_DIGITS} digits.
 */
const GROUPED_RUN = /\+?\(?\d[\d ()-]{8,}\d\)?/g;
const HAS_GROUPED_RUN = /\d[\d ()-]{8,}\d/;
/**
 * Maximum length of a text searched for regrouped values inside it. Previews are short, and
 * searching every long text and body by its digits would cost a scan each.
 */
const MAX_GROUPED_CONTEXT = 256;
/**
 * Characters that a card picture fills the untyped places with (`5293 8471 6203 958•`), after
 * the typed characters.
 */
const TRAILING_FILL = /[\s•·#*_]*[•·#*_][\s•·#*_]*$/u;

/**
 * Returns the letters (in upper case) and digits of a number-like value without its grouping,
 * or undefined for other text or fewer than `minDigits` digits.
 */
function ungrouped(text: string, minDigits = MIN_GROUPED_DIGITS): string | undefined {
  if (!GROUPABLE_VALUE.test(text)) {
    return undefined;
  }
  const characters = text.replace(GROUPING_CHARACTERS, '').toUpperCase();
  let digits = 0;
  for (let index = 0; index < characters.length; index++) {
    const code = characters.charCodeAt(index);
    digits += code >= 0x30 && code <= 0x39 ? 1 : 0;
  }
  return digits >= minDigits ? characters : undefined;
}

interface TypedEntry {
  replacement: string;
  /** Time of the Input event that typed the value. */
  at: number;
}

interface TimedValue extends TypedEntry {
  typed: string;
}

/** The place of an echo: page text and JSON, or the parameters of a URL. */
export type EchoPlace = 'text' | 'url';

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
  /**
   * Replacements of number-like values by their letters and digits, the replacement's letters
   * and digits alike, for pages that group them otherwise than the field: a card picture that
   * shows `4539 1587 0214 836` for the field value `453915870214836`.
   */
  private readonly ungroupedEntries = new Map<string, TypedEntry[]>();
  /** Time of the latest value recorded in {@link ungroupedEntries}. */
  private lastUngroupedAt = Number.NEGATIVE_INFINITY;
  /** A quote and the first characters of each value, to find JSON strings that may be one. */
  private readonly starts = new Set<string>();
  /**
   * Values of at least six characters with a {@link VALUE_MARK}, in the order typed, for
   * {@link replaceInside}. Exchanges come after all events in a recording, so an echo in a
   * response looks back to the typing of its time, not to the last typing of the session.
   */
  private history: TimedValue[] = [];
  /**
   * The values {@link replaceInside} looked for last, as a range of {@link history}, by their
   * first six characters. Most texts hold none of the starts, so one search per start rules a
   * text out.
   */
  private window: { start: number; end: number; byStart: Map<string, TimedValue[]> } | undefined;
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
    if (!addEntry(this.entries, typed, { replacement, at: this.now ?? 0 })) {
      return;
    }
    this.recordUngrouped(typed, replacement);
    if (isValueLike(typed)) {
      this.starts.add(`"${typed.slice(0, MIN_ECHO_LENGTH)}`);
      if (this.history.length >= MAX_VALUES) {
        this.history = this.history.slice(MAX_VALUES / 2);
        // The indices of the remembered range moved.
        this.window = undefined;
      }
      this.history.push({ typed, replacement, at: this.now ?? 0 });
    }
    this.longest = Math.max(this.longest, typed.length);
  }

  /** Remembers a number-like value by its letters and digits, for {@link ungroupedEntries}. */
  private recordUngrouped(typed: string, replacement: string): void {
    const characters = ungrouped(typed);
    // A masked step (`XXXX XXXX XX`) has no digits left.
    const replaced = characters === undefined ? undefined : ungrouped(replacement, 0);
    if (characters === undefined || replaced?.length !== characters.length) {
      return;
    }
    addEntry(this.ungroupedEntries, characters, { replacement: replaced, at: this.now ?? 0 });
    this.lastUngroupedAt = Math.max(this.lastUngroupedAt, this.now ?? 0);
  }

  /**
   * Returns the replacement of a text that is exactly a typed value, or undefined. In page
   * text and JSON the value needs six characters or more and a {@link VALUE_MARK}. In a URL
   * parameter any value counts, but one shorter than six characters only within
   * {@link SHORT_ECHO_WINDOW_MS} after its typing. With {@link now} set, only a value typed
   * before it counts.
   */
  replacementOf(text: string, place: EchoPlace = 'text'): string | undefined {
    // The length check spares hashing long texts, such as whole bodies, that cannot match.
    // Page text may show a value grouped (`(628) 341-7790`), which rarely doubles its length.
    if (text.length === 0 || text.length > this.longest * (place === 'text' ? 2 : 1)) {
      return undefined;
    }
    if (place === 'text' && !isValueLike(text)) {
      return undefined;
    }
    const list = text.length > this.longest ? undefined : this.entries.get(text);
    if (list === undefined) {
      if (place !== 'text') {
        return undefined;
      }
      return text.includes(NO_BREAK_SPACE)
        ? this.replacementWithNoBreakSpaces(text)
        : this.replacementOfGrouped(text);
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
   * Returns the replacement of page text that shows a number-like typed value grouped in
   * another way, with the text's grouping kept: its letters and digits get those of the
   * value's replacement, one by one. Only values typed before {@link now} count.
   */
  private replacementOfGrouped(text: string): string | undefined {
    if (!this.mayShowGrouped()) {
      return undefined;
    }
    const fill = TRAILING_FILL.exec(text)?.[0] ?? '';
    const grouped = text.slice(0, text.length - fill.length);
    const characters = ungrouped(grouped);
    const list = characters === undefined ? undefined : this.ungroupedEntries.get(characters);
    const now = this.now;
    const entry =
      now === undefined ? list?.at(-1) : list?.findLast((candidate) => candidate.at <= now);
    if (entry === undefined) {
      return undefined;
    }
    // Each letter takes the case the page shows it in, as a field styled upper-case does.
    let next = 0;
    const replaced = grouped.replace(/[A-Za-z0-9]/g, (character) => {
      const replacement = entry.replacement[next++]!;
      return character >= 'a' && character <= 'z' ? replacement.toLowerCase() : replacement;
    });
    return replaced + fill;
  }

  /**
   * Tells whether text at {@link now} may show a number-like value grouped in another way: one
   * was typed at most {@link INSIDE_ECHO_WINDOW_MS} before. A preview shows the typing as it
   * happens, and matching every text of a long recording by its digits costs a scan each.
   */
  private mayShowGrouped(): boolean {
    const now = this.now;
    return (
      this.ungroupedEntries.size > 0 &&
      (now === undefined || now - this.lastUngroupedAt <= INSIDE_ECHO_WINDOW_MS)
    );
  }

  /**
   * Replaces the number-like typed values that longer text shows grouped in another way
   * (`Your card 4539 1587 0214 836 will be charged`), as {@link replacementOfGrouped} does for
   * a whole text. Each run of grouped digits counts whole, so part of a longer number stays.
   * Only texts of up to {@link MAX_GROUPED_CONTEXT} characters are searched. Returns undefined
   * when there is none.
   */
  replaceGroupedInside(text: string): { text: string; places: number } | undefined {
    if (
      !this.mayShowGrouped() ||
      text.length < MIN_GROUPED_DIGITS ||
      text.length > MAX_GROUPED_CONTEXT ||
      !HAS_GROUPED_RUN.test(text)
    ) {
      return undefined;
    }
    let places = 0;
    const replaced = text.replace(GROUPED_RUN, (run: string, offset: number) => {
      const trimmed = run.replace(/[ (-]+$/, '');
      const before = text.charAt(offset - 1);
      const after = text.charAt(offset + trimmed.length);
      if (/[\p{L}\p{N}]/u.test(before) || /[\p{L}\p{N}]/u.test(after) || trimmed === text) {
        return run;
      }
      const replacement = this.replacementOfGrouped(trimmed);
      if (replacement === undefined) {
        return run;
      }
      places += 1;
      return replacement + run.slice(trimmed.length);
    });
    return places > 0 ? { text: replaced, places } : undefined;
  }

  /**
   * Returns the replacement of page text that shows a typed value with no-break spaces, which
   * editors write where a space would collapse (`Call +1 415\u00a0`), while the typing
   * records plain spaces. The replacement gets them back where it keeps the text around.
   */
  private replacementWithNoBreakSpaces(text: string): string | undefined {
    const plain = text.replaceAll(NO_BREAK_SPACE, ' ');
    const replacement = this.replacementOf(plain);
    if (replacement === undefined) {
      return undefined;
    }
    const head = commonPrefixLength(plain, replacement);
    const tail = commonSuffixLength(plain, replacement);
    const characters = replacement.split('');
    for (let index = 0; index < text.length; index++) {
      if (text[index] !== NO_BREAK_SPACE) {
        continue;
      }
      const fromEnd = text.length - index;
      if (index < head) {
        characters[index] = NO_BREAK_SPACE;
      } else if (fromEnd <= tail) {
        characters[replacement.length - fromEnd] = NO_BREAK_SPACE;
      }
    }
    return characters.join('');
  }

  /**
   * Replaces the typed values of at least six characters found inside a longer text
   * (`Results for ann.lowe@quil`), when the text comes at most five seconds after their typing.
   * Longer values go first, so the latest prefix in the text is replaced whole. Returns the
   * text with each value replaced and its number of places, or undefined when none is there
   * or {@link now} is not set.
   */
  replaceInside(
    text: string,
    findingsOf: (text: string) => readonly Finding[] = () => [],
  ): { text: string; replaced: Array<[typed: string, places: number]> } | undefined {
    const now = this.now;
    if (now === undefined || text.length <= MIN_ECHO_LENGTH) {
      return undefined;
    }
    const byStart = this.valuesBefore(now);
    if (byStart === undefined) {
      return undefined;
    }
    // In time order, so the latest typing of each value before `now` decides its replacement.
    let found: Map<string, string> | undefined;
    for (const [start, values] of byStart) {
      if (!text.includes(start)) {
        continue;
      }
      for (const value of values) {
        if (text.includes(value.typed)) {
          found ??= new Map();
          found.set(value.typed, value.replacement);
        }
      }
    }
    if (found === undefined) {
      return undefined;
    }
    let result = text;
    const replaced: Array<[string, number]> = [];
    const longestFirst = [...found].sort(([left], [right]) => right.length - left.length);
    // A step inside a longer value that a detector finds (`+1 415` in `+1 415 555 0199`) is
    // left to the detector, which gives the whole value one pseudonym. A step that a detector
    // finds whole keeps the step's replacement, as the Input event has it.
    const findings = findingsOf(text);
    const insideFinding = (start: number, end: number) =>
      findings.some(
        (finding) =>
          finding.start < end &&
          start < finding.end &&
          (finding.start < start || finding.end > end),
      );
    for (const [typed, replacement] of longestFirst) {
      const skip = result === text ? insideFinding : undefined;
      const occurrences = replaceWholeOccurrences(result, typed, replacement, skip);
      if (occurrences.places > 0) {
        result = occurrences.text;
        replaced.push([typed, occurrences.places]);
      }
    }
    return replaced.length > 0 ? { text: result, replaced } : undefined;
  }

  /**
   * Returns the last {@link MAX_INSIDE_VALUES} values typed at most
   * {@link INSIDE_ECHO_WINDOW_MS} before `now`, by their first six characters, or undefined
   * when there is none. NOTE: the search assumes that values were typed in time order, as
   * rrweb writes events. An event with an earlier timestamp after later ones can be missed.
   */
  private valuesBefore(now: number): Map<string, TimedValue[]> | undefined {
    const history = this.history;
    const end = firstAfter(history, now);
    if (end === 0 || now - history[end - 1]!.at > INSIDE_ECHO_WINDOW_MS) {
      return undefined;
    }
    let start = end - 1;
    while (
      start > 0 &&
      end - start < MAX_INSIDE_VALUES &&
      now - history[start - 1]!.at <= INSIDE_ECHO_WINDOW_MS
    ) {
      start--;
    }
    // Events follow each other closely, so most see the same values as the one before.
    if (this.window?.start !== start || this.window.end !== end) {
      this.window = {
        start,
        end,
        byStart: groupByStart(withEncodedForms(history.slice(start, end))),
      };
    }
    return this.window.byStart;
  }

  /**
   * Replaces each string of JSON text that is exactly a typed value, and returns the text
   * with the number of strings replaced. Strings with escapes are left to the detectors.
   */
  replaceInJson(json: string): { json: string; replaced: number } {
    const hits: Array<{ start: number; end: number; replacement: string }> = [];
    const check = (quote: number) => {
      const end = json.indexOf('"', quote + 1);
      // A key (`"password":`) is the app's own name for a field, whatever was typed.
      if (end < 0 || isJsonKey(json, end)) {
        return;
      }
      const content = json.slice(quote + 1, end);
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

/**
 * Adds an entry to the latest {@link MAX_TIMES_PER_VALUE} of its key. Returns false, and adds
 * nothing, when the key is new and the map already has {@link MAX_VALUES} keys.
 */
function addEntry(map: Map<string, TypedEntry[]>, key: string, entry: TypedEntry): boolean {
  let list = map.get(key);
  if (list === undefined) {
    if (map.size >= MAX_VALUES) {
      return false;
    }
    list = [];
    map.set(key, list);
  }
  list.push(entry);
  if (list.length > MAX_TIMES_PER_VALUE) {
    list.shift();
  }
  return true;
}

/** Tells whether a typed value may be echoed in page text and JSON; see {@link VALUE_MARK}. */
function isValueLike(typed: string): boolean {
  // A word with the `.` or `-` typed after it (`sales.` on the way to `sales.eu@...`) is still
  // a word: a sentence ends the same way.
  return typed.length >= MIN_ECHO_LENGTH && VALUE_MARK.test(typed.replace(/[.\-:]+$/, ''));
}

/** Tells whether the string that closes at `end` is followed by `:`, as a JSON key is. */
function isJsonKey(json: string, end: number): boolean {
  let next = end + 1;
  while (isJsonWhitespace(json.charCodeAt(next))) {
    next++;
  }
  return json.charCodeAt(next) === COLON;
}

/**
 * Returns the values with their percent-encoded forms added, as `encodeURIComponent` writes
 * them: a page that shows a request's URL as text (`…?q=ann.lowe%40quil`) echoes them so.
 */
function withEncodedForms(values: readonly TimedValue[]): TimedValue[] {
  const forms = [...values];
  for (const value of values) {
    const typed = encodeURIComponent(value.typed);
    if (typed !== value.typed) {
      forms.push({ ...value, typed, replacement: encodeURIComponent(value.replacement) });
    }
  }
  return forms;
}

/** Returns the index of the first value typed after `now`, by binary search. */
function firstAfter(values: readonly TimedValue[], now: number): number {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (values[middle]!.at <= now) {
      low = middle + 1;
    } else {
      high = middle;
    }
  }
  return low;
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
