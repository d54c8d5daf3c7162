/** Characters that belong to the value next to them: letters, digits and `_@+`. */
const VALUE_CHARACTER = /[\p{L}\p{N}_@+]/u;

/**
 * Characters that join the parts of a value: `ann.lowe`, `order-12`, `https:`, and the `%` of
 * a percent-encoded one (`ann.lowe%40quil`).
 */
const JOINING_CHARACTER = /[.\-:%]/;

/**
 * Tells whether the character at `index` ends a value rather than continuing it, looking in
 * `direction`. A joining character continues a value only before another value character or
 * a joining character or `/`, so a sentence's full stop ends one. A `/` continues one only
 * before another `/`, so `https:` in `https://` does not end there, and a path segment does.
 * A `:` before a value always ends the value before it.
 */
function isValueEdge(text: string, index: number, direction: 1 | -1): boolean {
  const character = text.charAt(index);
  const next = text.charAt(index + direction);
  if (character === '') {
    return true;
  }
  if (character === ':' && direction === -1) {
    // A value may follow a scheme or a label (`mailto:ann.lowe@quil`, `token:ghp_...`).
    return true;
  }
  if (JOINING_CHARACTER.test(character)) {
    return !VALUE_CHARACTER.test(next) && !JOINING_CHARACTER.test(next) && next !== '/';
  }
  if (character === '/') {
    return next !== '/';
  }
  return !VALUE_CHARACTER.test(character);
}

/** Tells whether `text[start, end)` is a whole JSON key: `"` before it, `"` and `:` after. */
function isJsonKey(text: string, start: number, end: number): boolean {
  if (text.charAt(start - 1) !== '"' || text.charAt(end) !== '"') {
    return false;
  }
  let next = end + 1;
  while (/\s/.test(text.charAt(next))) {
    next++;
  }
  return text.charAt(next) === ':';
}

/**
 * Replaces each place where `value` appears in `text` as a whole value, and returns the text
 * with the number of places. A place inside a longer value (`ann.lo` in
 * `ann.lowe@quill.net`) stays, because the detectors replace the whole value there, and so
 * do a JSON key and places for which `skip` returns true.
 */
export function replaceWholeOccurrences(
  text: string,
  value: string,
  replacement: string,
  skip?: (start: number, end: number) => boolean,
): { text: string; places: number } {
  let written = '';
  let copied = 0;
  let places = 0;
  for (let at = text.indexOf(value); at >= 0; at = text.indexOf(value, at + 1)) {
    const end = at + value.length;
    const whole = isValueEdge(text, at - 1, -1) && isValueEdge(text, end, 1);
    // A key is the app's own name for a field, whatever was typed.
    if (at >= copied && whole && !isJsonKey(text, at, end) && skip?.(at, end) !== true) {
      written += text.slice(copied, at) + replacement;
      copied = end;
      places += 1;
    }
  }
  return places === 0 ? { text, places } : { text: written + text.slice(copied), places };
}
