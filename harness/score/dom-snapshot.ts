/** One visible element of a {@link DomSnapshot}. */
export interface DomSnapshotNode {
  /** Lower-case local name, for example `li` or `svg`. */
  tag: string;
  /** Attributes without the ignored ones and without rrweb replay artefacts. */
  attributes: Record<string, string>;
  /** The element's own text nodes, joined and whitespace-normalized; absent when empty. */
  text?: string;
  /** Current value of `input` (except checkbox and radio), `textarea` and `select`. */
  value?: string;
  /** Current checked state of a checkbox or radio input. */
  checked?: boolean;
  /** Current selected state of an `option`. */
  selected?: boolean;
  /** True for a subtree replaced by a placeholder because it matched a mask selector. */
  masked?: boolean;
  children: DomSnapshotNode[];
}

/** The visible DOM of one document at a checkpoint. */
export interface DomSnapshot {
  url: string;
  title: string;
  /** The `html` element. */
  root: DomSnapshotNode;
}

/** Masks and ignored attributes for {@link captureVisibleDom}. */
export interface DomSnapshotOptions {
  /** CSS selectors whose matching elements become a single placeholder node. */
  masks: string[];
  /** Attribute names to drop; a trailing `*` matches a prefix, as in `data-test*`. */
  ignoreAttributes: string[];
}

/**
 * Captures the visible elements of a document as a {@link DomSnapshot}.
 *
 * Runs in the page: pass it to `page.evaluate(captureVisibleDom, options)` or
 * `frame.evaluate(...)`. It closes over nothing, so every helper lives inside it, and it uses
 * no `instanceof` checks, because elements of an iframe belong to another window. Pass
 * `rootDocument` to capture a document other than the global one from in-page code.
 * Same-origin iframes are captured as the children of their `iframe` node.
 *
 * An element is kept when `checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })`
 * is true, so rows hidden by `display: none`, `hidden`, `visibility: hidden` or `opacity: 0`
 * do not count. Three exceptions follow how Chromium renders. A `display: contents` element
 * has no box, but its children render. An `option` of a closed drop-down has no box, but it
 * carries the selection. A `visibility: hidden` element is kept without text or attributes
 * when a descendant sets `visibility: visible`.
 *
 * @throws Error naming the selector when a mask is not a valid CSS selector.
 */
export function captureVisibleDom(
  options: DomSnapshotOptions,
  rootDocument?: Document,
): DomSnapshot {
  const doc = rootDocument ?? document;
  const skippedTags = new Set(['script', 'style', 'link', 'meta', 'noscript', 'template', 'head']);
  const ignoredNames = new Set(options.ignoreAttributes.filter((name) => !name.endsWith('*')));
  const ignoredPrefixes = options.ignoreAttributes
    .filter((name) => name.endsWith('*'))
    .map((name) => name.slice(0, -1));

  for (const selector of options.masks) {
    try {
      doc.createDocumentFragment().querySelector(selector);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`Invalid mask selector "${selector}": ${reason}`);
    }
  }

  function isIgnoredAttribute(name: string): boolean {
    // rrweb's replayer adds rr_* attributes and data-rr* markers to the nodes it rebuilds.
    if (name.startsWith('rr_') || name.startsWith('data-rr')) {
      return true;
    }
    return ignoredNames.has(name) || ignoredPrefixes.some((prefix) => name.startsWith(prefix));
  }

  // rrweb's rebuild writes `onclick`, `onload` and `onmouse*` handler attributes with a leading
  // underscore, so that the expected render runs none of them. Both sides list the app's name.
  function handlerName(name: string): string {
    return /^_on(?:click|load|mouse[a-z]*)$/.test(name) ? name.slice(1) : name;
  }

  function styleOf(element: Element): CSSStyleDeclaration {
    const view = element.ownerDocument.defaultView;
    return view ? view.getComputedStyle(element) : getComputedStyle(element);
  }

  /** Returns how to keep an element: whole, as a bare node for its children, or not at all. */
  function visibilityOf(element: Element): 'visible' | 'container' | 'hidden' {
    if (element.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) {
      return 'visible';
    }
    const style = styleOf(element);
    if (style.display === 'none') {
      return 'hidden';
    }
    if (style.display === 'contents') {
      return style.visibility === 'visible' ? 'visible' : 'container';
    }
    if (element.localName === 'option' || element.localName === 'optgroup') {
      const select = element.closest('select');
      return select !== null && visibilityOf(select) === 'visible' ? 'visible' : 'hidden';
    }
    // Without the CSS visibility check, a true result means visibility: hidden is the only
    // reason, and a descendant may still override it with visibility: visible.
    return element.checkVisibility({ checkOpacity: true }) ? 'container' : 'hidden';
  }

  function isMasked(element: Element): boolean {
    return options.masks.some((selector) => element.matches(selector));
  }

  function directText(element: Element): string {
    let text = '';
    for (const child of Array.from(element.childNodes)) {
      if (child.nodeType === 3) {
        text += child.textContent ?? '';
      }
    }
    return text.replace(/\s+/g, ' ').trim();
  }

  // Form controls' value, checked and selected attributes only hold the initial state; the
  // current state is captured separately by addFormState. rrweb's replayer also writes the
  // current value into the attribute, so comparing the attribute would report false changes.
  const formTags = new Set(['input', 'textarea', 'select', 'option']);
  const formStateAttributes = new Set(['value', 'checked', 'selected']);
  // URL attributes are compared resolved, so `examples/a`, `./examples/a` and the absolute
  // form rrweb records all compare equal.
  const urlAttributes = new Set(['href', 'src', 'action', 'formaction', 'poster']);

  function attributeValue(element: Element, name: string, value: string): string {
    if (name === 'class') {
      // A class list is a set: frameworks differ in the spaces they leave between tokens, and
      // two scripts that add classes while the page loads add them in whichever order they
      // run. Neither changes what renders, so the tokens are compared sorted.
      return [...new Set(value.split(/\s+/).filter(Boolean))].sort().join(' ');
    }
    if (
      !urlAttributes.has(name) ||
      value.trim() === '' ||
      /^(javascript|data|blob):/i.test(value)
    ) {
      return value;
    }
    try {
      return new URL(value, element.baseURI).href;
    } catch {
      return value;
    }
  }

  function attributesOf(element: Element): Record<string, string> {
    const attributes: Record<string, string> = {};
    const isFormControl = formTags.has(element.localName);
    for (const attribute of Array.from(element.attributes)) {
      // A blank style or class renders like a missing one, and scripts (Playwright's
      // actions among them) leave `style=""` behind after touching element.style.
      const isBlank =
        (attribute.name === 'style' || attribute.name === 'class') && attribute.value.trim() === '';
      const isFormState = isFormControl && formStateAttributes.has(attribute.name);
      // rrweb records a frame's document in place of its `src`, which its rebuild leaves out,
      // and the render drops `srcdoc` for the same reason.
      const isFrameSource =
        element.localName === 'iframe' && (attribute.name === 'src' || attribute.name === 'srcdoc');
      if (!isBlank && !isFormState && !isFrameSource && !isIgnoredAttribute(attribute.name)) {
        const name = handlerName(attribute.name);
        attributes[name] = attributeValue(element, name, attribute.value);
      }
    }
    return attributes;
  }

  function addFormState(element: Element, node: DomSnapshotNode): void {
    const tag = element.localName;
    if (tag === 'input') {
      const input = element as HTMLInputElement;
      if (input.type === 'checkbox' || input.type === 'radio') {
        node.checked = input.checked;
      } else if (input.type === 'password') {
        // Keeps the length, which the page shows as dots, without storing the secret.
        node.value = '*'.repeat(input.value.length);
      } else {
        node.value = input.value;
      }
    } else if (tag === 'textarea' || tag === 'select') {
      node.value = (element as HTMLTextAreaElement | HTMLSelectElement).value;
    } else if (tag === 'option') {
      node.selected = (element as HTMLOptionElement).selected;
    }
  }

  function childrenOf(element: Element): DomSnapshotNode[] {
    const children: DomSnapshotNode[] = [];
    const sources: Element[] = [];
    if (element.localName === 'iframe') {
      const frameRoot = frameDocumentElement(element as HTMLIFrameElement);
      if (frameRoot) {
        sources.push(frameRoot);
      }
    }
    // NOTE: open shadow roots are listed before light children; slot placement is ignored.
    if (element.shadowRoot) {
      sources.push(...Array.from(element.shadowRoot.children));
    }
    sources.push(...Array.from(element.children));
    for (const source of sources) {
      const child = capture(source);
      if (child) {
        children.push(child);
      }
    }
    return children;
  }

  function frameDocumentElement(frame: HTMLIFrameElement): Element | null {
    try {
      return frame.contentDocument?.documentElement ?? null;
    } catch {
      return null;
    }
  }

  function capture(element: Element): DomSnapshotNode | undefined {
    const tag = element.localName;
    if (skippedTags.has(tag)) {
      return undefined;
    }
    const visibility = visibilityOf(element);
    if (visibility === 'hidden') {
      return undefined;
    }
    if (visibility === 'container') {
      const children = childrenOf(element);
      return children.length > 0 ? { tag, attributes: {}, children } : undefined;
    }
    if (isMasked(element)) {
      return { tag, attributes: {}, masked: true, children: [] };
    }
    // Children are assigned last, so stored snapshots list a node's own fields first.
    const node = { tag, attributes: attributesOf(element) } as DomSnapshotNode;
    const text = tag === 'textarea' || tag === 'select' ? '' : directText(element);
    if (text !== '') {
      node.text = text;
    }
    addFormState(element, node);
    node.children = childrenOf(element);
    return node;
  }

  const root = capture(doc.documentElement) ?? { tag: 'html', attributes: {}, children: [] };
  return { url: doc.URL, title: doc.title, root };
}
