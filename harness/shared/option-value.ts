/**
 * Returns the value that a page gives an `<option>` without a `value` attribute: its text
 * with ASCII white space collapsed to single spaces and stripped at both ends, as HTML
 * defines it. It takes the texts of the option's text nodes in order.
 */
export function optionTextValue(texts: readonly string[]): string {
  return texts
    .join('')
    .replace(/[\t\n\f\r ]+/g, ' ')
    .replace(/^ | $/g, '');
}
