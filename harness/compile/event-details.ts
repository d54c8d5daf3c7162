import { MouseInteractions, NodeType } from '@rrweb/types';
import type { mouseInteractionData } from '@rrweb/types';
import type { KeyEventPayload } from '../fixture/recording.js';
import type { MirrorNode } from './dom-mirror.js';
import type { ScrollPosition } from './intents.js';
import { closestLabel, containsNode, labelsControl } from './mirror-text.js';

/** The browser's click on a control after a click on its label follows within this time. */
const LABEL_CLICK_WINDOW_MS = 100;

/** A checkbox Input this soon after a related click is the click's own effect. */
const CHECKBOX_AFTER_CLICK_MS = 1000;

/** The latest click, in milliseconds since the session start. */
export interface RecentClick {
  node: MirrorNode;
  time: number;
}

/** Returns which replayable mouse action an rrweb MouseInteraction event is, if any. */
export function mouseKind(data: mouseInteractionData): 'click' | 'dblclick' | 'contextmenu' | null {
  switch (data.type) {
    case MouseInteractions.Click:
      return 'click';
    case MouseInteractions.DblClick:
      return 'dblclick';
    case MouseInteractions.ContextMenu:
      return 'contextmenu';
    default:
      return null;
  }
}

/** Reads a `button` field that some rrweb builds add to mouse events (0 left, 1 middle, 2 right). */
export function buttonFromData(data: mouseInteractionData): 'left' | 'middle' | 'right' {
  const button = (data as { button?: unknown }).button;
  if (button === 1) {
    return 'middle';
  }
  if (button === 2) {
    return 'right';
  }
  return 'left';
}

/**
 * Moves a click target out of inline SVG to the HTML element that contains it: icon paths
 * have no stable selectors, and the button around them is what the user meant.
 */
export function actionableElement(node: MirrorNode): MirrorNode {
  let current = node;
  while (
    (current.isSVG || current.type !== NodeType.Element) &&
    current.parent?.type === NodeType.Element
  ) {
    current = current.parent;
  }
  return current;
}

export function scrollOffsetOf(node: MirrorNode | undefined): ScrollPosition {
  return {
    x: Number(node?.attributes.get('rr_scrollLeft') ?? 0),
    y: Number(node?.attributes.get('rr_scrollTop') ?? 0),
  };
}

export function keyWithModifiers(payload: KeyEventPayload): string {
  const parts: string[] = [];
  if (payload.ctrlKey) {
    parts.push('Control');
  }
  if (payload.altKey) {
    parts.push('Alt');
  }
  if (payload.metaKey) {
    parts.push('Meta');
  }
  if (payload.shiftKey) {
    parts.push('Shift');
  }
  parts.push(payload.key);
  return parts.join('+');
}

/**
 * Returns true when a click on `node` is the browser's own follow-up to a click on a label
 * of `node` (label activation dispatches a second click on the control).
 */
export function isLabelActivation(
  previous: RecentClick | null,
  node: MirrorNode,
  time: number,
): boolean {
  if (!previous || previous.node === node || time - previous.time > LABEL_CLICK_WINDOW_MS) {
    return false;
  }
  return labelsControl(closestLabel(previous.node) ?? previous.node, node);
}

/**
 * Returns true when a checkbox or radio change on `node` is the effect of a recent click on
 * the control, an ancestor of it, or its label.
 */
export function followsRelatedClick(
  click: RecentClick | null,
  node: MirrorNode,
  time: number,
): boolean {
  if (!click || time - click.time > CHECKBOX_AFTER_CLICK_MS) {
    return false;
  }
  const label = closestLabel(click.node);
  return containsNode(click.node, node) || (label !== null && labelsControl(label, node));
}
