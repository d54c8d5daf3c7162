import { NodeType } from '@rrweb/types';
import type { serializedNodeWithId, styleOMValue } from '@rrweb/types';

/** One node of the rebuilt DOM. Elements keep their attributes, text nodes their text. */
export interface MirrorNode {
  /** rrweb node id, or -1 for a text node the mirror created itself. */
  readonly id: number;
  readonly type: NodeType;
  /** Lower-case tag name for elements, empty for every other node type. */
  readonly tagName: string;
  readonly attributes: Map<string, string>;
  /** Content of text, CDATA and comment nodes. */
  text: string;
  parent: MirrorNode | null;
  readonly children: MirrorNode[];
  /** Current value of an input, textarea or select, as last recorded. */
  value: string | undefined;
  /** Current checked state of a checkbox or radio button, as last recorded. */
  checked: boolean | undefined;
  /** True once an Input event set the value, so later `value` attribute changes no longer apply. */
  valueDirty: boolean;
  readonly isSVG: boolean;
  /** True for nodes serialized as direct children of a shadow root. */
  readonly isShadow: boolean;
}

/** Creates a detached mirror node from one serialized rrweb node, without its children. */
export function createNode(serialized: serializedNodeWithId): MirrorNode {
  const attributes = new Map<string, string>();
  let tagName = '';
  let text = '';
  let value: string | undefined;
  let checked: boolean | undefined;
  if (serialized.type === NodeType.Element) {
    tagName = serialized.tagName.toLowerCase();
    for (const [name, raw] of Object.entries(serialized.attributes)) {
      // rrweb writes `checked: false` and `null` for absent boolean attributes.
      if (raw !== null && (raw as unknown) !== false) {
        attributes.set(name, raw === true ? '' : String(raw));
      }
    }
    value = attributes.get('value');
    if (tagName === 'input') {
      const type = attributes.get('type')?.toLowerCase();
      if (type === 'checkbox' || type === 'radio') {
        checked = attributes.has('checked');
      }
    }
  } else if (
    serialized.type === NodeType.Text ||
    serialized.type === NodeType.Comment ||
    serialized.type === NodeType.CDATA
  ) {
    text = serialized.textContent;
  }
  return {
    id: serialized.id,
    type: serialized.type,
    tagName,
    attributes,
    text,
    parent: null,
    children: [],
    value,
    checked,
    valueDirty: false,
    isSVG: serialized.type === NodeType.Element && serialized.isSVG === true,
    isShadow: serialized.isShadow === true,
  };
}

/** Applies rrweb's style object diff (`false` removes a property) to a style attribute value. */
export function mergeStyle(current: string, diff: styleOMValue): string {
  const properties = new Map<string, string>();
  for (const declaration of current.split(';')) {
    const colon = declaration.indexOf(':');
    if (colon > 0) {
      properties.set(declaration.slice(0, colon).trim(), declaration.slice(colon + 1).trim());
    }
  }
  for (const [property, change] of Object.entries(diff)) {
    if (change === false) {
      properties.delete(property);
    } else if (typeof change === 'string') {
      properties.set(property, change);
    } else {
      const [value, priority] = change;
      properties.set(property, priority ? `${value} !${priority}` : value);
    }
  }
  return [...properties].map(([property, value]) => `${property}: ${value};`).join(' ');
}
