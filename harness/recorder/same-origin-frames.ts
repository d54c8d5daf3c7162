/** The window of a page or frame, with the global classes of its realm. */
export type Realm = Window & typeof globalThis;

/**
 * Calls `install` for the window of every same-origin frame inside `root`, nested frames
 * included. It does so for the frames there now, and again whenever a frame loads a document
 * in a new window, which has none of the old listeners. The first document over a frame's
 * initial `about:blank` keeps that window, so it is not installed again.
 *
 * The cleanup that `install` returns runs when the frame moves to another window, and for
 * every frame when the returned function is called. Cross-origin frames are skipped, as
 * rrweb skips them. Errors of `install` go to `onError`, because the page's error handlers
 * would take them for errors of the app.
 */
export function watchSameOriginFrames(
  root: Realm,
  install: (frame: Realm) => () => void,
  onError: (error: unknown) => void,
): () => void {
  /**
   * The window each frame element was installed into, and its cleanup. A window is known by
   * its `Node` class, because `defaultView` gives one proxy object for every window of a frame.
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
 * Runs a frame's cleanup. A frame that now shows a page of another origin throws on any use
 * of its window, and then the window installed into is gone with its listeners anyway.
 */
function cleanUp(entry: { cleanup: () => void }): void {
  try {
    entry.cleanup();
  } catch {
    // Nothing is left to remove.
  }
}
