import { optionTextValue } from '../../shared/option-value.js';
import type { WholeValueRule } from '../value-rules.js';

/** A text node of an `<option>`, with the `selectors` rule that covers it on the page. */
export interface OptionText {
  text: string;
  rule: WholeValueRule | undefined;
}

/** The rule for the value of a form field, from `NodeRuleLookup.ruleForValue`. */
export interface ValueRule extends WholeValueRule {
  /**
   * The chosen option's text nodes in order, when the option has no `value` attribute, so
   * that its text is its value. See `replaceFieldValue`.
   */
  optionTexts?: readonly OptionText[];
}

/**
 * Read access to a DOM tree for {@link optionValueRule}, so the sanitizer's mirror of the
 * recorded DOM and the recorder's live page share the option logic.
 */
export interface OptionTree<Node> {
  children(node: Node): Iterable<Node>;
  /** Returns the text of a text node, and undefined for other nodes. */
  textOf(node: Node): string | undefined;
  /** Returns the lower-case tag name of an element, and '' for other nodes. */
  tagOf(node: Node): string;
  /** Returns the rule whose selector matches this element itself. */
  ruleOf(node: Node): WholeValueRule | undefined;
  /** Returns the element's `value` attribute, or undefined when it has none. */
  valueAttribute(node: Node): string | undefined;
}

/**
 * Returns the rule for the value `value` of a `<select>` whose own rule is unknown: the rule
 * of an option with that value, of its `<optgroup>`, or, for an option whose text is its
 * value, of an element inside it. The outermost rule covers an option's text, as it does
 * when the sanitizer walks the DOM.
 */
export function optionValueRule<Node>(
  tree: OptionTree<Node>,
  select: Node,
  value: string,
): ValueRule | undefined {
  for (const { option, rule } of optionsOf(tree, select)) {
    const attribute = tree.valueAttribute(option);
    if (attribute !== undefined) {
      if (attribute === value && rule !== undefined) {
        return rule;
      }
      continue;
    }
    const texts = textsOf(tree, option, rule);
    if (optionTextValue(texts.map((text) => text.text)) !== value) {
      continue;
    }
    const covering = rule ?? texts.find((text) => text.rule !== undefined)?.rule;
    if (covering !== undefined) {
      return { ...covering, optionTexts: texts };
    }
  }
  return undefined;
}

/** Tells whether a `<select>` has an option whose value is `value`. */
export function hasOptionValue<Node>(tree: OptionTree<Node>, select: Node, value: string): boolean {
  for (const { option } of optionsOf(tree, select)) {
    const attribute = tree.valueAttribute(option);
    const optionValue =
      attribute ?? optionTextValue(textsOf(tree, option, undefined).map((text) => text.text));
    if (optionValue === value) {
      return true;
    }
  }
  return false;
}

/** Yields the options of a select in document order, each with the rule that covers it. */
function* optionsOf<Node>(
  tree: OptionTree<Node>,
  select: Node,
): Generator<{ option: Node; rule: WholeValueRule | undefined }> {
  const stack: Array<{ node: Node; inherited: WholeValueRule | undefined }> = [];
  const pushChildren = (node: Node, inherited: WholeValueRule | undefined) => {
    const children = [...tree.children(node)];
    for (let position = children.length - 1; position >= 0; position--) {
      stack.push({ node: children[position]!, inherited });
    }
  };
  pushChildren(select, undefined);
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const tag = tree.tagOf(next.node);
    if (tag === '') {
      continue;
    }
    const rule = next.inherited ?? tree.ruleOf(next.node);
    if (tag === 'option') {
      yield { option: next.node, rule };
    } else {
      pushChildren(next.node, rule);
    }
  }
}

/** Returns the text nodes inside an option in order, without scripts, each with its rule. */
function textsOf<Node>(
  tree: OptionTree<Node>,
  option: Node,
  inherited: WholeValueRule | undefined,
): OptionText[] {
  const texts: OptionText[] = [];
  const visit = (node: Node, rule: WholeValueRule | undefined) => {
    for (const child of tree.children(node)) {
      const text = tree.textOf(child);
      if (text !== undefined) {
        texts.push({ text, rule });
        continue;
      }
      const tag = tree.tagOf(child);
      if (tag !== '' && tag !== 'script') {
        visit(child, rule ?? tree.ruleOf(child));
      }
    }
  };
  visit(option, inherited);
  return texts;
}
