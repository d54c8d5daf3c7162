import type { DomChange, DomComparison } from '../result/types.js';
import { alignChildren, subtreeText } from './align-children.js';
import { positionOf, type NodePosition } from './dom-path.js';
import type { DomSnapshot, DomSnapshotNode } from './dom-snapshot.js';

/** Number of changes {@link compareDom} lists before counting the rest as omitted. */
export const DEFAULT_MAX_DOM_CHANGES = 50;

/** Options for {@link compareDom}. */
export interface CompareDomOptions {
  /** Attribute names to leave out; a trailing `*` matches a prefix, as in `data-test*`. */
  ignoreAttributes: string[];
  /** Maximum number of listed changes; default {@link DEFAULT_MAX_DOM_CHANGES}. */
  maxChanges?: number;
}

/** Form state fields and the mask flag, reported as attribute changes named `:value` and so on. */
const STATE_FIELDS = ['value', 'checked', 'selected', 'masked'] as const;

interface ComparisonState {
  changes: DomChange[];
  unchangedNodes: number;
  isIgnored: (name: string) => boolean;
}

/**
 * Compares two visible DOM snapshots.
 *
 * Children are aligned by {@link alignChildren}, so an inserted row yields one `added`
 * change and leaves the following rows matched. A removed or added subtree is one change at
 * its root. Form state changes are `attribute` changes named `:value`, `:checked`,
 * `:selected`, and a mask placeholder facing an unmasked node is a `:masked` change.
 *
 * Similarity is the number of matched nodes whose own tag, attributes, text and form state
 * are equal, divided by the node count of the larger snapshot. The document title counts as
 * one more node on each side. It is 1 only when nothing differs and falls with both changed
 * and unmatched nodes, so a large insertion weighs more than a one-word edit.
 */
export function compareDom(
  expected: DomSnapshot,
  actual: DomSnapshot,
  options: CompareDomOptions,
): DomComparison {
  const state: ComparisonState = {
    changes: [],
    unchangedNodes: 0,
    isIgnored: attributeFilter(options.ignoreAttributes),
  };

  if (expected.title === actual.title) {
    state.unchangedNodes += 1;
  } else {
    state.changes.push({
      type: 'text',
      path: 'title',
      expected: expected.title,
      actual: actual.title,
    });
  }

  if (expected.root.tag === actual.root.tag) {
    compareMatched(
      expected.root,
      actual.root,
      { path: expected.root.tag, prefix: '', depth: 0 },
      state,
    );
  } else {
    state.changes.push({
      type: 'removed',
      path: expected.root.tag,
      expected: describeNode(expected.root),
    });
    state.changes.push({ type: 'added', path: actual.root.tag, actual: describeNode(actual.root) });
  }

  const total = Math.max(countNodes(expected.root), countNodes(actual.root)) + 1;
  const maxChanges = options.maxChanges ?? DEFAULT_MAX_DOM_CHANGES;
  return {
    similarity: state.unchangedNodes / total,
    changes: state.changes.slice(0, maxChanges),
    omittedChanges: Math.max(0, state.changes.length - maxChanges),
  };
}

/** Describes one change in a sentence, for failure messages. */
export function describeDomChange(change: DomChange): string {
  switch (change.type) {
    case 'added':
      return `${change.path} was added (${change.actual ?? 'element'})`;
    case 'removed':
      return `${change.path} was removed (${change.expected ?? 'element'})`;
    case 'text':
      return `text of ${change.path} changed from ${quote(change.expected)} to ${quote(change.actual)}`;
    case 'attribute':
      return `${change.attribute ?? 'attribute'} of ${change.path} changed from ${quote(change.expected)} to ${quote(change.actual)}`;
  }
}

function quote(value: string | undefined): string {
  return value === undefined ? '(none)' : JSON.stringify(value);
}

function compareMatched(
  expected: DomSnapshotNode,
  actual: DomSnapshotNode,
  position: NodePosition,
  state: ComparisonState,
): void {
  const before = state.changes.length;
  compareOwn(expected, actual, position.path, state);
  if (state.changes.length === before) {
    state.unchangedNodes += 1;
  }

  for (const pair of alignChildren(expected.children, actual.children)) {
    if (pair.expected && pair.actual) {
      const childPosition = positionOf(pair.actual, actual.children, position);
      compareMatched(pair.expected, pair.actual, childPosition, state);
    } else if (pair.expected) {
      const { path } = positionOf(pair.expected, expected.children, position);
      state.changes.push({ type: 'removed', path, expected: describeNode(pair.expected) });
    } else if (pair.actual) {
      const { path } = positionOf(pair.actual, actual.children, position);
      state.changes.push({ type: 'added', path, actual: describeNode(pair.actual) });
    }
  }
}

function compareOwn(
  expected: DomSnapshotNode,
  actual: DomSnapshotNode,
  path: string,
  state: ComparisonState,
): void {
  if ((expected.text ?? '') !== (actual.text ?? '')) {
    state.changes.push({
      type: 'text',
      path,
      expected: expected.text ?? '',
      actual: actual.text ?? '',
    });
  }

  const names = new Set([...Object.keys(expected.attributes), ...Object.keys(actual.attributes)]);
  for (const name of [...names].sort()) {
    const expectedValue = expected.attributes[name];
    const actualValue = actual.attributes[name];
    if (!state.isIgnored(name) && expectedValue !== actualValue) {
      state.changes.push(attributeChange(path, name, expectedValue, actualValue));
    }
  }

  for (const field of STATE_FIELDS) {
    const expectedValue = expected[field];
    const actualValue = actual[field];
    if (expectedValue !== actualValue) {
      state.changes.push(
        attributeChange(
          path,
          `:${field}`,
          stringOrUndefined(expectedValue),
          stringOrUndefined(actualValue),
        ),
      );
    }
  }
}

function attributeChange(
  path: string,
  attribute: string,
  expected: string | undefined,
  actual: string | undefined,
): DomChange {
  const change: DomChange = { type: 'attribute', path, attribute };
  if (expected !== undefined) {
    change.expected = expected;
  }
  if (actual !== undefined) {
    change.actual = actual;
  }
  return change;
}

function stringOrUndefined(value: string | boolean | undefined): string | undefined {
  return value === undefined ? undefined : String(value);
}

const MAX_DESCRIPTION_TEXT = 60;

/** Returns a short label such as `li "Buy milk"` for added and removed changes. */
function describeNode(node: DomSnapshotNode): string {
  if (node.masked) {
    return `${node.tag} (masked)`;
  }
  const text = subtreeText(node);
  if (text === '') {
    return node.tag;
  }
  const truncated =
    text.length > MAX_DESCRIPTION_TEXT ? `${text.slice(0, MAX_DESCRIPTION_TEXT - 1)}…` : text;
  return `${node.tag} ${JSON.stringify(truncated)}`;
}

function countNodes(node: DomSnapshotNode): number {
  let count = 1;
  for (const child of node.children) {
    count += countNodes(child);
  }
  return count;
}

/** Matches ignored attribute names, plus the `rr_` and `data-rr` markers rrweb's replayer adds. */
function attributeFilter(ignoreAttributes: string[]): (name: string) => boolean {
  const names = new Set(ignoreAttributes.filter((name) => !name.endsWith('*')));
  const prefixes = ignoreAttributes
    .filter((name) => name.endsWith('*'))
    .map((name) => name.slice(0, -1));
  return (name) =>
    name.startsWith('rr_') ||
    name.startsWith('data-rr') ||
    names.has(name) ||
    prefixes.some((prefix) => name.startsWith(prefix));
}
