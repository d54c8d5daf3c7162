import type { MirrorNode } from './dom-mirror.js';
import { classList } from './css.js';
import type { DocumentIndex } from './document-index.js';
import { inputType } from './mirror-text.js';
import { isGeneratedId, isStableClass } from './stable-names.js';

/** Tags whose visible text is what a person clicks on. */
const TEXT_TAGS = new Set(['button', 'a', 'label', 'summary', 'option']);

/** ARIA roles of widgets that people pick by their text. */
const TEXT_ROLES = new Set([
  'button',
  'link',
  'tab',
  'menuitem',
  'menuitemcheckbox',
  'menuitemradio',
  'option',
  'checkbox',
  'radio',
  'switch',
  'treeitem',
]);

const MAX_DESCRIPTION_TEXT_LENGTH = 40;

/**
 * Returns the tag or ARIA role under which an element's text identifies it (`button`,
 * `a`, `label`, a `role` value), or null when its text is not a label.
 */
export function textRole(node: MirrorNode): string | null {
  const role = node.attributes.get('role')?.trim().toLowerCase();
  if (role && TEXT_ROLES.has(role)) {
    return role;
  }
  if (TEXT_TAGS.has(node.tagName)) {
    return node.tagName;
  }
  if (node.tagName === 'input' && ['submit', 'button', 'reset'].includes(inputType(node))) {
    return 'input';
  }
  return null;
}

/**
 * Describes an element for people: tag, then a stable id or the first stable class, then
 * the text for clickable elements and for elements that have neither, for example
 * `input#new-todo`, `button.destroy` or `a "Active"`.
 */
export function describeElement(node: MirrorNode, index: DocumentIndex): string {
  const id = node.attributes.get('id');
  const stableClass = classList(node).find(isStableClass);
  let description = node.tagName;
  if (id && !isGeneratedId(id)) {
    description += `#${id}`;
  } else if (stableClass) {
    description += `.${stableClass}`;
  }
  const named = description !== node.tagName;
  if (textRole(node) || !named) {
    const text = index.text(node);
    if (text !== '') {
      description += ` ${JSON.stringify(truncate(text))}`;
    }
  }
  return description;
}

function truncate(text: string): string {
  return text.length > MAX_DESCRIPTION_TEXT_LENGTH
    ? `${text.slice(0, MAX_DESCRIPTION_TEXT_LENGTH - 1)}…`
    : text;
}
