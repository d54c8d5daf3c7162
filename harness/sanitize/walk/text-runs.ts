import { NodeType, type mutationData, type serializedNodeWithId } from '@rrweb/types';
import { needsRendering } from './rendered-text.js';

/**
 * Elements that the browser lays out inline by default, so their text continues the text
 * around them: `rosalind.brack@<b>quayside-ledger.net</b>` reads as one address. Custom
 * elements (`<x-highlight>`) are inline too. Every other element (blocks, list items, table
 * cells, `<br>`, images, form controls) ends a run.
 */
const INLINE_TAGS: ReadonlySet<string> = new Set([
  'a',
  'abbr',
  'b',
  'big',
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
  'nobr',
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
  'wbr',
]);

/** Elements whose text the page does not show. Their own walk reads style text as CSS. */
const HIDDEN_TEXT_TAGS: ReadonlySet<string> = new Set(['style', 'script', 'noscript', 'template']);

function isInline(tagName: unknown): boolean {
  if (typeof tagName !== 'string') {
    return false;
  }
  const tag = tagName.toLowerCase();
  return INLINE_TAGS.has(tag) || tag.includes('-');
}

/** A text node of a run, whose `textContent` the sanitizer may rewrite. */
export interface RunTextNode {
  id: number;
  textContent: string;
}

/** Text nodes that the page shows as one piece of text, in document order. */
export interface TextRun {
  nodes: RunTextNode[];
  /** Per node, whether an element starts or ends between it and the node before it. */
  afterElement: boolean[];
}

/** Children of a node in document order, with `undefined` where the order between two is unknown. */
type ChildrenOf = (node: serializedNodeWithId) => ReadonlyArray<serializedNodeWithId | undefined>;

/**
 * Collects runs of text nodes that the page shows as one piece of text: text nodes in
 * document order with only inline elements and comments between them. A run of one node is
 * kept only when the page shows its text otherwise than it is written (see
 * `needsRendering`), because the walk of each node already reads its text as written.
 */
class RunCollector {
  readonly runs: TextRun[] = [];
  private current: TextRun = { nodes: [], afterElement: [] };
  private crossedElement = false;

  constructor(private readonly childrenOf: ChildrenOf) {}

  visit(node: serializedNodeWithId): void {
    // The audit reads fixtures that no sanitizer wrote, so each field is checked.
    if (node.type === NodeType.Text) {
      // CSS text is not shown, and its own walk reads it as CSS.
      if (node.isStyle === true || typeof node.textContent !== 'string') {
        this.end();
      } else {
        this.current.nodes.push(node);
        this.current.afterElement.push(this.crossedElement);
        this.crossedElement = false;
      }
      return;
    }
    if (node.type === NodeType.Comment) {
      // Server-rendered pages put comments inside text (`Mail <!-- -->ann@...`), and the
      // page does not show them.
      return;
    }
    if (node.type !== NodeType.Element && node.type !== NodeType.Document) {
      this.end();
      return;
    }
    const inline = node.type === NodeType.Element && isInline(node.tagName);
    if (!inline) {
      this.end();
    }
    if (
      node.type === NodeType.Element &&
      HIDDEN_TEXT_TAGS.has(String(node.tagName).toLowerCase())
    ) {
      return;
    }
    this.crossedElement = true;
    this.visitAll(this.childrenOf(node));
    this.crossedElement = true;
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
    const { nodes } = this.current;
    if (nodes.length > 1 || (nodes.length === 1 && needsRendering(nodes[0]!.textContent))) {
      this.runs.push(this.current);
    }
    this.current = { nodes: [], afterElement: [] };
    this.crossedElement = false;
  }
}

/** Returns the runs of text nodes of a full snapshot; see {@link RunCollector}. */
export function textRunsOfSnapshot(root: serializedNodeWithId): TextRun[] {
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
export function textRunsOfAdds(adds: mutationData['adds']): TextRun[] {
  if (!mayHoldRuns(adds)) {
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
    // One chain contains all the children in order. Other nodes may lie between several, and
    // the first may not start the parent, so each is read as a run of its own.
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
    // The document of an iframe comes whole, with its children inside it.
    const inside = 'childNodes' in node && Array.isArray(node.childNodes) ? node.childNodes : [];
    return inside.length > 0 ? inside : orderedChildren(node.id);
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
 * Tells whether the added nodes may form a run: two text nodes or more, one whose text the
 * page shows otherwise than written, or a node added with its children. Most mutations add
 * one element and its text, and this spares them building the subtrees.
 */
function mayHoldRuns(adds: mutationData['adds']): boolean {
  let texts = 0;
  for (const add of adds) {
    const node = add?.node as Partial<{ type: number; textContent: unknown; childNodes: unknown }>;
    if (node?.type === NodeType.Text) {
      texts += 1;
      if (texts > 1 || (typeof node.textContent === 'string' && needsRendering(node.textContent))) {
        return true;
      }
    } else if (Array.isArray(node?.childNodes) && node.childNodes.length > 0) {
      return true;
    }
  }
  return false;
}

/**
 * Returns the text changes of one Mutation event whose text the page shows otherwise than it
 * is written, each as a run of one node, except those of `<style>` elements. The other nodes
 * around them are not known.
 */
export function textRunsOfChanges(
  texts: mutationData['texts'],
  isStyleText: (id: number) => boolean,
): TextRun[] {
  const runs: TextRun[] = [];
  for (const change of texts) {
    if (
      typeof change?.value === 'string' &&
      needsRendering(change.value) &&
      !isStyleText(change.id)
    ) {
      // The run's node writes through to the change, so a replacement lands in the event.
      const node: RunTextNode = {
        id: change.id,
        get textContent() {
          return change.value ?? '';
        },
        set textContent(text: string) {
          change.value = text;
        },
      };
      runs.push({ nodes: [node], afterElement: [false] });
    }
  }
  return runs;
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
