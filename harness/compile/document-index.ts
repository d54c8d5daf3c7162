import { NodeType } from '@rrweb/types';
import type { DomMirror, MirrorNode } from './dom-mirror.js';
import { classList, matchesCompound, type Compound } from './css.js';
import { elementText, type TextCache } from './mirror-text.js';

/** A selector hop in structured form: a compound selector and an optional exact text. */
export interface CompoundHop {
  compound: Compound;
  text?: string;
}

/**
 * Lookup tables over the elements of one document in one mirror state, used to test whether
 * a selector matches exactly one element. Elements inside iframes are left out because a
 * Playwright locator does not reach into frames; each frame's document has an index of its
 * own.
 */
export class DocumentIndex {
  readonly elements: MirrorNode[] = [];
  readonly textCache: TextCache = new Map();
  private readonly byTag = new Map<string, MirrorNode[]>();
  private readonly byClass = new Map<string, MirrorNode[]>();
  private readonly byId = new Map<string, MirrorNode[]>();
  private readonly byAttribute = new Map<string, Map<string, MirrorNode[]>>();

  constructor(readonly document: MirrorNode) {
    this.collect(document);
  }

  /** Returns the whitespace-normalized text of an element, cached for this mirror state. */
  text(node: MirrorNode): string {
    return elementText(node, this.textCache);
  }

  /** Counts the elements in the whole document that match a compound selector. */
  count(compound: Compound): number {
    return this.candidates(compound).filter((node) => matchesCompound(node, compound)).length;
  }

  /**
   * Evaluates hops the way chained Playwright locators do: each hop matches descendants of
   * any element the previous hop matched, narrowed by exact normalized text when given.
   */
  query(hops: CompoundHop[], scopes: MirrorNode[] = [this.document]): MirrorNode[] {
    let current = scopes;
    for (const hop of hops) {
      current = this.queryHop(hop, current);
      if (current.length === 0) {
        break;
      }
    }
    return current;
  }

  /** Returns true when the hops, evaluated from `scope`, match exactly `expected`. */
  resolvesTo(
    hops: CompoundHop[],
    expected: MirrorNode,
    scope: MirrorNode = this.document,
  ): boolean {
    const matches = this.query(hops, [scope]);
    return matches.length === 1 && matches[0] === expected;
  }

  private queryHop(hop: CompoundHop, scopes: MirrorNode[]): MirrorNode[] {
    const scopeSet = new Set(scopes);
    const fromDocument = scopeSet.has(this.document);
    return this.candidates(hop.compound).filter(
      (node) =>
        matchesCompound(node, hop.compound) &&
        (fromDocument || hasAncestorIn(node, scopeSet)) &&
        (hop.text === undefined || this.text(node) === hop.text),
    );
  }

  /** Returns the smallest prebuilt list that contains every element the compound can match. */
  private candidates(compound: Compound): MirrorNode[] {
    if (compound.id !== undefined) {
      return this.byId.get(compound.id) ?? [];
    }
    if (compound.attribute) {
      return this.attributeIndex(compound.attribute.name).get(compound.attribute.value) ?? [];
    }
    const firstClass = compound.classes?.[0];
    if (firstClass !== undefined) {
      return this.byClass.get(firstClass) ?? [];
    }
    if (compound.tag !== undefined) {
      return this.byTag.get(compound.tag) ?? [];
    }
    return this.elements;
  }

  private attributeIndex(name: string): Map<string, MirrorNode[]> {
    let index = this.byAttribute.get(name);
    if (!index) {
      index = new Map();
      for (const node of this.elements) {
        const value = node.attributes.get(name);
        if (value !== undefined) {
          append(index, value, node);
        }
      }
      this.byAttribute.set(name, index);
    }
    return index;
  }

  private collect(node: MirrorNode): void {
    for (const child of node.children) {
      // An iframe's document is a Document node below the iframe element, so this check
      // also keeps frame content out: page-level locators do not reach into frames.
      if (child.type !== NodeType.Element) {
        continue;
      }
      this.elements.push(child);
      append(this.byTag, child.tagName, child);
      const id = child.attributes.get('id');
      if (id !== undefined) {
        append(this.byId, id, child);
      }
      for (const name of classList(child)) {
        append(this.byClass, name, child);
      }
      this.collect(child);
    }
  }
}

function append<K>(map: Map<K, MirrorNode[]>, key: K, node: MirrorNode): void {
  const list = map.get(key);
  if (list) {
    list.push(node);
  } else {
    map.set(key, [node]);
  }
}

function hasAncestorIn(node: MirrorNode, scopes: Set<MirrorNode>): boolean {
  for (let current = node.parent; current; current = current.parent) {
    if (scopes.has(current)) {
      return true;
    }
  }
  return false;
}

const indexCache = new WeakMap<MirrorNode, { version: number; index: DocumentIndex }>();

/**
 * Returns the index of one document in the mirror's current state, rebuilding it after any
 * change. The document is the page's own by default, or the document of a frame.
 */
export function indexFor(mirror: DomMirror, document: MirrorNode = mirror.document): DocumentIndex {
  const cached = indexCache.get(document);
  if (cached && cached.version === mirror.version) {
    return cached.index;
  }
  const index = new DocumentIndex(document);
  indexCache.set(document, { version: mirror.version, index });
  return index;
}
