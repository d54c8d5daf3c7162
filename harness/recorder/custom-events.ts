/** Custom event tags, passed in because a page-side function cannot import `CUSTOM_EVENT_TAGS`. */
export interface CustomEventTags {
  key: string;
  submit: string;
  url: string;
  select: string;
  navigation: string;
  edit: string;
  files: string;
}

/** The receiver of the listeners' events and the lookups they need. */
export interface CustomEventTarget {
  /** Adds one custom rrweb event. It must not throw, because it runs in the app's dispatch. */
  addCustomEvent(tag: string, payload: unknown): void;
  /** Returns the rrweb node id of a node, or -1 when rrweb has not serialized it. */
  nodeId(node: Node): number;
  /** Returns the values recorded for a select, for example after masking them. */
  selectValues(select: HTMLSelectElement): string[];
  /** Returns the text of an edited `contenteditable` element as it is recorded, for example masked. */
  editText(host: HTMLElement, text: string): string;
  /** Returns the name of a file chosen in a file input as it is recorded, for example masked. */
  fileName(input: HTMLInputElement, name: string): string;
}

/** Control over the listeners that {@link installCustomEvents} adds. */
export interface CustomEventListeners {
  /**
   * Takes the current URL as the base of later URL events. After the first full snapshot it
   * also notes a reload or history navigation. Call it after each full snapshot.
   */
  resetUrl(): void;
  /** Removes the listeners. The `history` wrappers stay in place but stop adding events. */
  remove(): void;
}

/**
 * Adds the listeners behind replaygate's custom events: special keys, form submits,
 * same-document URL changes, back and forward within one document, select changes, files
 * chosen in file inputs, and edits of `contenteditable` elements. In a frame (`scope` is
 * `'frame'`), only the listeners of elements are added, because URL and navigation events
 * describe the top document.
 *
 * `realm` is the window to listen in. The production recorder passes the window of each
 * same-origin frame from the top document's script.
 *
 * The scripted recorder sends this function's source text to the page as part of a
 * Playwright init script, so it must stay self-contained: no imports used at run time and no
 * references to anything outside its body.
 */
export function installCustomEvents(
  target: CustomEventTarget,
  tags: CustomEventTags,
  scope: 'document' | 'frame' = 'document',
  realm: Window & typeof globalThis = window,
): CustomEventListeners {
  const specialKeys = new Set([
    'Enter',
    'Escape',
    'Tab',
    'Backspace',
    'Delete',
    'ArrowUp',
    'ArrowDown',
    'ArrowLeft',
    'ArrowRight',
    'Home',
    'End',
    'PageUp',
    'PageDown',
  ]);
  let lastHref = realm.location.href;
  let active = true;
  let navigationNoted = false;

  // A reload, or the browser's back or forward button, loads the page like a link does. The
  // compiler needs to know, because the replay must reload or go back itself. Where the page
  // reports the documents it starts loading (see `onNavigate`), every page load reports that, and
  // a load that no `leave` event announced came from the browser: a typed URL or a bookmark.
  function noteNavigationType(): void {
    if (navigationNoted) {
      return;
    }
    navigationNoted = true;
    const entry = realm.performance.getEntriesByType('navigation')[0] as
      PerformanceNavigationTiming | undefined;
    const type = entry?.type;
    const reportsLeaving = navigationApi !== undefined;
    if (type === 'reload' || type === 'back_forward' || reportsLeaving) {
      const payload = {
        type: type === 'reload' || type === 'back_forward' ? type : 'navigate',
        ...(reportsLeaving ? { reportsLeaving } : {}),
      };
      // Added after the caller has sent the full snapshot it is handling, so the event
      // belongs to the new page.
      setTimeout(() => {
        if (active) {
          target.addCustomEvent(tags.navigation, payload);
        }
      }, 0);
    }
  }

  // The Navigation API (Chromium 102 and later) distinguishes a traversal that the user started
  // with the browser's back or forward button from one that the page's own script started with
  // `history.back()`. Only the first kind is a step of its own: replaying the click that ran
  // the script repeats the second. Browsers without the API record neither as a step.
  const navigationApi = (
    realm as unknown as {
      navigation?: EventTarget & { currentEntry?: { index: number } | null };
    }
  ).navigation;
  function onNavigate(event: Event): void {
    const navigate = event as Event & {
      navigationType?: string;
      userInitiated?: boolean;
      destination?: { url: string; index: number; sameDocument: boolean };
    };
    const destination = navigate.destination;
    const from = navigationApi?.currentEntry?.index;
    if (active && destination !== undefined && !destination.sameDocument) {
      // The page starts loading another document: a link, a form or its own script did it.
      // The browser fires no navigate event for a URL typed into its address bar.
      target.addCustomEvent(tags.navigation, {
        type: 'leave',
        href: destination.url,
        navigationType: navigate.navigationType,
        userInitiated: navigate.userInitiated === true,
      });
      return;
    }
    if (
      !active ||
      navigate.navigationType !== 'traverse' ||
      navigate.userInitiated !== true ||
      destination === undefined ||
      !destination.sameDocument ||
      from === undefined ||
      destination.index < 0
    ) {
      return;
    }
    target.addCustomEvent(tags.navigation, {
      type: 'traverse',
      delta: destination.index - from,
      href: destination.url,
    });
  }

  // Nodes are recognized by their properties rather than `instanceof`. In Chromium, the
  // elements of a frame's first document, which keeps the window of the frame's initial
  // `about:blank` document, had the page's classes in tests, not the frame's.
  function isNode(value: EventTarget | null | undefined): value is Node {
    return typeof (value as Partial<Node> | null | undefined)?.nodeType === 'number';
  }

  /** Tells whether a node is an HTML element, which has `isContentEditable`, as SVG has not. */
  function isHtmlElement(node: Node | null | undefined): node is HTMLElement {
    return node?.nodeType === 1 && 'isContentEditable' in node;
  }

  function isElementNamed<Name extends keyof HTMLElementTagNameMap>(
    value: EventTarget | null | undefined,
    name: Name,
  ): value is HTMLElementTagNameMap[Name] {
    return isNode(value) && isHtmlElement(value) && value.localName === name;
  }

  function nodeId(eventTarget: EventTarget | null | undefined): number {
    return isNode(eventTarget) ? target.nodeId(eventTarget) : -1;
  }

  function noteUrlChange(): void {
    if (active && realm.location.href !== lastHref) {
      lastHref = realm.location.href;
      target.addCustomEvent(tags.url, { href: lastHref });
    }
  }

  function onKeyDown(event: KeyboardEvent): void {
    if (!event.isTrusted || !specialKeys.has(event.key)) {
      return;
    }
    target.addCustomEvent(tags.key, {
      key: event.key,
      code: event.code,
      id: nodeId(event.composedPath()[0] ?? event.target),
      altKey: event.altKey,
      ctrlKey: event.ctrlKey,
      metaKey: event.metaKey,
      shiftKey: event.shiftKey,
    });
  }

  function onSubmit(event: Event): void {
    target.addCustomEvent(tags.submit, { id: nodeId(event.target) });
  }

  // Playwright's selectOption fires untrusted input events, which rrweb records with
  // userTriggered false, like a value set by the app. An app that sets `.value` from code fires
  // no change event, so a change on a select is taken as a choice by the user or a test driver.
  // NOTE: an app that dispatches change events itself is recorded as a choice too. The
  // compiler drops such a choice only when it names an option the recorded page lacks yet. A
  // select inside a shadow root is missed, because change events do not leave shadow trees.
  function onChange(event: Event): void {
    const changed = event.composedPath()[0] ?? event.target;
    if (isElementNamed(changed, 'input') && changed.type === 'file') {
      // rrweb records only the input's value, the first file's name behind a fake folder. The
      // replay chooses files of the same names, types and sizes.
      target.addCustomEvent(tags.files, {
        id: nodeId(changed),
        files: Array.from(changed.files ?? [], (file) => ({
          name: target.fileName(changed, file.name),
          type: file.type,
          size: file.size,
        })),
      });
      return;
    }
    if (!isElementNamed(changed, 'select')) {
      return;
    }
    target.addCustomEvent(tags.select, {
      id: nodeId(changed),
      values: target.selectValues(changed),
    });
  }

  // rrweb records typing into a `contenteditable` element only as the DOM mutations it
  // causes, which a replay cannot tell from the app's own changes. Each edit by the user adds
  // the element's text, and the text before it when the app changed it in between.
  const blockTags = new Set(
    (
      'address article aside blockquote dd div dl dt fieldset figcaption figure footer form ' +
      'h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section table tr ul'
    ).split(' '),
  );
  // Elements whose text no one types: code and data of the page, and the parts of an editor
  // that it keeps out of editing (`contenteditable="false"`).
  const untypedTags = new Set(['script', 'style', 'template', 'noscript']);
  const editedTexts = new WeakMap<HTMLElement, string>();
  const textsBeforeEdit = new WeakMap<HTMLElement, string>();

  // Returns the text that typing reproduces: `\n` (Enter) between blocks, and U+2028 (Shift+Enter)
  // for a `<br>` inside a block. A `<br>` that ends its block only keeps an empty line open, and
  // whitespace with a line break between elements comes from the page's markup, unless the
  // element keeps whitespace as typed (`plaintext-only`, `white-space: pre`). The no-break
  // spaces that browsers write for typed spaces become spaces, and zero-width characters that
  // editors keep for the caret are left out, and so is the text of scripts, styles and
  // parts that are not editable.
  function typedText(host: HTMLElement): string {
    let text = '';
    let written = false;
    let breakPending = false;
    const keepsWhitespace = new Map<Element, boolean>();
    const isTyped = (textNode: Text): boolean => {
      const parent = textNode.parentElement;
      if (parent === null || !/^\s*\n\s*$/.test(textNode.data)) {
        return true;
      }
      let keeps = keepsWhitespace.get(parent);
      if (keeps === undefined) {
        keeps =
          host.contentEditable === 'plaintext-only' ||
          /^(pre|break-spaces)/.test(realm.getComputedStyle(parent).whiteSpace);
        keepsWhitespace.set(parent, keeps);
      }
      return keeps;
    };
    const write = (part: string) => {
      if (breakPending && written) {
        text += '\n';
      }
      breakPending = false;
      written = true;
      text += part;
    };
    const visit = (parent: Node) => {
      for (let node = parent.firstChild; node !== null; node = node.nextSibling) {
        if (node.nodeType === Node.TEXT_NODE) {
          if ((node as Text).data !== '' && isTyped(node as Text)) {
            write((node as Text).data);
          }
        } else if (isHtmlElement(node)) {
          const tag = node.localName;
          if (untypedTags.has(tag) || node.contentEditable === 'false') {
            continue;
          }
          if (tag === 'br') {
            if (node.nextSibling !== null) {
              write('\u2028');
            }
          } else if (blockTags.has(tag)) {
            breakPending = true;
            const before = text.length;
            const wroteBefore = written;
            visit(node);
            if (text.length === before && written === wroteBefore) {
              // An empty block is an empty line.
              write('');
            }
            breakPending = true;
          } else {
            visit(node);
          }
        }
      }
    };
    visit(host);
    return text.replace(/\u00a0/g, ' ').replace(/[\u200b\ufeff]/g, '');
  }

  function editingHost(event: Event): HTMLElement | undefined {
    const node = event.composedPath()[0] ?? event.target;
    if (
      !event.isTrusted ||
      !isNode(node) ||
      !isHtmlElement(node) ||
      !node.isContentEditable ||
      node.localName === 'input' ||
      node.localName === 'textarea'
    ) {
      return undefined;
    }
    let host = node;
    while (host.parentElement?.isContentEditable) {
      host = host.parentElement;
    }
    return host;
  }

  function onBeforeInput(event: Event): void {
    const host = editingHost(event);
    if (!active || host === undefined) {
      return;
    }
    const text = typedText(host);
    if (editedTexts.get(host) !== text) {
      textsBeforeEdit.set(host, text);
    }
  }

  function onInput(event: Event): void {
    const host = editingHost(event);
    if (!active || host === undefined) {
      return;
    }
    const text = typedText(host);
    const payload: { id: number; text: string; previous?: string } = {
      id: nodeId(host),
      text: target.editText(host, text),
    };
    const previous = textsBeforeEdit.get(host);
    if (previous !== undefined) {
      payload.previous = target.editText(host, previous);
      textsBeforeEdit.delete(host);
    }
    editedTexts.set(host, text);
    target.addCustomEvent(tags.edit, payload);
  }

  realm.addEventListener('keydown', onKeyDown, true);
  realm.addEventListener('beforeinput', onBeforeInput, true);
  realm.addEventListener('input', onInput, true);
  realm.addEventListener('submit', onSubmit, true);
  realm.addEventListener('change', onChange, true);
  const remove = () => {
    active = false;
    realm.removeEventListener('keydown', onKeyDown, true);
    realm.removeEventListener('submit', onSubmit, true);
    realm.removeEventListener('change', onChange, true);
    realm.removeEventListener('beforeinput', onBeforeInput, true);
    realm.removeEventListener('input', onInput, true);
    realm.removeEventListener('hashchange', noteUrlChange, true);
    realm.removeEventListener('popstate', noteUrlChange, true);
    navigationApi?.removeEventListener('navigate', onNavigate);
    navigationApi?.removeEventListener('currententrychange', noteUrlChange);
  };
  if (scope === 'frame') {
    return { resetUrl: () => undefined, remove };
  }
  realm.addEventListener('hashchange', noteUrlChange, true);
  realm.addEventListener('popstate', noteUrlChange, true);
  navigationApi?.addEventListener('navigate', onNavigate);
  // A navigation that the app intercepts with the Navigation API changes the URL without
  // `pushState`, `popstate` or `hashchange`.
  navigationApi?.addEventListener('currententrychange', noteUrlChange);
  for (const method of ['pushState', 'replaceState'] as const) {
    const original = realm.history[method];
    realm.history[method] = function (this: History, ...args: Parameters<History['pushState']>) {
      const result = original.apply(this, args);
      noteUrlChange();
      return result;
    };
  }

  return {
    resetUrl() {
      lastHref = realm.location.href;
      noteNavigationType();
    },
    remove,
  };
}
