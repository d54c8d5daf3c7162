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
  // focuses them from script, which would. Text fields show the ring either way.
  const frameWindow = replayer.iframe.contentWindow as (Window & typeof globalThis) | null;
  if (frameWindow) {
    const prototype = frameWindow.HTMLElement.prototype;
    const focus = prototype.focus;
    prototype.focus = function focusWithoutRing(this: HTMLElement, options?: FocusOptions): void {
      const isTextField = this.matches('input, textarea, [contenteditable]');
      focus.call(this, isTextField ? options : { ...options, focusVisible: false });
    };
  }

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
      getMirror(): { getMeta(node: Node): SerializedMeta | null };
    };
  };
  const replayer = global.__replaygateReplayer;
  // pause(t) applies the events strictly before t; a checkpoint includes the events at t.
  replayer.pause(offset + 1);
  const frameDocument = document.querySelector('iframe')?.contentDocument;
  if (!frameDocument) {
    return;
  }

  // The live replay parks the mouse before each screenshot, so no element is hovered there.
  for (const element of Array.from(frameDocument.querySelectorAll('.\\:hover'))) {
    element.classList.remove(':hover');
  }
  frameDocument.documentElement.classList.remove('rrweb-paused');

  // rrweb sets autocomplete="off" on every rebuilt input and textarea; keep it only where the
  // recorded element had it.
  const mirror = replayer.getMirror();
  for (const element of Array.from(frameDocument.querySelectorAll('input, textarea'))) {
    const recorded = mirror.getMeta(element)?.attributes ?? {};
    if (!('autocomplete' in recorded)) {
      element.removeAttribute('autocomplete');
    }
  }
}
