import type { MirrorNode } from './dom-mirror.js';

/**
 * One compound CSS selector (no combinators) in structured form, so the compiler can both
 * print it and evaluate it against the mirror without a CSS parser.
 */
export interface Compound {
  tag?: string;
  id?: string;
  classes?: string[];
  attribute?: { name: string; value: string };
}

/**
 * Escapes a string for use as a CSS identifier, following `CSS.escape` from the CSSOM
 * specification (https://drafts.csswg.org/cssom/#serialize-an-identifier).
 */
export function cssEscape(value: string): string {
  let result = '';
  for (let index = 0; index < value.length; index += 1) {
    const code = value.charCodeAt(index);
    const char = value.charAt(index);
    if (code === 0) {
      result += '\ufffd';
    } else if (
      (code >= 0x1 && code <= 0x1f) ||
      code === 0x7f ||
      (index === 0 && code >= 0x30 && code <= 0x39) ||
      (index === 1 && code >= 0x30 && code <= 0x39 && value.charCodeAt(0) === 0x2d)
    ) {
      result += `\\${code.toString(16)} `;
    } else if (index === 0 && value.length === 1 && code === 0x2d) {
      result += `\\${char}`;
    } else if (
      code >= 0x80 ||
      code === 0x2d ||
      code === 0x5f ||
      (code >= 0x30 && code <= 0x39) ||
      (code >= 0x41 && code <= 0x5a) ||
      (code >= 0x61 && code <= 0x7a)
    ) {
      result += char;
    } else {
      result += `\\${char}`;
    }
  }
  return result;
}

/** Quotes a string as a CSS string literal for attribute selectors. */
export function cssString(value: string): string {
  const escaped = value
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\n/g, '\\a ')
    .replace(/\r/g, '\\d ');
  return `"${escaped}"`;
}

/** Prints a compound selector, for example `li.todo`, `#main` or `[data-testid="save"]`. */
export function compoundToCss(compound: Compound): string {
  let css = compound.tag ?? '';
  if (compound.id !== undefined) {
    css += `#${cssEscape(compound.id)}`;
  }
  for (const className of compound.classes ?? []) {
    css += `.${cssEscape(className)}`;
  }
  if (compound.attribute) {
    css += `[${compound.attribute.name}=${cssString(compound.attribute.value)}]`;
  }
  return css === '' ? '*' : css;
}

/** Returns the class names of an element, in attribute order, without duplicates. */
export function classList(node: MirrorNode): string[] {
  const value = node.attributes.get('class');
  if (!value) {
    return [];
  }
  return [...new Set(value.split(/\s+/).filter((name) => name !== ''))];
}

/** Evaluates a compound selector against one element of the mirror. */
export function matchesCompound(node: MirrorNode, compound: Compound): boolean {
  if (compound.tag !== undefined && node.tagName !== compound.tag) {
    return false;
  }
  if (compound.id !== undefined && node.attributes.get('id') !== compound.id) {
    return false;
  }
  if (
    compound.attribute &&
    node.attributes.get(compound.attribute.name) !== compound.attribute.value
  ) {
    return false;
  }
  if (compound.classes && compound.classes.length > 0) {
    const classes = classList(node);
    return compound.classes.every((name) => classes.includes(name));
  }
  return true;
}
