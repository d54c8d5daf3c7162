import { NodeType, type mutationData, type serializedNodeWithId } from '@rrweb/types';
import { isNamedSecret } from '../detect/url-secret.js';
import type { WholeValueRule } from '../rules.js';
import { LOCATIONS, type SanitizeContext } from './context.js';
import { optionTextValue } from '../../shared/option-value.js';
import type { OptionText, ValueRule } from './option-text.js';
import type { NodeRuleLookup } from './selector-matcher.js';
import { looksLikeUrl, sanitizeCss, sanitizeText } from './text.js';
import { replaceRenderedValues } from './rendered-text.js';
import { textRunsOfAdds, textRunsOfChanges, textRunsOfSnapshot } from './text-runs.js';
import { sanitizeUrl } from './url.js';

/** Attributes whose values are URLs. */
const URL_ATTRIBUTES = new Set([
  'href',
  'src',
  'action',
  'formaction',
  'poster',
  'cite',
  'background',
  'longdesc',
  'usemap',
  'manifest',
  'codebase',
  'data',
  'xlink:href',
]);
const SRCSET_ATTRIBUTES = new Set(['srcset', 'imagesrcset']);
const CSS_ATTRIBUTES = new Set(['style', '_csstext']);
/** Attributes of an element matched by `rules.selectors` that are replaced whole. */
const VALUE_ATTRIBUTES = new Set([
  'value',
  'placeholder',
  'title',
  'alt',
  'label',
  'content',
  'aria-label',
  'aria-valuetext',
  'aria-description',
  'aria-placeholder',
  'aria-roledescription',
]);

/** DOM state of the current page that the walkers need beyond one event. */
export class DomWalk {
  /** Ids of `<style>` elements, whose text children are CSS. */
  readonly styleElements = new Set<number>();
  /** Ids of text nodes inside `<style>` elements. */
  readonly styleTexts = new Set<number>();

  constructor(
    readonly context: SanitizeContext,
    readonly rules: NodeRuleLookup | undefined,
  ) {}

  /** Forgets the previous page's node ids, which a new full snapshot reuses. */
  reset(): void {
    this.styleElements.clear();
    this.styleTexts.clear();
  }
}

/**
 * Sanitizes a serialized rrweb node and its subtree in place: text, comments, CDATA and
 * attribute values. `inherited` is the selector rule of an ancestor, which covers the whole
 * subtree.
 */
export function sanitizeNode(
  walk: DomWalk,
  node: serializedNodeWithId,
  inherited: WholeValueRule | undefined,
  parentTag: string,
): void {
  const { context } = walk;
  switch (node.type) {
    case NodeType.Document:
      node.childNodes.forEach((child) => sanitizeNode(walk, child, inherited, ''));
      return;
    case NodeType.Element: {
      const tag = node.tagName.toLowerCase();
      const rule = inherited ?? walk.rules?.ruleForElement(node.id);
      if (tag === 'style') {
        walk.styleElements.add(node.id);
      }
      const attributes = node.attributes;
      const secretAttribute =
        rule === undefined ? namedSecretAttribute(context, tag, attributes) : undefined;
      for (const name in attributes) {
        const value = attributes[name];
        if (typeof value !== 'string') {
          continue;
        }
        const valueRule = rule ?? selectValueRule(walk, tag, node.id, name, value);
        if (name === secretAttribute) {
          attributes[name] = context.text.replaceWhole(value, 'url-secret', LOCATIONS.domAttribute);
        } else if (valueRule !== rule) {
          attributes[name] = replaceFieldValue(context, value, valueRule!, LOCATIONS.domAttribute);
        } else {
          attributes[name] = sanitizeAttribute(context, name, value, rule);
        }
      }
      node.childNodes.forEach((child) => sanitizeNode(walk, child, rule, tag));
      return;
    }
    case NodeType.Text:
      if (node.isStyle === true || parentTag === 'style') {
        walk.styleTexts.add(node.id);
        node.textContent = sanitizeCss(context, node.textContent, LOCATIONS.domCss);
      } else {
        node.textContent = sanitizeVisibleText(context, node.textContent, inherited);
      }
      return;
    case NodeType.Comment:
      node.textContent = sanitizeText(context, node.textContent, LOCATIONS.domComment);
      return;
    default:
      return;
  }
}

/**
 * Returns the attribute that contains a credential by the element's name: the `value` of a hidden
 * input or the `content` of a `<meta>` tag named for one (`authenticity_token`, `csrf-token`).
 * Servers write such tokens into the page, and they are opaque strings that no detector finds.
 */
function namedSecretAttribute(
  context: SanitizeContext,
  tag: string,
  attributes: Record<string, string | number | true | null>,
): string | undefined {
  const name = attributes.name;
  if (typeof name !== 'string') {
    return undefined;
  }
  let attribute: string;
  if (tag === 'meta') {
    attribute = 'content';
  } else if (tag === 'input' && String(attributes.type).toLowerCase() === 'hidden') {
    attribute = 'value';
  } else {
    return undefined;
  }
  const value = attributes[attribute];
  // A replacement stays, so a fixture sanitized again does not change.
  return typeof value === 'string' &&
    isNamedSecret(name, value) &&
    context.text.isReplacement?.(value, 'url-secret') !== true
    ? attribute
    : undefined;
}

/**
 * Sanitizes a full snapshot in place. Values that the page shows across text nodes, or only
 * once its white space collapses, are replaced first. Otherwise a piece that contains a whole
 * value by itself (`<mark>ann</mark>.lowe@quill.net`) would already be a pseudonym, and the
 * joined text would pass for one.
 */
export function sanitizeSnapshot(walk: DomWalk, node: serializedNodeWithId): void {
  replaceRenderedValues(walk.context, textRunsOfSnapshot(node));
  sanitizeNode(walk, node, undefined, '');
}

/**
 * Sanitizes the added nodes, text changes and attribute changes of one Mutation event in
 * place. Values shown across added text nodes are replaced first, as in
 * {@link sanitizeSnapshot}.
 */
export function sanitizeMutation(walk: DomWalk, data: mutationData): void {
  const { context } = walk;
  replaceRenderedValues(context, textRunsOfAdds(data.adds));
  const isStyleText = (id: number) => walk.styleTexts.has(id) || walk.styleElements.has(id);
  replaceRenderedValues(context, textRunsOfChanges(data.texts, isStyleText));
  for (const add of data.adds) {
    const inherited = walk.rules?.ruleForNode(add.parentId);
    const parentTag = walk.styleElements.has(add.parentId) ? 'style' : '';
    sanitizeNode(walk, add.node, inherited, parentTag);
  }
  for (const change of data.texts) {
    if (change.value === null) {
      continue;
    }
    if (walk.styleTexts.has(change.id) || walk.styleElements.has(change.id)) {
      change.value = sanitizeCss(context, change.value, LOCATIONS.domCss);
    } else {
      change.value = sanitizeVisibleText(context, change.value, walk.rules?.ruleForNode(change.id));
    }
  }
  for (const change of data.attributes) {
    const rule = walk.rules?.ruleForNode(change.id);
    for (const [name, value] of Object.entries(change.attributes)) {
      if (typeof value === 'string') {
        const valueRule = rule ?? selectValueRule(walk, undefined, change.id, name, value);
        change.attributes[name] =
          valueRule === rule
            ? sanitizeAttribute(context, name, value, rule)
            : replaceFieldValue(context, value, valueRule!, LOCATIONS.domAttribute);
      } else if (value !== null && typeof value === 'object') {
        sanitizeStyleDiff(context, value as Record<string, unknown>);
      }
    }
  }
}

/**
 * Returns the rule for the `value` attribute that rrweb records on a `<select>`: the rule of
 * the option that has this value, so the attribute gets the option's replacement. `tag` is
 * undefined when the caller does not know it.
 */
function selectValueRule(
  walk: DomWalk,
  tag: string | undefined,
  id: number,
  name: string,
  value: string,
): ValueRule | undefined {
  if (
    walk.rules === undefined ||
    name.toLowerCase() !== 'value' ||
    (tag ?? 'select') !== 'select'
  ) {
    return undefined;
  }
  return walk.rules.ruleForValue(id, value);
}

/** Sanitizes rrweb's style object diff (`{ property: value | [value, priority] | false }`) in place. */
function sanitizeStyleDiff(context: SanitizeContext, diff: Record<string, unknown>): void {
  for (const [property, change] of Object.entries(diff)) {
    if (typeof change === 'string') {
      diff[property] = sanitizeCss(context, change, LOCATIONS.domCss);
    } else if (Array.isArray(change) && typeof change[0] === 'string') {
      change[0] = sanitizeCss(context, change[0], LOCATIONS.domCss);
    }
  }
}

/**
 * Sanitizes text shown on the page. Under a selector rule the text is replaced whole. The
 * location names where the text was found, for the counts.
 */
export function sanitizeVisibleText(
  context: SanitizeContext,
  text: string,
  rule: WholeValueRule | undefined,
  location: string = LOCATIONS.domText,
): string {
  if (!rule) {
    return sanitizeText(context, text, location);
  }
  // Surrounding whitespace is layout, not data; keeping it keeps line breaks and indentation.
  const core = text.trim();
  if (core === '') {
    return text;
  }
  const start = text.indexOf(core);
  const replaced = context.text.replaceWhole(core, rule.detector, location, rule.mode);
  return text.slice(0, start) + replaced + text.slice(start + core.length);
}

/**
 * Replaces the value of a form field whole under its rule. The value of an option without a
 * `value` attribute is its text with white space collapsed, while each of its text nodes is
 * replaced on its own. So such a value gets the collapsed text of the sanitized option, which
 * is what the replay finds on the sanitized page.
 */
export function replaceFieldValue(
  context: SanitizeContext,
  value: string,
  rule: ValueRule,
  location: string,
): string {
  const texts = rule.optionTexts;
  if (texts === undefined || value === '' || optionTextValue(texts.map(textOf)) !== value) {
    return context.text.replaceWhole(value, rule.detector, location, rule.mode);
  }
  return optionTextValue(
    texts.map(({ text, rule }) => sanitizeVisibleText(context, text, rule, location)),
  );
}

function textOf(option: OptionText): string {
  return option.text;
}

/**
 * Sanitizes one attribute value. `class` and rrweb's own `rr_*` attributes stay, CSS
 * attributes change only in their URLs, URL attributes are sanitized as URLs, and every
 * other attribute as text. Under a selector rule, attributes that carry the element's data
 * (`value`, `title`, `alt`, `placeholder`, `aria-label`, `data-*` and a few more) are
 * replaced whole.
 */
export function sanitizeAttribute(
  context: SanitizeContext,
  name: string,
  value: string,
  rule: WholeValueRule | undefined,
): string {
  const lower = name.toLowerCase();
  if (value === '' || lower === 'class' || lower.startsWith('rr_')) {
    return value;
  }
  if (CSS_ATTRIBUTES.has(lower)) {
    return sanitizeCss(context, value, LOCATIONS.domCss);
  }
  if (rule && (VALUE_ATTRIBUTES.has(lower) || lower.startsWith('data-'))) {
    return context.text.replaceWhole(value, rule.detector, LOCATIONS.domAttribute, rule.mode);
  }
  if (URL_ATTRIBUTES.has(lower)) {
    return sanitizeUrl(context, value, LOCATIONS.domUrl);
  }
  if (SRCSET_ATTRIBUTES.has(lower)) {
    return sanitizeSrcset(context, value);
  }
  if (lower === 'ping') {
    return value.replace(/\S+/g, (url) => sanitizeUrl(context, url, LOCATIONS.domUrl));
  }
  if (lower === 'content' && looksLikeUrl(value.trim())) {
    return sanitizeUrl(context, value, LOCATIONS.domUrl);
  }
  return sanitizeText(context, value, LOCATIONS.domAttribute);
}

/** Sanitizes the URL of each `url descriptor` candidate of a `srcset`. */
function sanitizeSrcset(context: SanitizeContext, value: string): string {
  return value.replace(
    /(^|,)(\s*)([^\s,][^\s]*)/g,
    (_whole, comma: string, space: string, url: string) => {
      return `${comma}${space}${sanitizeUrl(context, url, LOCATIONS.domUrl)}`;
    },
  );
}
