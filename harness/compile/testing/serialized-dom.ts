import { NodeType, type serializedNodeWithId } from '@rrweb/types';

/** Builders of rrweb's serialized nodes, for tests that need a frame's document in a page. */
export interface SerializedDom {
  element(
    tagName: string,
    attributes: Record<string, string>,
    ...childNodes: serializedNodeWithId[]
  ): serializedNodeWithId;
  text(textContent: string): serializedNodeWithId;
  /** Makes a document of `<html><head/><body>…</body></html>` with the given nodes in `body`. */
  documentOf(...body: serializedNodeWithId[]): serializedNodeWithId;
}

/**
 * Returns builders that number the nodes in the order they are made, so children, which are
 * made first, get lower ids than their parents. `RrwebStream` pages cannot contain a frame's
 * document, so these builders nest one in an `<iframe>` element.
 */
export function serializedDom(): SerializedDom {
  let nextId = 1;
  const node = (fields: object) => ({ ...fields, id: nextId++ }) as serializedNodeWithId;
  const element: SerializedDom['element'] = (tagName, attributes, ...childNodes) =>
    node({ type: NodeType.Element, tagName, attributes, childNodes });
  return {
    element,
    text: (textContent) => node({ type: NodeType.Text, textContent }),
    documentOf: (...body) =>
      node({
        type: NodeType.Document,
        childNodes: [element('html', {}, element('head', {}), element('body', {}, ...body))],
      }),
  };
}
