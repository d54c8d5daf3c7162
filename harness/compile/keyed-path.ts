import type { MirrorNode } from './dom-mirror.js';
import { classList, type Compound } from './css.js';
import type { CompoundHop, DocumentIndex } from './document-index.js';
import { isGeneratedId, isStableClass, TEST_ID_ATTRIBUTES } from './stable-names.js';

/**
 * Path flavor. `strict` paths may use test ids, ids and tag names. `loose` paths use class
 * names where an element has them, so they survive another implementation of the same markup.
 */
export type PathMode = 'strict' | 'loose';

/** Texts longer than this are not used as keys: they change with any content edit. */
const MAX_KEY_TEXT_LENGTH = 200;

/** Elements that are never useful as the start of a path. */
const NON_ANCHOR_TAGS = new Set(['html', 'body', 'head']);

/**
 * Builds a path of hops to `target`, descending through repeated siblings keyed by their
 * text. A strict path starts at the nearest uniquely identified ancestor, or at the document
 * when there is none. A loose path starts at the document, or else at the nearest ancestor
 * with a class unique in the document. Returns null when no path matches only the target.
 */
export function keyedPath(
  index: DocumentIndex,
  target: MirrorNode,
  mode: PathMode,
): CompoundHop[] | null {
  if (mode === 'loose') {
    const fromDocument = descend(index, null, target, mode);
    if (fromDocument) {
      return fromDocument;
    }
  }
  const anchor = findAnchor(index, target, mode);
  if (!anchor && mode === 'loose') {
    return null;
  }
  return descend(index, anchor, target, mode);
}

interface Anchor {
  node: MirrorNode;
  compound: Compound;
}

/** Finds the nearest ancestor that a compound selector identifies in the whole document. */
function findAnchor(index: DocumentIndex, target: MirrorNode, mode: PathMode): Anchor | null {
  for (let node = target.parent; node && node.tagName !== ''; node = node.parent) {
    if (NON_ANCHOR_TAGS.has(node.tagName)) {
      continue;
    }
    const compound = anchorCompounds(node, mode).find((option) => index.count(option) === 1);
    if (compound) {
      return { node, compound };
    }
  }
  return null;
}

function anchorCompounds(node: MirrorNode, mode: PathMode): Compound[] {
  const classes = classList(node).filter(isStableClass);
  if (mode === 'loose') {
    return classes.map((name) => ({ classes: [name] }));
  }
  return [
    ...identityCompounds(node),
    ...classes.map((name) => ({ classes: [name] })),
    ...classes.map((name) => ({ tag: node.tagName, classes: [name] })),
  ];
}

function identityCompounds(node: MirrorNode): Compound[] {
  const options: Compound[] = [];
  for (const name of TEST_ID_ATTRIBUTES) {
    const value = node.attributes.get(name);
    if (value) {
      options.push({ attribute: { name, value } });
    }
  }
  const id = node.attributes.get('id');
  if (id && !isGeneratedId(id)) {
    options.push({ id });
  }
  return options;
}

/** Returns the compound selectors to try for one hop, in order of preference. */
function hopCompounds(node: MirrorNode, mode: PathMode, isTarget: boolean): Compound[] {
  const classes = classList(node).filter(isStableClass);
  const tag = node.tagName;
  if (mode === 'loose') {
    const options: Compound[] = classes.map((name) => ({ classes: [name] }));
    if (classes.length > 1) {
      options.push({ classes });
    }
    options.push({ tag });
    return options;
  }
  // The target's own test id and id are candidates of their own; paths offer another route.
  const options: Compound[] = isTarget ? [] : identityCompounds(node);
  options.push(...classes.map((name) => ({ tag, classes: [name] })), { tag });
  if (classes.length > 1) {
    options.push({ tag, classes });
  }
  return options;
}

/** Whether a hop may, or must, narrow its match by the element's text. */
type TextKey = 'never' | 'fallback' | 'required';

/**
 * Returns a hop that matches only `node` among the descendants of `scope`. With `fallback`
 * the compounds are tried without text first and with the element's text second.
 */
function reach(
  index: DocumentIndex,
  scope: MirrorNode,
  node: MirrorNode,
  mode: PathMode,
  options: { isTarget: boolean; textKey: TextKey },
): CompoundHop | null {
  const compounds = hopCompounds(node, mode, options.isTarget);
  if (options.textKey !== 'required') {
    for (const compound of compounds) {
      if (index.resolvesTo([{ compound }], node, scope)) {
        return { compound };
      }
    }
  }
  if (options.textKey === 'never') {
    return null;
  }
  const text = index.text(node);
  if (text === '' || text.length > MAX_KEY_TEXT_LENGTH) {
    return null;
  }
  for (const compound of compounds) {
    if (index.resolvesTo([{ compound, text }], node, scope)) {
      return { compound, text };
    }
  }
  return null;
}

function descend(
  index: DocumentIndex,
  anchor: Anchor | null,
  target: MirrorNode,
  mode: PathMode,
): CompoundHop[] | null {
  const hops: CompoundHop[] = anchor ? [{ compound: anchor.compound }] : [];
  let scope = anchor?.node ?? index.document;
  // Each round either finishes or moves the scope at least one level down.
  for (;;) {
    const direct = reach(index, scope, target, mode, {
      isTarget: true,
      textKey: isRepeatedSibling(target) ? 'fallback' : 'never',
    });
    if (direct) {
      hops.push(direct);
      return hops;
    }
    const keyed = keyRepeatedAncestor(index, scope, target, mode);
    if (!keyed) {
      return null;
    }
    hops.push(keyed.hop);
    scope = keyed.node;
  }
}

/**
 * Finds the shallowest repeated sibling between `scope` and `target` whose own text
 * distinguishes it from the others, such as the `li` of a todo list.
 */
function keyRepeatedAncestor(
  index: DocumentIndex,
  scope: MirrorNode,
  target: MirrorNode,
  mode: PathMode,
): { node: MirrorNode; hop: CompoundHop } | null {
  const path: MirrorNode[] = [];
  for (let node = target.parent; node && node !== scope; node = node.parent) {
    path.unshift(node);
  }
  for (const node of path) {
    if (!isRepeatedSibling(node)) {
      continue;
    }
    const hop = reach(index, scope, node, mode, { isTarget: false, textKey: 'required' });
    if (hop) {
      return { node, hop };
    }
  }
  return null;
}

/** Returns true when the element's parent has another element child with the same tag. */
function isRepeatedSibling(node: MirrorNode): boolean {
  const siblings = node.parent?.children ?? [];
  return siblings.some((sibling) => sibling !== node && sibling.tagName === node.tagName);
}
