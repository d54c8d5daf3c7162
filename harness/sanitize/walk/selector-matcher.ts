import { NodeType, type mutationData, type serializedNodeWithId } from '@rrweb/types';
import { DomMirror, type MirrorNode } from '../../compile/dom-mirror.js';
import type { SelectorRule, WholeValueRule } from '../rules.js';
import { optionTextValue } from './option-text.js';

/** The rule for the value of a form field, from {@link NodeRuleLookup.ruleForValue}. */
export interface ValueRule extends WholeValueRule {
  /**
   * The texts of the chosen option's text nodes in order, when the option has no `value`
   * attribute, so that its text is its value. See `replaceFieldValue`.
   */
  optionTexts?: readonly string[];
}

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
  private readonly awaited = new Map<number, { value: string; index: number }>();
  /** Rules found for such values once their option arrived, by event index. */
  private readonly late = new Map<number, WholeValueRule>();

  constructor(private readonly rules: readonly SelectorRule[]) {}

  loadSnapshot(node: serializedNodeWithId): void {
    this.mirror = new DomMirror(node);
    this.awaited.clear();
  }

  applyMutation(data: mutationData): void {
    this.mirror?.applyMutation(data);
    for (const [id, { value, index }] of this.awaited) {
      const select = this.mirror?.get(id);
      if (select === undefined || select.tagName !== 'select') {
        this.awaited.delete(id);
      } else if (this.optionsWithValue(select, value).length > 0) {
        this.awaited.delete(id);
        const rule = this.ruleForValue(id, value);
        if (rule !== undefined) {
          this.late.set(index, rule);
        }
      }
    }
  }

  /**
   * Notes the value of the Input event at `index` when it is the value of a `<select>` that
   * has no option with that value yet. A script that fills a select and sets its value in the
   * same task gets its value recorded before the Mutation event that adds the options, so the
   * option's rule is known only after the value was sanitized. See {@link lateRules}.
   */
  awaitOption(id: number, value: string, index: number): void {
    const node = this.mirror?.get(id);
    if (node?.tagName === 'select' && this.optionsWithValue(node, value).length === 0) {
      this.awaited.set(id, { value, index });
    } else {
      this.awaited.delete(id);
    }
  }

  /**
   * Returns the rules that options added after their value was recorded have for that value,
   * by the index of the Input event that recorded it (see {@link awaitOption}).
   */
  lateRules(): ReadonlyMap<number, WholeValueRule> {
    return this.late;
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
    for (const option of this.optionsWithValue(node, value)) {
      // The select and its ancestors have no rule, so only the option and an optgroup can.
      const rule = this.ruleBelow(option, node);
      if (rule) {
        return option.attributes.has('value') ? rule : { ...rule, optionTexts: textsOf(option) };
      }
    }
    return undefined;
  }

  /** Returns the options of `select` whose value is `value`. */
  private optionsWithValue(select: MirrorNode, value: string): MirrorNode[] {
    const options: MirrorNode[] = [];
    const stack = [...select.children];
    for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
      if (next.tagName !== 'option') {
        stack.push(...next.children);
      } else if (optionValue(next) === value) {
        options.push(next);
      }
    }
    return options;
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
 * Returns the value of an `<option>` as the page reports it: its `value` attribute, else its
 * text (see {@link optionTextValue}).
 */
function optionValue(option: MirrorNode): string {
  return option.attributes.get('value') ?? optionTextValue(textsOf(option));
}

/** Returns the texts of the text nodes inside an element in document order, without scripts. */
function textsOf(element: MirrorNode): string[] {
  const texts: string[] = [];
  const stack = [...element.children].reverse();
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    if (next.type === NodeType.Text) {
      texts.push(next.text);
    } else if (next.tagName !== 'script') {
      stack.push(...[...next.children].reverse());
    }
  }
  return texts;
}
