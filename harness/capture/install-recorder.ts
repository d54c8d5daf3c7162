import type { record as rrwebRecord } from 'rrweb';
import type {
  CustomEventTags,
  installCustomEvents as InstallCustomEvents,
} from '../recorder/custom-events.js';
import type { installDialogAnswers as InstallDialogAnswers } from '../recorder/dialog-answers.js';
import type { installValueOrder as InstallValueOrder } from '../recorder/value-order.js';
import type { PageChannel } from './page-channel.js';

/** Options of the page-side rrweb recorder. */
export interface RecorderOptions {
  channelName: string;
  /** Custom event tags, passed in because the function cannot import `CUSTOM_EVENT_TAGS`. */
  tags: CustomEventTags;
  /** `CUSTOM_EVENT_TAGS.dialog`, the tag of the events with the user's dialog answers. */
  dialogTag: string;
  /**
   * Name of the non-enumerable property of the top `window` that contains the functions of
   * the top document's recorder that same-origin frames and the end of a flow call.
   */
  hookName: string;
}

/** The functions of the top document's recorder that others call. */
interface RecorderHook {
  /** Adds a custom event to the top document's recording, for the frames' events too. */
  addCustomEvent(tag: string, payload: unknown): void;
  nodeId(node: Node): number;
  /** Orders the values that a frame's scripts set, as the top document's are. */
  watchValues(realm: Window): void;
  /** Resolves once rrweb has reported every value set so far and the held events went out. */
  settleValues(): Promise<void>;
}

/**
 * Starts rrweb in the top frame of every http(s) document and adds replaygate's custom
 * events, those of same-origin frames included. It runs as a Playwright init script after
 * rrweb's UMD bundle, so it must be self-contained: the caller inlines the source text of
 * this function and of `installCustomEvents`, `installValueOrder` and `installDialogAnswers`,
 * which the production recorder shares, into the script.
 */
export function installRecorder(
  options: RecorderOptions,
  installCustomEvents: typeof InstallCustomEvents,
  installValueOrder: typeof InstallValueOrder,
  installDialogAnswers: typeof InstallDialogAnswers,
): void {
  const scope = window as unknown as Record<string, unknown>;
  const rrweb = scope.rrweb as { record: typeof rrwebRecord } | undefined;
  // The bundle's global is removed so the app finds the same window properties as without the
  // recorder.
  delete scope.rrweb;
  const channel = scope[options.channelName] as PageChannel | undefined;
  const isWebDocument = /^https?:$/.test(location.protocol);
  if (!rrweb) {
    return;
  }
  const selectValues = (select: HTMLSelectElement) =>
    Array.from(select.selectedOptions, (option) => option.value);
  // This recorder masks no text, so edits are recorded as typed too.
  const editText = (_host: HTMLElement, text: string) => text;
  const fileName = (_input: HTMLInputElement, name: string) => name;
  // Frames go on without a channel of their own: `srcdoc` and `about:blank` frames, where
  // editors such as TinyMCE run, have none, and their custom events reach the top document's.
  if (window.top !== window) {
    // rrweb records a frame from the top document, yet the replay responds to the frame's
    // dialogs in the same sequence as the page's, so the frame sends its answers as events.
    if (channel && isWebDocument) {
      const frameDialogs = installDialogAnswers(
        (payload) =>
          channel.send('events', {
            type: 5,
            timestamp: Date.now(),
            data: { tag: options.dialogTag, payload },
          }),
        (text) => text,
      );
      frameDialogs.start();
    }
    // The keys, choices and edits of a same-origin frame name their elements by the ids of
    // the top document's rrweb, which serializes the frame's document. Reading a property of
    // a cross-origin top window throws, and rrweb does not record such frames anyway.
    let hook: RecorderHook | undefined;
    try {
      hook = (window.top as unknown as Record<string, RecorderHook | undefined>)[options.hookName];
    } catch {
      hook = undefined;
    }
    if (hook !== undefined) {
      installCustomEvents({ ...hook, selectValues, editText, fileName }, options.tags, 'frame');
      hook.watchValues(window);
    }
    return;
  }
  if (!channel || !isWebDocument) {
    return;
  }
  const record = rrweb.record;
  let started = false;
  let order: ReturnType<typeof installValueOrder> | undefined;
  const hook: RecorderHook = {
    addCustomEvent(tag, payload) {
      // rrweb throws when a custom event comes before its first full snapshot, and an
      // exception here would surface in the app's own event dispatch.
      if (!started) {
        return;
      }
      try {
        record.addCustomEvent(tag, payload);
      } catch (error) {
        console.warn('[replaygate] custom event not recorded', tag, error);
      }
    },
    nodeId: (node) => record.mirror.getId(node),
    // Frames load after this script has run, when the ordering exists.
    watchValues: (realm) => order?.watch(realm),
    settleValues: () => order?.settled() ?? Promise.resolve(),
  };
  Object.defineProperty(window, options.hookName, { value: Object.freeze(hook) });
  const listeners = installCustomEvents(
    { ...hook, selectValues, editText, fileName },
    options.tags,
  );
  const dialogs = installDialogAnswers(
    (payload) => record.addCustomEvent(options.dialogTag, payload),
    (text) => text,
  );

  const ordering = installValueOrder((id) => record.mirror.getNode(id));
  order = ordering;
  // Events held for a pending value report go out before the document unloads, as the
  // channel sends everything from pagehide on at once.
  window.addEventListener('pagehide', () => ordering.flush(), true);
  record({
    emit(event) {
      ordering.order(event, (ordered) => {
        if (ordered.type === 2) {
          started = true;
          listeners.resetUrl();
          dialogs.start();
        }
        channel.send('events', ordered);
      });
    },
    userTriggeredOnInput: true,
    maskInputOptions: { password: true },
    inlineStylesheet: true,
    recordCanvas: false,
    collectFonts: false,
  });
}
