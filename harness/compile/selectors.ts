import { NodeType } from '@rrweb/types';
import type { ActionTarget, SelectorCandidate, SelectorHop } from './plan.js';
import type { DomMirror, MirrorNode } from './dom-mirror.js';
import { compoundToCss, type Compound } from './css.js';
import { indexFor, type CompoundHop, type DocumentIndex } from './document-index.js';
import { keyedPath } from './keyed-path.js';
import { isInShadowTree } from './mirror-text.js';
import { isGeneratedId, TEST_ID_ATTRIBUTES } from './stable-names.js';
import { describeElement, textRole } from './describe-element.js';

/** Attributes that name an element for people or forms, tried in this order. */
const LABEL_ATTRIBUTES = ['name', 'placeholder', 'aria-label', 'title'] as const;

/** Exact-text candidates are only offered for short texts, which people read as labels. */
const MAX_LABEL_TEXT_LENGTH = 80;

/** A viewport point, in CSS pixels, where the recorded pointer event happened. */
export interface ViewportPoint {
  x: number;
  y: number;
}

/**
 * Builds the ranked selector candidates for an element, checked against the mirror as it
 * is at the moment of the interaction: every hop-based candidate matches exactly `node`.
 *
 * An element in a frame's document gets the same kinds of candidates, checked against that
 * document, each after the hops that find its `<iframe>`. It gets no recorded point: rrweb
 * gives the pointer position in the frame's own viewport, which is not the page's.
 */
export function buildTarget(
  mirror: DomMirror,
  node: MirrorNode,
  point?: ViewportPoint,
): ActionTarget {
  const document = ownerDocument(node);
  const index = indexFor(mirror, document ?? mirror.document);
  const candidates: SelectorCandidate[] = [];
  if (document === undefined || document === mirror.document) {
    addHopCandidates(index, node, candidates);
    if (point) {
      candidates.push({
        strategy: 'coordinates',
        x: Math.round(point.x),
        y: Math.round(point.y),
        display: `at (${Math.round(point.x)}, ${Math.round(point.y)})`,
      });
    }
  } else {
    const frame = frameHops(mirror, document);
    if (frame !== undefined) {
      addHopCandidates(index, node, candidates, frame);
    }
  }
  return { nodeId: node.id, description: describeElement(node, index), candidates };
}

/** Returns the document that contains `node`, which is the page's or a frame's. */
function ownerDocument(node: MirrorNode): MirrorNode | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === NodeType.Document) {
      return current;
    }
  }
  return undefined;
}

/**
 * Returns the hops that find the `<iframe>` whose document is `document`, the last one
 * entering the frame, or undefined when the frame element has no candidate of its own.
 * The frame element gets the first candidate that {@link buildTarget} ranks for it, so a
 * frame inside a frame is found through both.
 */
function frameHops(mirror: DomMirror, document: MirrorNode): SelectorHop[] | undefined {
  const frame = document.parent;
  if (frame === null || frame.type !== NodeType.Element) {
    return undefined;
  }
  const first = buildTarget(mirror, frame).candidates[0];
  if (first === undefined || first.strategy === 'coordinates') {
    return undefined;
  }
  return first.hops.map((hop, position, hops) =>
    position === hops.length - 1 ? { ...hop, enterFrame: true } : hop,
  );
}

/**
 * Adds the hop-based candidates that match exactly `node` in the document of `index`, each
 * after the hops in `frame` that lead into that document from the page.
 */
function addHopCandidates(
  index: DocumentIndex,
  node: MirrorNode,
  candidates: SelectorCandidate[],
  frame: readonly SelectorHop[] = [],
): void {
  const seen = new Set<string>();
  const push = (
    strategy: Exclude<SelectorCandidate['strategy'], 'coordinates'>,
    printed: SelectorHop[],
  ) => {
    const hops = [...frame, ...printed];
    candidates.push({ strategy, hops, display: displayHops(hops) });
  };
  const add = (
    strategy: Exclude<SelectorCandidate['strategy'], 'coordinates'>,
    hops: CompoundHop[] | null,
  ) => {
    if (!hops || !index.resolvesTo(hops, node)) {
      return;
    }
    const printed = hops.map(toSelectorHop);
    const key = JSON.stringify(printed);
    if (!seen.has(key)) {
      seen.add(key);
      push(strategy, printed);
    }
  };

  for (const name of TEST_ID_ATTRIBUTES) {
    const value = node.attributes.get(name);
    if (value) {
      add('test-id', [{ compound: { attribute: { name, value } } }]);
    }
  }
  const id = node.attributes.get('id');
  if (id && !isGeneratedId(id)) {
    add('id', [{ compound: { id } }]);
  }
  add('keyed-path', keyedPath(index, node, 'strict'));
  add('loose-keyed-path', keyedPath(index, node, 'loose'));
  add('text', textHops(index, node));
  for (const name of LABEL_ATTRIBUTES) {
    const value = node.attributes.get(name);
    if (value) {
      add('label', [{ compound: { tag: node.tagName, attribute: { name, value } } }]);
    }
  }
  const nthPath = nthOfTypePath(node);
  if (nthPath) {
    push('nth-of-type', [{ css: nthPath }]);
  }
}

/** Builds an exact-text hop for buttons, links, labels and elements with a clickable role. */
function textHops(index: DocumentIndex, node: MirrorNode): CompoundHop[] | null {
  const role = textRole(node);
  if (!role) {
    return null;
  }
  const text = index.text(node);
  if (text === '' || text.length > MAX_LABEL_TEXT_LENGTH) {
    return null;
  }
  const compound: Compound =
    role === node.tagName ? { tag: node.tagName } : { attribute: { name: 'role', value: role } };
  return [{ compound, text }];
}

/**
 * Prints the path from the `html` element of the node's document with `:nth-of-type()`
 * wherever a parent has more than one child of the same tag. Returns null inside shadow
 * trees, where `>` chains from the document root cannot reach.
 */
function nthOfTypePath(node: MirrorNode): string | null {
  if (isInShadowTree(node)) {
    return null;
  }
  const parts: string[] = [];
  for (
    let current: MirrorNode | null = node;
    current && current.tagName !== '';
    current = current.parent
  ) {
    const sameTag = (current.parent?.children ?? []).filter(
      (child) => child.tagName === current?.tagName,
    );
    const position = sameTag.indexOf(current) + 1;
    parts.unshift(
      sameTag.length > 1 ? `${current.tagName}:nth-of-type(${position})` : current.tagName,
    );
  }
  return parts.length > 0 ? parts.join(' > ') : null;
}

function toSelectorHop(hop: CompoundHop): SelectorHop {
  const css = compoundToCss(hop.compound);
  return hop.text === undefined ? { css } : { css, text: hop.text };
}

/**
 * Prints hops in Playwright's chained-selector notation, for example `ul >> li "Milk"`, and
 * the step into a frame as Playwright's selectors write it: `iframe >> internal:control=enter-frame`.
 */
export function displayHops(hops: SelectorHop[]): string {
  return hops
    .map((hop) => {
      const printed = hop.text === undefined ? hop.css : `${hop.css} ${JSON.stringify(hop.text)}`;
      return hop.enterFrame === true ? `${printed} >> internal:control=enter-frame` : printed;
    })
    .join(' >> ');
}
