import { NodeType } from '@rrweb/types';
import type {
  addedNodeMutation,
  attributeMutation,
  inputData,
  mutationData,
  serializedNodeWithId,
} from '@rrweb/types';
import { createNode, mergeStyle, type MirrorNode } from './mirror-node.js';

export type { MirrorNode } from './mirror-node.js';

/** Counts of mutation entries that referenced node ids the mirror does not hold. */
export interface MutationOutcome {
  missingIds: number;
}

/**
 * The DOM of one page load, rebuilt from an rrweb full snapshot and kept current by applying
 * Mutation and Input events. Node ids are only meaningful within one full snapshot.
 */
export class DomMirror {
  readonly document: MirrorNode;
  /** Incremented on every change, so indexes derived from the tree know when to rebuild. */
  version = 0;
  private readonly nodes = new Map<number, MirrorNode>();

  constructor(snapshot: serializedNodeWithId) {
    this.document = this.build(snapshot, null);
  }

  get(id: number): MirrorNode | undefined {
    return this.nodes.get(id);
  }

  /** Applies one Mutation event in the order rrweb's replayer does: removes, adds, texts, attributes. */
  applyMutation(data: mutationData): MutationOutcome {
    const outcome: MutationOutcome = { missingIds: 0 };
    for (const removal of data.removes) {
      const node = this.nodes.get(removal.id);
      if (node) {
        this.detach(node);
        this.forget(node);
      } else {
        outcome.missingIds += 1;
      }
    }
    outcome.missingIds += this.applyAdds(data.adds);
    for (const change of data.texts) {
      const node = this.nodes.get(change.id);
      if (node) {
        this.setText(node, change.value ?? '');
      } else {
        outcome.missingIds += 1;
      }
    }
    for (const change of data.attributes) {
      if (!this.applyAttributes(change)) {
        outcome.missingIds += 1;
      }
    }
    this.version += 1;
    return outcome;
  }

  /** Applies an Input event; returns false when the node id is unknown. */
  applyInput(data: inputData): boolean {
    const node = this.nodes.get(data.id);
    if (!node) {
      return false;
    }
    node.value = data.text;
    node.valueDirty = true;
    if (node.checked !== undefined || data.isChecked) {
      node.checked = data.isChecked;
    }
    this.version += 1;
    return true;
  }

  private build(serialized: serializedNodeWithId, parent: MirrorNode | null): MirrorNode {
    const node = createNode(serialized);
    node.parent = parent;
    this.nodes.set(node.id, node);
    if ('childNodes' in serialized) {
      for (const child of serialized.childNodes) {
        node.children.push(this.build(child, node));
      }
    }
    return node;
  }

  /**
   * Inserts added nodes whose parent and next sibling are known, retrying the rest until no
   * more can be placed. rrweb lists an add before the sibling it is inserted in front of in
   * some batches, so one pass in order is not enough.
   */
  private applyAdds(adds: addedNodeMutation[]): number {
    let pending = adds;
    while (pending.length > 0) {
      const deferred: addedNodeMutation[] = [];
      for (const add of pending) {
        if (!this.tryAdd(add)) {
          deferred.push(add);
        }
      }
      if (deferred.length === pending.length) {
        return deferred.length;
      }
      pending = deferred;
    }
    return 0;
  }

  private tryAdd(add: addedNodeMutation): boolean {
    const parent = this.nodes.get(add.parentId);
    const next = add.nextId === null ? null : this.nodes.get(add.nextId);
    if (!parent || next === undefined) {
      return false;
    }
    const previous =
      typeof add.previousId === 'number' ? this.nodes.get(add.previousId) : undefined;
    const existing = this.nodes.get(add.node.id);
    if (existing) {
      this.detach(existing);
      this.forget(existing);
    }
    const node = this.build(add.node, parent);
    const previousIndex = previous?.parent === parent ? parent.children.indexOf(previous) : -1;
    const nextIndex = next?.parent === parent ? parent.children.indexOf(next) : -1;
    if (previousIndex >= 0) {
      parent.children.splice(previousIndex + 1, 0, node);
    } else if (nextIndex >= 0) {
      parent.children.splice(nextIndex, 0, node);
    } else {
      parent.children.push(node);
    }
    return true;
  }

  private detach(node: MirrorNode): void {
    const siblings = node.parent?.children;
    const index = siblings ? siblings.indexOf(node) : -1;
    if (siblings && index >= 0) {
      siblings.splice(index, 1);
    }
    node.parent = null;
  }

  /** Drops a removed subtree from the id map, as rrweb's mirror does. */
  private forget(node: MirrorNode): void {
    if (this.nodes.get(node.id) === node) {
      this.nodes.delete(node.id);
    }
    for (const child of node.children) {
      this.forget(child);
    }
  }

  private setText(node: MirrorNode, text: string): void {
    if (node.type !== NodeType.Element) {
      node.text = text;
      return;
    }
    for (const child of node.children) {
      this.forget(child);
    }
    const textNode = createNode({ type: NodeType.Text, textContent: text, id: -1 });
    textNode.parent = node;
    node.children.splice(0, node.children.length, textNode);
  }

  private applyAttributes(change: attributeMutation): boolean {
    const node = this.nodes.get(change.id);
    if (!node) {
      return false;
    }
    for (const [name, value] of Object.entries(change.attributes)) {
      if (value === null) {
        node.attributes.delete(name);
      } else if (typeof value === 'string') {
        node.attributes.set(name, value);
      } else if (name === 'style') {
        node.attributes.set('style', mergeStyle(node.attributes.get('style') ?? '', value));
      }
      if (name === 'value' && !node.valueDirty && (typeof value === 'string' || value === null)) {
        node.value = value ?? '';
      }
    }
    return true;
  }
}
