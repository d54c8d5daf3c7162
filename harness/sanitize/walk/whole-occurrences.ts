/** Characters that belong to the value next to them: letters, digits and `_@+`. */
const VALUE_CHARACTER = /[\p{L}\p{N}_@+]/u;

/**
 * Tells whether the character at `index` ends a value rather than continuing it, looking in
 * `direction`. A `.` or `-` continues a value only before another value character, so a
 * sentence's full stop ends one.
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

/**
 * Replaces each place where `value` appears in `text` as a whole value, and returns the text
 * with the number of places. A place inside a longer value (`ann.lo` in
 * `ann.lowe@quill.net`) stays, because the detectors replace the whole value there.
 */
export function replaceWholeOccurrences(
  text: string,
  value: string,
  replacement: string,
): { text: string; places: number } {
  let written = '';
  let copied = 0;
  let places = 0;
  for (let at = text.indexOf(value); at >= 0; at = text.indexOf(value, at + 1)) {
    const end = at + value.length;
    if (at >= copied && isValueEdge(text, at - 1, -1) && isValueEdge(text, end, 1)) {
      written += text.slice(copied, at) + replacement;
      copied = end;
      places += 1;
    }
  }
  return places === 0 ? { text, places } : { text: written + text.slice(copied), places };
}
