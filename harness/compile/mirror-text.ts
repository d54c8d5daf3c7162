import { NodeType } from '@rrweb/types';
import type { MirrorNode } from './dom-mirror.js';

/** Element names whose content Playwright leaves out of text matching. */
const TEXT_SKIPPED_TAGS = new Set(['script', 'noscript', 'style', 'head', 'template']);

const TEXT_INPUT_TYPES_WITH_VALUE_AS_TEXT = new Set(['submit', 'button', 'reset']);

/** Kind of form control, as far as replaying input into it goes. */
/** Kind of field that an element is, for replaying a change of its value; `editable` is a `contenteditable` element. */
export type FieldKind = 'text' | 'editable' | 'checkbox' | 'radio' | 'select' | 'file' | 'none';

/** Cache for element texts, valid while the mirror does not change. */
export type TextCache = Map<MirrorNode, string>;

/**
 * Whitespace normalization as Playwright applies it to text filters: zero-width spaces
 * removed, ends trimmed, inner runs of whitespace collapsed to one space.
 */
export function normalizeWhitespace(text: string): string {
  return text
    .replace(/\u200b/g, '')
    .trim()
    .replace(/\s+/g, ' ');
}

/**
 * Returns an element's text as Playwright's `hasText` filter computes it: the concatenated
 * text nodes of the subtree, without script, style and head content. Submit, button and
 * reset inputs contribute their value instead.
 */
export function rawElementText(node: MirrorNode, cache?: TextCache): string {
  const cached = cache?.get(node);
  if (cached !== undefined) {
    return cached;
  }
  let text = '';
  if (TEXT_SKIPPED_TAGS.has(node.tagName)) {
    text = '';
  } else if (node.tagName === 'input' && TEXT_INPUT_TYPES_WITH_VALUE_AS_TEXT.has(inputType(node))) {
    text = node.value ?? '';
  } else {
    for (const child of node.children) {
      if (child.type === NodeType.Text || child.type === NodeType.CDATA) {
        text += child.text;
      } else if (child.type === NodeType.Element) {
        text += rawElementText(child, cache);
      }
    }
  }
  cache?.set(node, text);
  return text;
}

/** Returns the whitespace-normalized text of an element, as `SelectorHop.text` stores it. */
export function elementText(node: MirrorNode, cache?: TextCache): string {
  return normalizeWhitespace(rawElementText(node, cache));
}

/** Returns the lower-case `type` of an input element, defaulting to `text` as browsers do. */
export function inputType(node: MirrorNode): string {
  return (node.attributes.get('type') ?? 'text').toLowerCase();
}

/**
 * Classifies an element by how a recorded Input event, or an edit of a `contenteditable`
 * element, on it should be replayed.
 */
export function fieldKind(node: MirrorNode): FieldKind {
  if (isEditingHost(node)) {
    return 'editable';
  }
  if (node.tagName === 'select') {
    return 'select';
  }
  if (node.tagName === 'textarea') {
    return 'text';
  }
  if (node.tagName !== 'input') {
    return 'none';
  }
  const type = inputType(node);
  if (type === 'checkbox' || type === 'radio' || type === 'file') {
    return type;
  }
  return TEXT_INPUT_TYPES_WITH_VALUE_AS_TEXT.has(type) || type === 'image' ? 'none' : 'text';
}

/**
 * Tells whether the element has a `contenteditable` attribute that makes it editable. Its
 * descendants inherit that, but focus, keys and edits go to the element itself.
 */
function isEditingHost(node: MirrorNode): boolean {
  const value = node.attributes.get('contenteditable');
  return value !== undefined && value.toLowerCase() !== 'false';
}

/** Returns true when the node or one of its ancestors is a direct child of a shadow root. */
export function isInShadowTree(node: MirrorNode): boolean {
  for (let current: MirrorNode | null = node; current; current = current.parent) {
    if (current.isShadow) {
      return true;
    }
  }
  return false;
}

/** Returns true when `ancestor` contains `node` or is `node`. */
export function containsNode(ancestor: MirrorNode, node: MirrorNode): boolean {
  for (let current: MirrorNode | null = node; current; current = current.parent) {
    if (current === ancestor) {
      return true;
    }
  }
  return false;
}

/** Returns true when `label` labels `control`, by `for` or by containing it. */
export function labelsControl(label: MirrorNode, control: MirrorNode): boolean {
  if (label.tagName !== 'label') {
    return false;
  }
  const target = label.attributes.get('for');
  if (target !== undefined) {
    return target === control.attributes.get('id');
  }
  return containsNode(label, control);
}

/** Returns the node itself when it is a label, else its nearest label ancestor, else null. */
export function closestLabel(node: MirrorNode): MirrorNode | null {
  for (let current: MirrorNode | null = node; current; current = current.parent) {
    if (current.tagName === 'label') {
      return current;
    }
  }
  return null;
}
