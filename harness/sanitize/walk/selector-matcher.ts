import { NodeType, type mutationData, type serializedNodeWithId } from '@rrweb/types';
import { DomMirror, type MirrorNode } from '../../compile/dom-mirror.js';
import type { SelectorRule, WholeValueRule } from '../rules.js';
import { hasOptionValue, optionValueRule, type OptionTree, type ValueRule } from './option-text.js';

export type { ValueRule } from './option-text.js';

/** Rules for values recorded before the option that has them, by event index and value. */
export type LateValueRules = ReadonlyMap<number, ReadonlyMap<string, ValueRule>>;

/** Values per select that {@link SelectorMatcher.awaitOption} keeps, beyond which the oldest goes. */
const MAX_AWAITED_PER_SELECT = 64;

/** Finds the `rules.selectors` entry that covers a node of the current page. */
export interface NodeRuleLookup {
  /** The rule whose selector matches this element itself. */
  ruleForElement(id: number): WholeValueRule | undefined;
  /** The rule whose selector matches this node or one of its ancestors. */
  ruleForNode(id: number): WholeValueRule | undefined;
  /**
   * The rule that covers this node or an ancestor, else the first rule that matches an
   * element inside it: the rule for text gathered from the whole subtree.
   */
  ruleForSubtree(id: number): WholeValueRule | undefined;
  /**
   * The rule for the value of a form field: the field's own, as {@link ruleForNode} finds it,
   * else, in a `<select>`, the rule of an option that has this value. A rule on an option
   * replaces the option's value, so the select's value needs the same replacement.
   */
  ruleForValue(id: number, value: string): ValueRule | undefined;
}

/**
 * Keeps a mirror of the recorded DOM, built from the original (not yet sanitized) events,
 * and matches the selector rules against it with css-select. The caller loads each full
 * snapshot and applies each mutation before it looks up the nodes the event touches, so
 * selectors see the DOM as it was right after the event.
 */
export class SelectorMatcher implements NodeRuleLookup {
  private mirror: DomMirror | undefined;
  /** Select values that no option had when they were recorded, by select id. */
  private readonly awaited = new Map<number, Array<{ value: string; index: number }>>();
  private readonly late = new Map<number, Map<string, ValueRule>>();
  private readonly tree: OptionTree<MirrorNode> = {
    children: (node) => node.children,
    textOf: (node) => (node.type === NodeType.Text ? node.text : undefined),
    tagOf: (node) => node.tagName,
    ruleOf: (node) => this.ruleMatching(node),
    valueAttribute: (node) => node.attributes.get('value'),
  };

  constructor(private readonly rules: readonly SelectorRule[]) {}

  loadSnapshot(node: serializedNodeWithId): void {
    this.mirror = new DomMirror(node);
    this.awaited.clear();
  }

  applyMutation(data: mutationData): void {
    this.mirror?.applyMutation(data);
    if (this.awaited.size > 0) {
      this.settleAwaited(data);
    }
  }

  ruleForElement(id: number): WholeValueRule | undefined {
    const node = this.mirror?.get(id);
    return node === undefined ? undefined : this.ruleMatching(node);
  }

  ruleForNode(id: number): WholeValueRule | undefined {
    for (let node = this.mirror?.get(id) ?? null; node !== null; node = node.parent) {
      const rule = this.ruleMatching(node);
      if (rule) {
        return rule;
      }
    }
    return undefined;
  }

  ruleForSubtree(id: number): WholeValueRule | undefined {
    const node = this.mirror?.get(id);
    if (node === undefined) {
      return undefined;
    }
    const covering = this.ruleForNode(id);
    if (covering) {
      return covering;
    }
    const stack = [...node.children];
    for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
      const rule = this.ruleMatching(next);
      if (rule) {
        return rule;
      }
      stack.push(...next.children);
    }
    return undefined;
  }

  ruleForValue(id: number, value: string): ValueRule | undefined {
    const covering = this.ruleForNode(id);
    const node = this.mirror?.get(id);
    if (covering !== undefined || node?.tagName !== 'select') {
      return covering;
    }
    return optionValueRule(this.tree, node, value);
  }

  /**
   * Notes a value chosen in a `<select>` by the event at `index` when the select has no
   * option with that value yet. A script that fills a select and sets its value in the same
   * task gets the value recorded before the Mutation event that adds the options. So the
   * option's rule is known only after the value was sanitized (see {@link lateRules}).
   */
  awaitOption(id: number, value: string, index: number): void {
    const node = this.mirror?.get(id);
    if (value === '' || node?.tagName !== 'select' || hasOptionValue(this.tree, node, value)) {
      return;
    }
    const values = this.awaited.get(id) ?? [];
    values.push({ value, index });
    if (values.length > MAX_AWAITED_PER_SELECT) {
      values.shift();
    }
    this.awaited.set(id, values);
  }

  /**
   * Returns the rules that options added after their value was recorded have for that value,
   * by the index of the event that recorded it and the value (see {@link awaitOption}).
   */
  lateRules(): LateValueRules {
    return this.late;
  }

  /** Looks again for the awaited values of each select that the mutation changed. */
  private settleAwaited(data: mutationData): void {
    const touched = new Set<number>();
    const note = (id: number) => {
      for (let node = this.mirror?.get(id) ?? null; node !== null; node = node.parent) {
        if (this.awaited.has(node.id)) {
          touched.add(node.id);
        }
      }
    };
    data.adds.forEach((add) => note(add.parentId));
    data.texts.forEach((change) => note(change.id));
    data.attributes.forEach((change) => note(change.id));
    for (const id of this.awaited.keys()) {
      if (this.mirror?.get(id) === undefined) {
        this.awaited.delete(id);
      }
    }
    for (const id of touched) {
      const select = this.mirror!.get(id)!;
      const waiting = this.awaited.get(id)!.filter(({ value, index }) => {
        if (!hasOptionValue(this.tree, select, value)) {
          return true;
        }
        const rule = optionValueRule(this.tree, select, value);
        if (rule !== undefined) {
          const rules = this.late.get(index) ?? new Map<string, ValueRule>();
          this.late.set(index, rules.set(value, rule));
        }
        return false;
      });
      if (waiting.length > 0) {
        this.awaited.set(id, waiting);
      } else {
        this.awaited.delete(id);
      }
    }
  }

  private ruleMatching(node: MirrorNode): WholeValueRule | undefined {
    if (node.type !== NodeType.Element) {
      return undefined;
    }
    return this.rules.find((rule) => rule.matches(node));
  }
}
