import type { DomSnapshot, DomSnapshotNode } from '../score/dom-snapshot.js';

const URL_ATTRIBUTES = ['href', 'src', 'action', 'formaction', 'poster'];

/**
 * Strips `origin` from the URL attributes of a snapshot, so a page served on another port (the
 * recording's, an earlier run's) compares equal to the same page served now. Links to other
 * origins keep their full URL.
 */
export function relativizeDomUrls(snapshot: DomSnapshot, origin: string): DomSnapshot {
  return { ...snapshot, root: relativizeNode(snapshot.root, origin) };
}

function relativizeNode(node: DomSnapshotNode, origin: string): DomSnapshotNode {
  let attributes = node.attributes;
  for (const name of URL_ATTRIBUTES) {
    const value = attributes[name];
    if (value !== undefined && value.startsWith(`${origin}/`)) {
      attributes = { ...attributes, [name]: value.slice(origin.length) };
    }
  }
  return {
    ...node,
    attributes,
    children: node.children.map((child) => relativizeNode(child, origin)),
  };
}
