/**
 * The page rrweb's Replayer runs in for a recording baseline, and the functions that run in it.
 * Everything here decides what a render looks like, so the render cache hashes it.
 */

/** Page styles that put the replayer's iframe exactly where the live page would be. */
export const PLAYER_HTML = `<!doctype html><html><head><meta charset="utf-8"><style>
html, body { margin: 0; padding: 0; overflow: hidden; background: #fff; }
.replayer-wrapper { position: relative; }
.replayer-mouse, .replayer-mouse-tail { display: none !important; }
iframe { border: 0; display: block; }
</style></head><body></body></html>`;

/** Files chosen in a file input, from a `replaygate.files` event, as the player applies them. */
interface FileChoice {
  /** rrweb node id of the input, in the id space of the full snapshot at `snapshotAt`. */
  id: number;
  /** Milliseconds since the first event. */
  at: number;
  /** Time of the latest full snapshot before the choice. */
  snapshotAt: number;
  files: Array<{ name: string; type: string }>;
}

/** Runs in the player page: creates the Replayer paused at the start. */
export function startReplayer(events: unknown[]): void {
  const global = window as unknown as {
    rrweb: {
      Replayer: new (
        events: unknown[],
        config: object,
      ) => { pause(offset?: number): void; iframe: HTMLIFrameElement };
    };
    __replaygateReplayer: { pause(offset?: number): void };
    __replaygateFocus?: (this: HTMLElement, options?: FocusOptions) => void;
    __replaygateFocusEvents?: Array<{ id: number; at: number; keyboard: boolean }>;
    __replaygateKeyEvents?: Array<{ id: number; at: number }>;
    __replaygateFileChoices?: FileChoice[];
    __replaygateSnapshotTimes?: number[];
    __replaygatePageUrls?: Array<{ at: number; href: string }>;
  };
  // rrweb rebuilds the recorded document of a `srcdoc` frame inside the frame, but it copies
  // the `srcdoc` attribute too, and the frame's load of it replaces the rebuilt document, at
  // times after the render's screenshot. The attribute is dropped in every frame's realm:
  // rrweb reads a frame's `contentDocument` before it builds into it, which patches the
  // frame's realm in turn.
  const dropFrameSources = (realm: Window | null | undefined): void => {
    const scope = realm as (Window & typeof globalThis) | null | undefined;
    const prototype = scope?.Element.prototype;
    if (!scope || !prototype || Object.hasOwn(prototype, '__replaygateNoSrcdoc')) {
      return;
    }
    Object.defineProperty(prototype, '__replaygateNoSrcdoc', { value: true });
    const setAttribute = prototype.setAttribute;
    prototype.setAttribute = function setAttributeWithoutSrcdoc(
      this: Element,
      name: string,
      value: string,
    ): void {
      if (this.localName === 'iframe' && name.toLowerCase() === 'srcdoc') {
        return;
      }
      setAttribute.call(this, name, value);
    };
    const frames = scope.HTMLIFrameElement.prototype;
    const contentDocument = Object.getOwnPropertyDescriptor(frames, 'contentDocument');
    const readDocument = contentDocument?.get;
    if (contentDocument && readDocument) {
      Object.defineProperty(frames, 'contentDocument', {
        ...contentDocument,
        get(this: HTMLIFrameElement): Document | null {
          const frameDocument = readDocument.call(this) as Document | null;
          dropFrameSources(frameDocument?.defaultView);
          return frameDocument;
        },
      });
    }
  };
  const replayer = new global.rrweb.Replayer(events, {
    root: document.body,
    mouseTail: false,
    showWarning: false,
    skipInactive: false,
    // The live page shows focus styles, so the recorded focus must be applied too; rrweb's
    // virtual DOM drops focus while seeking, so it is off.
    triggerFocus: true,
    useVirtualDom: false,
  });

  // A user focuses controls with the mouse, which draws no focus ring on buttons, but rrweb
  // focuses them from script, which would. Text fields show the ring either way. A control
  // that the keyboard focused gets its ring back after each seek (see `seekReplayer`).
  const frameWindow = replayer.iframe.contentWindow as (Window & typeof globalThis) | null;
  dropFrameSources(frameWindow);
  if (frameWindow) {
    const prototype = frameWindow.HTMLElement.prototype;
    const focus = prototype.focus;
    prototype.focus = function focusWithoutRing(this: HTMLElement, options?: FocusOptions): void {
      // Inputs that take typed text; buttons, boxes, file pickers and sliders draw no ring.
      const isTextField = this.matches(
        'textarea, [contenteditable], input:not([type=button], [type=submit], [type=reset], ' +
          '[type=checkbox], [type=radio], [type=file], [type=image], [type=range], [type=color])',
      );
      focus.call(this, isTextField ? options : { ...options, focusVisible: false });
    };
    global.__replaygateFocus = focus;
  }

  // Each Focus event, with whether a key press rather than a mouse press came just before it.
  const start = (events[0] as { timestamp?: number } | undefined)?.timestamp ?? 0;
  const focusEvents: Array<{ id: number; at: number; keyboard: boolean }> = [];
  const keyEvents: Array<{ id: number; at: number }> = [];
  const fileChoices: FileChoice[] = [];
  const snapshotTimes: number[] = [];
  const pageUrls: Array<{ at: number; href: string }> = [];
  let snapshotAt = 0;
  let lastKeyAt = -Infinity;
  let lastPressAt = -Infinity;
  for (const event of events as Array<{
    type: number;
    timestamp: number;
    data?: Record<string, unknown>;
  }>) {
    const at = event.timestamp - start;
    const data = event.data ?? {};
    if (event.type === 2) {
      snapshotAt = at;
      snapshotTimes.push(at);
    } else if (event.type === 4 && typeof data.href === 'string') {
      pageUrls.push({ at, href: data.href });
    } else if (event.type === 5 && data.tag === 'replaygate.files') {
      const payload = data.payload as Partial<FileChoice> | undefined;
      if (typeof payload?.id === 'number' && Array.isArray(payload.files)) {
        fileChoices.push({ id: payload.id, at, snapshotAt, files: payload.files });
      }
    } else if (event.type === 5 && data.tag === 'replaygate.key') {
      lastKeyAt = at;
      const id = (data.payload as { id?: unknown } | undefined)?.id;
      if (typeof id === 'number') {
        keyEvents.push({ id, at });
      }
    } else if (event.type === 3 && data.source === 2) {
      // rrweb's MouseInteraction types: 1 MouseDown, 5 Focus, 7 TouchStart.
      if (data.type === 1 || data.type === 7) {
        lastPressAt = at;
      } else if (data.type === 5 && typeof data.id === 'number') {
        const keyboard = at - lastKeyAt <= 100 && lastKeyAt > lastPressAt;
        focusEvents.push({ id: data.id, at, keyboard });
      }
    }
  }
  global.__replaygateFocusEvents = focusEvents;
  global.__replaygateKeyEvents = keyEvents;
  global.__replaygateFileChoices = fileChoices;
  global.__replaygateSnapshotTimes = snapshotTimes;
  global.__replaygatePageUrls = pageUrls;

  replayer.pause(0);
  global.__replaygateReplayer = replayer;
}

/**
 * Runs in the player page: seeks, then removes what rrweb's replayer adds to the rebuilt DOM
 * and the live page does not have.
 */
export function seekReplayer(offset: number): void {
  interface SerializedMeta {
    attributes?: Record<string, unknown>;
  }
  const global = window as unknown as {
    __replaygateReplayer: {
      pause(offset?: number): void;
      getMirror(): {
        getMeta(node: Node): SerializedMeta | null;
        getId(node: Node): number;
        getNode(id: number): Node | null;
      };
    };
    __replaygateFocus?: (this: HTMLElement, options?: FocusOptions) => void;
    __replaygateFocusEvents?: Array<{ id: number; at: number; keyboard: boolean }>;
    __replaygateKeyEvents?: Array<{ id: number; at: number }>;
    __replaygateFileChoices?: FileChoice[];
    __replaygateSnapshotTimes?: number[];
    __replaygatePageUrls?: Array<{ at: number; href: string }>;
  };
  const replayer = global.__replaygateReplayer;
  // pause(t) applies the events strictly before t, and a checkpoint includes the events at t.
  // Half a millisecond, not one: rrweb starts from the last Meta event at or before t, so a
  // page load recorded at t + 1 would drop everything the seek should apply before it.
  replayer.pause(offset + 0.5);
  const frameDocument = document.querySelector('iframe')?.contentDocument;
  if (!frameDocument) {
    return;
  }

  // rrweb rebuilds open shadow roots and the documents of same-origin frames, whose elements
  // a query of the document does not reach.
  const roots: Array<Document | ShadowRoot> = [frameDocument];
  for (let index = 0; index < roots.length; index++) {
    for (const element of Array.from(roots[index]!.querySelectorAll('*'))) {
      if (element.shadowRoot) {
        roots.push(element.shadowRoot);
      }
      // The elements belong to the frame's realm, where `instanceof` of this realm fails.
      const nested =
        element.localName === 'iframe' ? (element as HTMLIFrameElement).contentDocument : null;
      if (nested) {
        roots.push(nested);
      }
    }
  }
  const queryAll = (selector: string) =>
    roots.flatMap((root) => Array.from(root.querySelectorAll(selector)));

  // The live replay parks the mouse before each screenshot, so no element is hovered there.
  for (const element of queryAll('.\\:hover')) {
    element.classList.remove(':hover');
  }
  frameDocument.documentElement.classList.remove('rrweb-paused');

  const mirror = replayer.getMirror();

  // The rebuilt documents live at the player's URL, so a relative URL that rrweb did not make
  // absolute when it recorded it, such as a form's `action`, would resolve into the player's
  // folder. Each document gets a `<base>` of the recorded page's URL. rrweb does not record
  // the `src` of a frame whose document it records, so frames get the page's URL too, which
  // is right for `srcdoc` frames and for pages of the same folder.
  // NOTE: a frame's page in another folder resolves such URLs against the wrong folder.
  const pageUrl = (global.__replaygatePageUrls ?? []).filter((entry) => entry.at <= offset).at(-1);
  if (pageUrl !== undefined && /^https?:/i.test(pageUrl.href)) {
    for (const root of roots) {
      if ('createElement' in root && !root.querySelector('base[href]')) {
        const base = root.createElement('base');
        base.href = pageUrl.href;
        (root.head ?? root.documentElement)?.prepend(base);
      }
    }
  }

  // The live page draws a focus ring when Tab focused the control, or when a key was pressed
  // while it had focus. The render draws it in the same cases. A control in a frame is the
  // active element of the frame's document, and the page's is the frame element.
  let active = frameDocument.activeElement as HTMLElement | null;
  while (active?.localName === 'iframe') {
    const inner = (active as HTMLIFrameElement).contentDocument;
    if (!inner?.activeElement || inner.activeElement === inner.body) {
      break;
    }
    active = inner.activeElement as HTMLElement;
  }
  const focus = global.__replaygateFocus;
  if (active && focus && active !== frameDocument.body) {
    const id = mirror.getId(active);
    const last = (global.__replaygateFocusEvents ?? [])
      .filter((event) => event.id === id && event.at <= offset)
      .at(-1);
    const focusedAt = last?.at ?? -Infinity;
    const keyWhileFocused = (global.__replaygateKeyEvents ?? []).some(
      (event) => event.id === id && event.at >= focusedAt && event.at <= offset,
    );
    if (last?.keyboard === true || keyWhileFocused) {
      active.blur();
      focus.call(active, { focusVisible: true, preventScroll: true });
    } else if (active.ownerDocument !== frameDocument) {
      // The wrapper that keeps rings off mouse-focused controls patches the page's realm,
      // and a frame's elements focus through their own, so the render redoes their focus
      // through the wrapper.
      const pageWindow = frameDocument.defaultView as (Window & typeof globalThis) | null;
      active.blur();
      pageWindow?.HTMLElement.prototype.focus.call(active, { preventScroll: true });
    }
  }

  // rrweb cannot set the value of a file input, so the render would show no file chosen where
  // the live page shows the files that the replay chose. Files of the recorded names and
  // types, without content, make the input show and report the same. Only choices on the
  // page of the latest full snapshot apply, because node ids restart at each snapshot.
  const latestSnapshot = (global.__replaygateSnapshotTimes ?? [])
    .filter((at) => at <= offset)
    .at(-1);
  for (const choice of global.__replaygateFileChoices ?? []) {
    const input = mirror.getNode(choice.id);
    // An input in a frame belongs to the frame's realm, whose classes make its files.
    const inputWindow = input?.ownerDocument?.defaultView as (Window & typeof globalThis) | null;
    if (
      inputWindow &&
      choice.at <= offset &&
      choice.snapshotAt === latestSnapshot &&
      input instanceof inputWindow.HTMLInputElement &&
      input.type === 'file'
    ) {
      const transfer = new inputWindow.DataTransfer();
      for (const file of choice.files) {
        transfer.items.add(new inputWindow.File([], file.name, { type: file.type }));
      }
      input.files = transfer.files;
    }
  }

  // rrweb sets autocomplete="off" on every rebuilt input and textarea; keep it only where the
  // recorded element had it.

  for (const element of queryAll('input, textarea')) {
    const recorded = mirror.getMeta(element)?.attributes ?? {};
    if (!('autocomplete' in recorded)) {
      element.removeAttribute('autocomplete');
    }
  }
}
