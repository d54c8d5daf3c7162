import { UsageError } from '../../shared/errors.js';
import type { SanitizeRules } from '../../sanitize/types.js';
import type { WholeValueRule } from '../../sanitize/value-rules.js';
import {
  optionValueRule,
  type OptionTree,
  type ValueRule,
} from '../../sanitize/walk/option-text.js';
import type { NodeRuleLookup } from '../../sanitize/walk/selector-matcher.js';

/** A `sanitize.selectors` rule as the page applies it, to the live DOM. */
export interface LiveSelectorRule extends WholeValueRule {
  selector: string;
}

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;

/**
 * Checks the selector rules with the browser's own selector parser.
 *
 * @throws UsageError naming the rule whose selector does not parse.
 */
export function compileLiveSelectorRules(rules: SanitizeRules['selectors']): LiveSelectorRule[] {
  return (rules ?? []).map((rule) => {
    try {
      document.createDocumentFragment().querySelector(rule.selector);
    } catch (error) {
      throw new UsageError(
        `replaygate: options.sanitize.selectors: rule "${rule.name}" has an invalid CSS selector ${JSON.stringify(rule.selector)} (${(error as Error).message}). Fix the selector.`,
        { cause: error },
      );
    }
    return { detector: `custom:${rule.name}`, mode: rule.mode, selector: rule.selector };
  });
}

/**
 * Matches selector rules against the live DOM, through rrweb's map from node ids to nodes.
 * `replaygate sanitize` matches the same rules against a mirror built from the events, which
 * the page does not need: the recorder sanitizes each event as rrweb emits it, while the
 * nodes it names are still in the document. NOTE: a node removed before its event is emitted
 * is no longer in rrweb's map, so the page cannot match it. So is an option that the
 * page removes while the recorder still keeps back the event of its choice. The server
 * applies the rules again on export, where the event comes before the removal.
 */
export class LiveSelectorLookup implements NodeRuleLookup {
  private readonly tree: OptionTree<Node> = {
    children: (node) => node.childNodes,
    textOf: (node) => (node.nodeType === TEXT_NODE ? (node.nodeValue ?? '') : undefined),
    tagOf: (node) => (node.nodeType === ELEMENT_NODE ? (node as Element).localName : ''),
    ruleOf: (node) =>
      node.nodeType === ELEMENT_NODE ? this.ruleMatching(node as Element) : undefined,
    valueAttribute: (node) => (node as Element).getAttribute('value') ?? undefined,
  };

  constructor(
    private readonly rules: readonly LiveSelectorRule[],
    private readonly nodeOf: (id: number) => Node | null,
  ) {}

  ruleForElement(id: number): WholeValueRule | undefined {
    const node = this.nodeOf(id);
    return node?.nodeType === ELEMENT_NODE ? this.ruleMatching(node as Element) : undefined;
  }

  ruleForNode(id: number): WholeValueRule | undefined {
    const node = this.nodeOf(id);
    // nodeType rather than instanceof, because elements of iframes come from another realm.
    let element =
      node?.nodeType === ELEMENT_NODE ? (node as Element) : (node?.parentElement ?? null);
    for (; element !== null; element = element.parentElement) {
      const rule = this.ruleMatching(element);
      if (rule) {
        return rule;
      }
    }
    return undefined;
  }

  ruleForSubtree(id: number): WholeValueRule | undefined {
    const covering = this.ruleForNode(id);
    const node = this.nodeOf(id);
    if (covering || node?.nodeType !== ELEMENT_NODE) {
      return covering;
    }
    const element = node as Element;
    return this.rules.find((rule) => element.querySelector(rule.selector) !== null);
  }

  ruleForValue(id: number, value: string): ValueRule | undefined {
    const covering = this.ruleForNode(id);
    const node = this.nodeOf(id);
    if (covering || node?.nodeType !== ELEMENT_NODE || (node as Element).localName !== 'select') {
      return covering;
    }
    return optionValueRule(this.tree, node, value);
  }

  private ruleMatching(element: Element): WholeValueRule | undefined {
    return this.rules.find((rule) => element.matches(rule.selector));
  }
}
