import type { record as rrwebRecord } from 'rrweb';
import type { PageChannel } from './page-channel.js';

/** Options of the page-side rrweb recorder. */
export interface RecorderOptions {
  channelName: string;
  /** Custom event tags, passed in because the function cannot import `CUSTOM_EVENT_TAGS`. */
  tags: { key: string; submit: string; url: string; select: string };
}

/**
 * Starts rrweb in the top frame of every http(s) document and adds replaygate's custom
 * events. It runs as a Playwright init script after rrweb's UMD bundle, so it must be
 * self-contained: Playwright sends the function's source text to the page, not its closure.
 */
export function installRecorder(options: RecorderOptions): void {
  const scope = window as unknown as Record<string, unknown>;
  const rrweb = scope.rrweb as { record: typeof rrwebRecord } | undefined;
  // The bundle's global is removed so the app finds the same window properties as without the
  // recorder.
  delete scope.rrweb;
  const channel = scope[options.channelName] as PageChannel | undefined;
  if (!rrweb || !channel || window.top !== window || !/^https?:$/.test(location.protocol)) {
    return;
  }
  const record = rrweb.record;
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
  let started = false;
  let lastHref = location.href;

  function addCustomEvent(tag: string, payload: unknown): void {
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
  }

  function nodeId(target: EventTarget | null): number {
    return target instanceof Node ? record.mirror.getId(target) : -1;
  }

  function noteUrlChange(): void {
    if (location.href !== lastHref) {
      lastHref = location.href;
      addCustomEvent(options.tags.url, { href: lastHref });
    }
  }

  record({
    emit(event) {
      if (event.type === 2) {
        started = true;
        lastHref = location.href;
      }
      channel.send('events', event);
    },
    userTriggeredOnInput: true,
    maskInputOptions: { password: true },
    inlineStylesheet: true,
    recordCanvas: false,
    collectFonts: false,
  });

  window.addEventListener(
    'keydown',
    (event) => {
      if (!event.isTrusted || !specialKeys.has(event.key)) {
        return;
      }
      addCustomEvent(options.tags.key, {
        key: event.key,
        code: event.code,
        id: nodeId(event.composedPath()[0] ?? event.target),
        altKey: event.altKey,
        ctrlKey: event.ctrlKey,
        metaKey: event.metaKey,
        shiftKey: event.shiftKey,
      });
    },
    true,
  );
  window.addEventListener(
    'submit',
    (event) => addCustomEvent(options.tags.submit, { id: nodeId(event.target) }),
    true,
  );
  // Playwright's selectOption fires untrusted input events, which rrweb records with
  // userTriggered false, like a value set by the app. An app that sets `.value` from code fires
  // no change event, so a change on a select is taken as a choice by the user or a test driver.
  // NOTE: an app that dispatches change events itself is recorded as a choice too, and a
  // select inside a shadow root is missed, because change events do not leave shadow trees.
  window.addEventListener(
    'change',
    (event) => {
      const target = event.composedPath()[0] ?? event.target;
      if (!(target instanceof HTMLSelectElement)) {
        return;
      }
      addCustomEvent(options.tags.select, {
        id: nodeId(target),
        values: Array.from(target.selectedOptions, (option) => option.value),
      });
    },
    true,
  );
  window.addEventListener('hashchange', noteUrlChange, true);
  window.addEventListener('popstate', noteUrlChange, true);
  for (const method of ['pushState', 'replaceState'] as const) {
    const original = history[method];
    history[method] = function (this: History, ...args: Parameters<History['pushState']>) {
      const result = original.apply(this, args);
      noteUrlChange();
      return result;
    };
  }
}
