import { NodeType, type mutationData, type serializedNodeWithId } from '@rrweb/types';
import type { Finding } from '../types.js';
import { LOCATIONS, type SanitizeContext } from './context.js';

/** The scanner that {@link splitFindings} reads the joined text of a run with. */
export interface Scanner {
  scan(text: string): Finding[];
}

/**
 * Elements that the browser lays out inline by default, so their text continues the text
 * around them: `rosalind.brack@<b>quayside-ledger.net</b>` reads as one address. Every other
 * element (blocks, list items, table cells, `<br>`, form controls) ends a run.
 */
const INLINE_TAGS: ReadonlySet<string> = new Set([
  'a',
  'abbr',
  'b',
  'bdi',
  'bdo',
  'cite',
  'code',
  'data',
  'del',
  'dfn',
  'em',
  'font',
  'i',
  'ins',
  'kbd',
  'label',
  'mark',
  'q',
  's',
  'samp',
  'small',
  'span',
  'strong',
  'sub',
  'sup',
  'time',
  'tt',
  'u',
  'var',
]);

/** A text node of a run, whose `textContent` the sanitizer may rewrite. */
export interface RunTextNode {
  id: number;
  textContent: string;
}

/** Children of a node in document order, with `undefined` where the order between two is unknown. */
type ChildrenOf = (node: serializedNodeWithId) => ReadonlyArray<serializedNodeWithId | undefined>;

/**
 * Collects runs of text nodes that the page shows as one piece of text: text nodes in
 * document order with only inline elements between them. Only runs of two text nodes or more
 * are kept, because the walk of each node already covers a text in one node.
 */
class RunCollector {
  readonly runs: RunTextNode[][] = [];
  private current: RunTextNode[] = [];

  constructor(private readonly childrenOf: ChildrenOf) {}

  visit(node: serializedNodeWithId): void {
    // The audit reads fixtures that no sanitizer wrote, so each field is checked.
    if (node.type === NodeType.Text) {
      // CSS text is not shown, and its own walk reads it as CSS.
      if (node.isStyle === true || typeof node.textContent !== 'string') {
        this.end();
      } else {
        this.current.push(node);
      }
      return;
    }
    if (node.type !== NodeType.Element && node.type !== NodeType.Document) {
      this.end();
      return;
    }
    const inline =
      node.type === NodeType.Element &&
      typeof node.tagName === 'string' &&
      INLINE_TAGS.has(node.tagName.toLowerCase());
    if (!inline) {
      this.end();
    }
    this.visitAll(this.childrenOf(node));
    if (!inline) {
      this.end();
    }
  }

  visitAll(nodes: ReadonlyArray<serializedNodeWithId | undefined>): void {
    for (const node of nodes) {
      if (node === undefined) {
        this.end();
      } else {
        this.visit(node);
      }
    }
  }

  /** Ends the current run. */
  end(): void {
    if (this.current.length > 1) {
      this.runs.push(this.current);
    }
    this.current = [];
  }
}

/** Returns the runs of text nodes of a full snapshot; see {@link RunCollector}. */
export function textRunsOfSnapshot(root: serializedNodeWithId): RunTextNode[][] {
  const collector = new RunCollector((node) =>
    'childNodes' in node && Array.isArray(node.childNodes) ? node.childNodes : [],
  );
  collector.visit(root);
  collector.end();
  return collector.runs;
}

/**
 * Returns the runs of text nodes among the nodes that one Mutation event adds. rrweb writes
 * each added node on its own, with its parent and its next sibling, so the subtrees are
 * rebuilt from those links. Text nodes added next to nodes that were on the page before are
 * not joined with them, because the sanitizer keeps no copy of the page.
 */
export function textRunsOfAdds(adds: mutationData['adds']): RunTextNode[][] {
  let texts = 0;
  for (const add of adds) {
    texts += add?.node?.type === NodeType.Text ? 1 : 0;
  }
  if (texts < 2) {
    return [];
  }
  const byParent = new Map<number, Array<mutationData['adds'][number]>>();
  const added = new Set<number>();
  for (const add of adds) {
    if (typeof add?.node !== 'object' || add.node === null) {
      continue;
    }
    added.add(add.node.id);
    const siblings = byParent.get(add.parentId);
    if (siblings === undefined) {
      byParent.set(add.parentId, [add]);
    } else {
      siblings.push(add);
    }
  }
  const visited = new Set<number>();
  const orderedChildren = (parentId: number): Array<serializedNodeWithId | undefined> => {
    const chains = siblingChains(byParent.get(parentId) ?? []);
    // One chain holds all the children in order. Between several, other nodes may lie, and
    // the first may not start the parent, so each stands alone.
    return chains.length === 1
      ? chains[0]!
      : chains.flatMap((chain) => [undefined, ...chain, undefined]);
  };
  const collector = new RunCollector((node) => {
    // A malformed batch can make a node its own ancestor, so each node is entered once.
    if (visited.has(node.id)) {
      return [];
    }
    visited.add(node.id);
    return orderedChildren(node.id);
  });
  for (const parentId of byParent.keys()) {
    if (!added.has(parentId)) {
      collector.visitAll(orderedChildren(parentId));
      collector.end();
    }
  }
  return collector.runs;
}

/**
 * Orders the nodes added under one parent into chains of adjacent siblings, by each add's
 * `nextId`. Two chains may have other nodes between them, so a run never spans two.
 */
function siblingChains(
  siblings: ReadonlyArray<mutationData['adds'][number]>,
): serializedNodeWithId[][] {
  const byId = new Map(siblings.map((add) => [add.node.id, add]));
  const followed = new Set<number>();
  for (const add of siblings) {
    if (add.nextId !== null && byId.has(add.nextId)) {
      followed.add(add.nextId);
    }
  }
  const chains: serializedNodeWithId[][] = [];
  const placed = new Set<number>();
  for (const head of siblings) {
    if (followed.has(head.node.id)) {
      continue;
    }
    const chain: serializedNodeWithId[] = [];
    for (
      let add: mutationData['adds'][number] | undefined = head;
      add !== undefined && !placed.has(add.node.id);
      add = add.nextId === null ? undefined : byId.get(add.nextId)
    ) {
      placed.add(add.node.id);
      chain.push(add.node);
    }
    chains.push(chain);
  }
  return chains;
}

/** A finding in the joined text of a run, with the text nodes it covers. */
export interface SplitFinding {
  finding: Finding;
  /** Positions in the run of the first and the last text node that the finding covers. */
  first: number;
  last: number;
}

/** Returns the offset of each node's text in the joined text of a run. */
function nodeStarts(run: readonly RunTextNode[]): number[] {
  const starts: number[] = [];
  let length = 0;
  for (const node of run) {
    starts.push(length);
    length += node.textContent.length;
  }
  return starts;
}

/**
 * Returns the findings in the joined text of a run that cover two text nodes or more. A
 * finding inside one node is left to that node's own walk.
 */
export function splitFindings(run: readonly RunTextNode[], scanner: Scanner): SplitFinding[] {
  const starts = nodeStarts(run);
  const nodeAt = (offset: number) => {
    let position = 0;
    while (position + 1 < starts.length && starts[position + 1]! <= offset) {
      position++;
    }
    return position;
  };
  const joined = run.map((node) => node.textContent).join('');
  const split: SplitFinding[] = [];
  for (const finding of scanner.scan(joined)) {
    const first = nodeAt(finding.start);
    const last = nodeAt(finding.end - 1);
    if (first !== last) {
      split.push({ finding, first, last });
    }
  }
  return split;
}

/**
 * Replaces the values that the text nodes of a run show only together, such as an address
 * with its domain in bold. Each node keeps its part of the replacement: as many characters
 * as it had of the value, and the last node the rest, so the page shows the replacement in
 * the same pieces.
 */
export function replaceSplitValues(context: SanitizeContext, runs: readonly RunTextNode[][]): void {
  for (const run of runs) {
    const split = splitFindings(run, context.text);
    if (split.length === 0) {
      continue;
    }
    const starts = nodeStarts(run);
    // The last finding first, so the offsets of the earlier ones stay valid.
    for (const { finding, first, last } of split.reverse()) {
      const replacement = context.text.replaceWhole(
        finding.value,
        finding.detector,
        LOCATIONS.domText,
      );
      let used = 0;
      for (let position = first; position <= last; position++) {
        const node = run[position]!;
        const start = Math.max(finding.start - starts[position]!, 0);
        const end = Math.min(finding.end - starts[position]!, node.textContent.length);
        const part =
          position === last
            ? replacement.slice(used)
            : replacement.slice(used, Math.min(used + end - start, replacement.length));
        used += part.length;
        node.textContent = node.textContent.slice(0, start) + part + node.textContent.slice(end);
      }
    }
  }
}
