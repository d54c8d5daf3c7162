import type { DomSnapshotNode } from './dom-snapshot.js';

/** A node's readable path and the prefix of its children's paths. */
export interface NodePosition {
  path: string;
  prefix: string;
  depth: number;
}

/**
 * Builds a child's path. The top document's `html` and `body` are left out of their
 * descendants' paths, which would otherwise all start with `html > body`.
 */
export function positionOf(
  node: DomSnapshotNode,
  siblings: DomSnapshotNode[],
  parent: NodePosition,
): NodePosition {
  const segment = pathSegment(node, siblings);
  const path = parent.prefix === '' ? segment : `${parent.prefix} > ${segment}`;
  const depth = parent.depth + 1;
  const isTopBody = depth === 1 && parent.prefix === '' && node.tag === 'body';
  return { path, prefix: isTopBody ? '' : path, depth };
}

const CSS_IDENTIFIER = /^-?[A-Za-z_][\w-]*$/;
const MAX_PATH_CLASSES = 3;

function pathSegment(node: DomSnapshotNode, siblings: DomSnapshotNode[]): string {
  const id = node.attributes.id;
  if (id !== undefined && id !== '') {
    return CSS_IDENTIFIER.test(id) ? `${node.tag}#${id}` : `${node.tag}[id=${JSON.stringify(id)}]`;
  }
  const classes = (node.attributes.class ?? '')
    .split(/\s+/)
    .filter((name) => CSS_IDENTIFIER.test(name))
    .slice(0, MAX_PATH_CLASSES);
  const base = node.tag + classes.map((name) => `.${name}`).join('');
  const { index, sameTagCount } = typePosition(node, siblings);
  if (sameTagCount < 2) {
    return base;
  }
  // NOTE: the index counts visible siblings only, so it can differ from the live DOM's
  // :nth-of-type when hidden siblings of the same tag precede the node.
  return `${base}:nth-of-type(${index})`;
}

const typePositions = new WeakMap<
  DomSnapshotNode[],
  Map<DomSnapshotNode, { index: number; sameTagCount: number }>
>();

/** Returns a node's 1-based index among same-tag siblings, computed once per sibling list. */
function typePosition(
  node: DomSnapshotNode,
  siblings: DomSnapshotNode[],
): { index: number; sameTagCount: number } {
  let positions = typePositions.get(siblings);
  if (positions === undefined) {
    positions = new Map();
    const counts = new Map<string, number>();
    for (const sibling of siblings) {
      counts.set(sibling.tag, (counts.get(sibling.tag) ?? 0) + 1);
    }
    const seen = new Map<string, number>();
    for (const sibling of siblings) {
      const index = (seen.get(sibling.tag) ?? 0) + 1;
      seen.set(sibling.tag, index);
      positions.set(sibling, { index, sameTagCount: counts.get(sibling.tag) ?? 0 });
    }
    typePositions.set(siblings, positions);
  }
  return positions.get(node) ?? { index: 1, sameTagCount: 1 };
}
