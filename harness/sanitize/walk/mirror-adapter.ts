import { NodeType } from '@rrweb/types';
import type { compile } from 'css-select';
import type { MirrorNode } from '../../compile/dom-mirror.js';

/** css-select's adapter interface, which the package does not export by name. */
type Adapter = NonNullable<
  NonNullable<Parameters<typeof compile<MirrorNode, MirrorNode>>[1]>['adapter']
>;

function textOf(node: MirrorNode): string {
  if (node.type === NodeType.Text || node.type === NodeType.CDATA) {
    return node.text;
  }
  return node.children.map(textOf).join('');
}

function removeSubsets(nodes: MirrorNode[]): MirrorNode[] {
  const unique = [...new Set(nodes)];
  return unique.filter((node) => {
    for (let ancestor = node.parent; ancestor; ancestor = ancestor.parent) {
      if (unique.includes(ancestor)) {
        return false;
      }
    }
    return true;
  });
}

/**
 * Lets css-select match selectors against the DOM rebuilt from rrweb's serialized nodes, so
 * sanitizer rules use the full CSS selector syntax (attribute operators, combinators,
 * `:not()`, `:nth-child()`) instead of hand-written matching.
 */
export const mirrorAdapter: Adapter = {
  isTag: (node): node is MirrorNode => node.type === NodeType.Element,
  getAttributeValue: (element, name) => element.attributes.get(name),
  getChildren: (node) => node.children,
  getName: (element) => element.tagName,
  getParent: (node) => node.parent,
  getSiblings: (node) => node.parent?.children ?? [node],
  getText: textOf,
  hasAttrib: (element, name) => element.attributes.has(name),
  removeSubsets,
  prevElementSibling: (node) => {
    const siblings = node.parent?.children ?? [];
    for (let index = siblings.indexOf(node) - 1; index >= 0; index--) {
      const sibling = siblings[index]!;
      if (sibling.type === NodeType.Element) {
        return sibling;
      }
    }
    return null;
  },
};
