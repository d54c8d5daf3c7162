/** The window of a page or frame, with the global classes of its realm. */
export type Realm = Window & typeof globalThis;

/**
 * Calls `install` for the window of every same-origin frame inside `root`, nested frames
 * included: for the frames there now, and again for each document a frame loads later in a
 * new window, which has none of the old listeners. The first document a frame loads over its
 * initial `about:blank` keeps that window and its listeners, so it is not installed again.
 * The cleanup that `install` returns runs when the frame loads a document in another
 * window, and for every frame when the returned function is called. Cross-origin frames
 * are skipped, as rrweb skips them. An error of `install` goes to `onError` rather than to
 * the page, whose error handlers would take it for an error of the app.
 */
export function watchSameOriginFrames(
  root: Realm,
  install: (frame: Realm) => () => void,
  onError: (error: unknown) => void,
): () => void {
  /**
   * The window each frame element was installed into, known by its `Node` class because
   * `defaultView` gives the same proxy object for every window of a frame, and the cleanup.
   */
  const installed = new Map<HTMLIFrameElement, { window: unknown; cleanup: () => void }>();
  let stopped = false;

  // `load` does not bubble, and it stops at the document rather than the window, but
  // capturing listeners of the document see it.
  function onLoad(event: Event): void {
    const element = event.target as Element | null;
    if (element?.localName === 'iframe') {
      attachSafely(element as HTMLIFrameElement);
    }
  }

  function visit(realm: Realm): void {
    realm.document.querySelectorAll('iframe').forEach(attachSafely);
  }

  function attachSafely(frame: HTMLIFrameElement): void {
    try {
      attach(frame);
    } catch (error) {
      onError(error);
    }
  }

  function attach(frame: HTMLIFrameElement): void {
    if (stopped) {
      return;
    }

    // Null for a cross-origin frame, whose document this page may not read.
    const realm = frame.contentDocument?.defaultView as Realm | null | undefined;
    const before = installed.get(frame);
    if (!realm) {
      // The window installed into before is gone with its listeners.
      installed.delete(frame);
      return;
    }

    if (before?.window === realm.Node) {
      // The same window with a new document: only the document's listener and frames are new.
      realm.document.addEventListener('load', onLoad, true);
      visit(realm);
      return;
    }

    if (before !== undefined) {
      cleanUp(before);
    }
    forgetRemovedFrames();

    const remove = install(realm);
    realm.document.addEventListener('load', onLoad, true);
    installed.set(frame, {
      window: realm.Node,
      cleanup: () => {
        remove();
        realm.document.removeEventListener('load', onLoad, true);
      },
    });
    visit(realm);
  }

  /** Runs the cleanups of frames that left the page, so they are not kept until the end. */
  function forgetRemovedFrames(): void {
    for (const [frame, entry] of installed) {
      if (!frame.isConnected) {
        cleanUp(entry);
        installed.delete(frame);
      }
    }
  }

  root.document.addEventListener('load', onLoad, true);
  visit(root);
  return () => {
    stopped = true;
    root.document.removeEventListener('load', onLoad, true);
    installed.forEach(cleanUp);
    installed.clear();
  };
}

/**
 * Runs a frame's cleanup. A frame that shows a page of another origin by now throws on any
 * use of its window, and the window installed into is gone with its listeners then.
 */
function cleanUp(entry: { cleanup: () => void }): void {
  try {
    entry.cleanup();
  } catch {
    // Nothing is left to remove.
  }
}
