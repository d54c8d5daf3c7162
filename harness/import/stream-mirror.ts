import { EventType, IncrementalSource, NodeType } from '@rrweb/types';
import { CUSTOM_EVENT_TAGS } from '../fixture/recording.js';
import { isRecord } from './check-events.js';
import type { SourceEvent } from './types.js';

/** The facts a {@link StreamMirror} stores about one node. */
interface NodeInfo {
  type: number;
  /** Lower-case tag name of an element. */
  tag?: string;
  parent?: number;
}

/** Incremental sources whose `id` names the node the event happened on. */
const SOURCES_WITH_ID = new Set<number>([
  IncrementalSource.MouseInteraction,
  IncrementalSource.Scroll,
  IncrementalSource.MediaInteraction,
  IncrementalSource.CanvasMutation,
  IncrementalSource.StyleDeclaration,
  IncrementalSource.AdoptedStyleSheet,
  IncrementalSource.StyleSheetRule,
]);

/** Incremental sources with a `positions` list naming the node under the pointer. */
const SOURCES_WITH_POSITIONS = new Set<number>([
  IncrementalSource.MouseMove,
  IncrementalSource.TouchMove,
  IncrementalSource.Drag,
]);

const CHARACTER_DATA = new Set<number>([NodeType.Text, NodeType.CDATA, NodeType.Comment]);

/** HTML elements that cannot have children, so no mutation adds nodes under them. */
const VOID_ELEMENTS = new Set([
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'link',
  'meta',
  'source',
  'track',
  'wbr',
]);
const FORM_FIELDS = new Set(['input', 'textarea', 'select']);

/**
 * The node tree of one full-snapshot stream, reduced to what tells streams apart: each node's
 * type, tag and parent, and the page URL. {@link fits} checks whether an event can belong to
 * the stream: its nodes exist, in the roles the event gives them.
 */
export class StreamMirror {
  readonly #nodes = new Map<number, NodeInfo>();
  readonly #page: string | undefined;
  /** Highest node id seen: rrweb numbers a page's nodes in creation order from 1. */
  #maxId = 0;

  constructor(snapshot: SourceEvent, href: string | undefined) {
    this.#addTree((snapshot.data as { node?: unknown }).node, undefined);
    this.#page = href === undefined ? undefined : pageKey(href);
  }

  /** Tells whether an event can belong to this stream. Events that name no node fit every stream. */
  fits(event: SourceEvent): boolean {
    const data = event.data as unknown as Record<string, unknown>;
    if (event.type === EventType.Custom) {
      return this.#fitsCustom(String(data.tag), data.payload);
    }
    if (event.type !== EventType.IncrementalSnapshot) {
      return true;
    }
    const source = data.source as number;
    if (source === IncrementalSource.Mutation) {
      return this.#fitsMutation(data);
    }
    if (source === IncrementalSource.Input) {
      return this.#isElement(data.id, FORM_FIELDS) || data.id === -1;
    }
    if (SOURCES_WITH_ID.has(source)) {
      return data.id === undefined || data.id === -1 || this.#nodes.has(data.id as number);
    }
    if (SOURCES_WITH_POSITIONS.has(source)) {
      return list(data.positions).every(
        (position) => !isRecord(position) || this.#hasNode(position.id),
      );
    }
    if (source === IncrementalSource.Selection) {
      return list(data.ranges).every(
        (range) => !isRecord(range) || (this.#hasNode(range.start) && this.#hasNode(range.end)),
      );
    }
    return true;
  }

  /**
   * Adds the nodes a mutation adds. Removed nodes stay, so the mirror only grows: an event
   * that fits it keeps fitting, whichever stream the mutation really came from.
   */
  apply(event: SourceEvent): void {
    const data = event.data as unknown as Record<string, unknown>;
    if (
      event.type !== EventType.IncrementalSnapshot ||
      data.source !== IncrementalSource.Mutation
    ) {
      return;
    }
    for (const add of list(data.adds)) {
      if (isRecord(add) && typeof add.parentId === 'number') {
        this.#addTree(add.node, add.parentId);
      }
    }
  }

  #fitsMutation(data: Record<string, unknown>): boolean {
    const created = new Map<number, NodeInfo>();
    for (const add of list(data.adds)) {
      if (isRecord(add) && isRecord(add.node) && typeof add.node.id === 'number') {
        created.set(add.node.id, { type: Number(add.node.type), parent: Number(add.parentId) });
      }
    }
    const known = (id: unknown) =>
      typeof id === 'number' ? (created.get(id) ?? this.#nodes.get(id)) : undefined;
    const adds = list(data.adds).filter(isRecord);
    const newNodesFit = adds.every((add) => this.#fitsAddedTree(add.node));
    const addsFit = adds.every((add) => {
      const parent = known(add.parentId);
      const next = typeof add.nextId === 'number' ? known(add.nextId) : null;
      const parentFits =
        parent !== undefined &&
        (parent.type === NodeType.Document ||
          (parent.type === NodeType.Element && !VOID_ELEMENTS.has(parent.tag ?? '')));
      return (
        parentFits &&
        (next === null ||
          (next !== undefined && (next.parent === undefined || next.parent === add.parentId)))
      );
    });
    const removesFit = list(data.removes).every((remove) => {
      const node = isRecord(remove) ? known(remove.id) : undefined;
      return (
        node !== undefined &&
        (node.parent === undefined || node.parent === (remove as { parentId?: unknown }).parentId)
      );
    });
    const textsFit = list(data.texts).every((text) => {
      const node = isRecord(text) ? known(text.id) : undefined;
      return node !== undefined && CHARACTER_DATA.has(node.type);
    });
    const attributesFit = list(data.attributes).every((entry) => {
      const node = isRecord(entry) ? known(entry.id) : undefined;
      return node !== undefined && node.type === NodeType.Element;
    });
    return newNodesFit && addsFit && removesFit && textsFit && attributesFit;
  }

  /**
   * Tells whether an added subtree can be this document's: each node is new, with an id above
   * every id so far, or a moved node whose type and tag match the one here.
   */
  #fitsAddedTree(root: unknown): boolean {
    const stack: unknown[] = [root];
    while (stack.length > 0) {
      const node = stack.pop();
      if (!isRecord(node) || typeof node.id !== 'number') {
        continue;
      }
      const existing = this.#nodes.get(node.id);
      if (existing === undefined ? node.id <= this.#maxId : !sameKind(existing, node)) {
        return false;
      }
      stack.push(...list(node.childNodes));
    }
    return true;
  }

  #fitsCustom(tag: string, payload: unknown): boolean {
    if (!isRecord(payload)) {
      return true;
    }
    if (tag === CUSTOM_EVENT_TAGS.url && typeof payload.href === 'string') {
      return this.#page === undefined || pageKey(payload.href) === this.#page;
    }
    if (tag === CUSTOM_EVENT_TAGS.select) {
      return this.#isElement(payload.id, new Set(['select']));
    }
    if (tag === CUSTOM_EVENT_TAGS.submit) {
      return this.#isElement(payload.id, new Set(['form']));
    }
    if (tag === CUSTOM_EVENT_TAGS.key) {
      return payload.id === -1 || this.#hasNode(payload.id);
    }
    return true;
  }

  /** Tells whether an id names a node here, counting -1 and missing ids, which name none, as known. */
  #hasNode(id: unknown): boolean {
    return typeof id !== 'number' || id < 0 || this.#nodes.has(id);
  }

  #isElement(id: unknown, tags: Set<string>): boolean {
    const node = typeof id === 'number' ? this.#nodes.get(id) : undefined;
    return (
      node !== undefined &&
      node.type === NodeType.Element &&
      (node.tag === undefined || tags.has(node.tag))
    );
  }

  #addTree(root: unknown, parent: number | undefined): void {
    // An explicit stack, because deeply nested documents would overflow recursion.
    const stack: Array<{ node: unknown; parent: number | undefined }> = [{ node: root, parent }];
    while (stack.length > 0) {
      const { node, parent: parentId } = stack.pop()!;
      if (!isRecord(node) || typeof node.id !== 'number') {
        continue;
      }
      const tag = typeof node.tagName === 'string' ? node.tagName.toLowerCase() : undefined;
      this.#maxId = Math.max(this.#maxId, node.id);
      this.#nodes.set(node.id, {
        type: Number(node.type),
        ...(tag ? { tag } : {}),
        ...(parentId === undefined ? {} : { parent: parentId }),
      });
      for (const child of list(node.childNodes)) {
        stack.push({ node: child, parent: node.id });
      }
    }
  }
}

function sameKind(existing: NodeInfo, node: Record<string, unknown>): boolean {
  const tag = typeof node.tagName === 'string' ? node.tagName.toLowerCase() : undefined;
  return existing.type === node.type && existing.tag === tag;
}

/** Origin and path of a URL: the page it names, without query or fragment. */
function pageKey(href: string): string {
  return URL.canParse(href) ? `${new URL(href).origin}${new URL(href).pathname}` : href;
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
