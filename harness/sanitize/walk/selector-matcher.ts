import { NodeType, type mutationData, type serializedNodeWithId } from '@rrweb/types';
import { DomMirror, type MirrorNode } from '../../compile/dom-mirror.js';
import type { SelectorRule, WholeValueRule } from '../rules.js';

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
  ruleForValue(id: number, value: string): WholeValueRule | undefined;
}

/**
 * Keeps a mirror of the recorded DOM, built from the original (not yet sanitized) events,
 * and matches the selector rules against it with css-select. The caller loads each full
 * snapshot and applies each mutation before it looks up the nodes the event touches, so
 * selectors see the DOM as it was right after the event.
 */
export class SelectorMatcher implements NodeRuleLookup {
  private mirror: DomMirror | undefined;

  constructor(private readonly rules: readonly SelectorRule[]) {}

  loadSnapshot(node: serializedNodeWithId): void {
    this.mirror = new DomMirror(node);
  }

  applyMutation(data: mutationData): void {
    this.mirror?.applyMutation(data);
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

  ruleForValue(id: number, value: string): WholeValueRule | undefined {
    const covering = this.ruleForNode(id);
    const node = this.mirror?.get(id);
    if (covering !== undefined || node?.tagName !== 'select') {
      return covering;
    }
    const stack = [...node.children];
    for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
      if (next.tagName === 'option') {
        // The select and its ancestors have no rule, so only the option and an optgroup can.
        const rule = optionValue(next) === value ? this.ruleBelow(next, node) : undefined;
        if (rule) {
          return rule;
        }
      } else {
        stack.push(...next.children);
      }
    }
    return undefined;
  }

  /** Returns the rule of `node` or of an ancestor below `top`. */
  private ruleBelow(node: MirrorNode, top: MirrorNode): WholeValueRule | undefined {
    for (let current: MirrorNode | null = node; current !== null && current !== top;) {
      const rule = this.ruleMatching(current);
      if (rule) {
        return rule;
      }
      current = current.parent;
    }
    return undefined;
  }

  private ruleMatching(node: MirrorNode): WholeValueRule | undefined {
    if (node.type !== NodeType.Element) {
      return undefined;
    }
    return this.rules.find((rule) => rule.matches(node));
  }
}

/**
 * Returns the value of an `<option>` as the page reports it: its `value` attribute, else its text
 * with white space stripped at both ends and collapsed inside, as HTML defines it.
 */
function optionValue(option: MirrorNode): string {
  const attribute = option.attributes.get('value');
  if (attribute !== undefined) {
    return attribute;
  }
  let text = '';
  const stack = [...option.children].reverse();
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    if (next.type === NodeType.Text) {
      text += next.text;
    } else if (next.tagName !== 'script') {
      stack.push(...[...next.children].reverse());
    }
  }
  return text.replace(/[\t\n\f\r ]+/g, ' ').replace(/^ | $/g, '');
}
