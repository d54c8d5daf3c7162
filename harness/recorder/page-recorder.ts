import type { eventWithTime } from '@rrweb/types';
import { record } from 'rrweb';
import { PAGE_ERROR_TAG } from '../collect/batch.js';
import { CUSTOM_EVENT_TAGS, type DialogEventPayload } from '../fixture/recording.js';
import type { SanitizeContext } from '../sanitize/walk/context.js';
import { composeBatchJson } from './batch-json.js';
import { Batcher } from './batcher.js';
import {
  installCustomEvents,
  type CustomEventListeners,
  type CustomEventTarget,
} from './custom-events.js';
import { installDialogAnswers, type DialogAnswerControl } from './dialog-answers.js';
import { createEditTextMasking, createInputMasking } from './input-masking.js';
import { LocalBuffer } from './local-buffer.js';
import { MemoryStorage } from './memory-storage.js';
import { createBodyCodec } from './network/body-codec.js';
import { interceptFetch } from './network/intercept-fetch.js';
import { interceptXhr } from './network/intercept-xhr.js';
import type { ExchangeHooks, PageExchange } from './network/types.js';
import type { ResolvedOptions } from './options.js';
import { listenForPageErrors } from './page-errors.js';
import { readPageMeta } from './page-meta.js';
import { createPageContext } from './sanitize/page-context.js';
import { compileLiveSelectorRules, LiveSelectorLookup } from './sanitize/live-selector-rules.js';
import { PageEventSanitizer } from './sanitize/page-event-sanitizer.js';
import { watchSameOriginFrames, type Realm } from './same-origin-frames.js';
import { installValueOrder, type ValueOrder } from './value-order.js';
import { sanitizePageExchange } from './sanitize/page-exchange-sanitizer.js';
import type { SessionState, SessionStore } from './session-state.js';
import { Uploader } from './uploader.js';
import { compileUrlPatterns } from './url-patterns.js';

/** Returns `window[name]` when the browser lets the page use it, else undefined. */
export function storageOf(name: 'localStorage' | 'sessionStorage'): Storage | undefined {
  try {
    const storage = window[name];
    storage.getItem('replaygate.probe');
    return storage;
  } catch {
    return undefined;
  }
}

/**
 * Records one page load of a sampled, consented session: rrweb events, custom events and
 * network exchanges are masked, serialized, batched, buffered and uploaded.
 */
export class PageRecorder {
  private readonly context: SanitizeContext;
  private valueOrder: ValueOrder | undefined;
  private readonly events: PageEventSanitizer;
  private readonly buffer: LocalBuffer;
  private readonly batcher: Batcher;
  private readonly uploader: Uploader;
  private readonly tags: Set<string>;
  private listeners: CustomEventListeners | undefined;
  private stopRrweb: (() => void) | undefined;
  private stopPageErrors: (() => void) | undefined;
  private stopFrames: (() => void) | undefined;
  private snapshotTaken = false;
  private dialogs: DialogAnswerControl | undefined;
  private metaSent = false;
  private stopped = false;
  private nextExchangeId = 0;

  constructor(
    private readonly options: ResolvedOptions,
    private readonly sessions: SessionStore,
    private readonly session: SessionState,
  ) {
    this.context = createPageContext(options.sanitize);
    const selectorRules = compileLiveSelectorRules(options.sanitize.selectors);
    this.events = new PageEventSanitizer(
      this.context,
      selectorRules.length === 0
        ? undefined
        : new LiveSelectorLookup(selectorRules, (id) => record.mirror.getNode(id)),
    );
    this.tags = new Set(options.tags);
    this.buffer = new LocalBuffer(
      storageOf('localStorage') ?? new MemoryStorage(),
      options.bufferMaxBytes,
    );
    this.batcher = new Batcher({
      maxBytes: options.batchMaxBytes,
      intervalMs: options.batchIntervalMs,
      onSeal: (events, exchanges) => this.seal(events, exchanges),
    });
    this.uploader = new Uploader({
      endpoint: options.endpoint,
      token: options.token,
      gzip: options.gzip,
      retryBaseMs: options.retryBaseMs,
      retryMaxMs: options.retryMaxMs,
      buffer: this.buffer,
      // Taken before the network capture wraps `fetch`, so uploads are never recorded.
      fetch: window.fetch.bind(window),
      warn: options.onWarning,
    });
  }

  /** The session id. */
  get sessionId(): string {
    return this.session.id;
  }

  /** Starts rrweb, the custom events and the network capture, and uploads leftover batches. */
  start(): void {
    const masking = createInputMasking(this.options.unmaskInputSelector);
    const target: CustomEventTarget = {
      addCustomEvent: (tag, payload) => this.addCustomEvent(tag, payload),
      nodeId: (node) => record.mirror.getId(node),
      selectValues: masking.selectValues,
      editText: createEditTextMasking(this.options.rrweb),
      // A file's name is the value of its input, so it is masked like any input value.
      fileName: (input, name) => masking.maskInput(name, input),
    };
    const reportDialog = (payload: DialogEventPayload) =>
      this.addCustomEvent(CUSTOM_EVENT_TAGS.dialog, payload);
    // Text typed into a prompt belongs to no field that could opt in, so it is masked.
    const promptText = (text: string) => masking.maskInput(text, null);
    this.listeners = installCustomEvents(target, { ...CUSTOM_EVENT_TAGS });
    this.dialogs = installDialogAnswers(reportDialog, promptText);
    this.stopPageErrors = listenForPageErrors((payload) =>
      this.addCustomEvent(PAGE_ERROR_TAG, payload),
    );
    if (this.options.captureNetwork) {
      this.installNetworkCapture();
    }
    const order = installValueOrder((id) => record.mirror.getNode(id));
    this.valueOrder = order;
    this.stopRrweb = record({
      ...this.options.rrweb,
      emit: (event) => order.order(event, (ordered) => this.onEvent(ordered)),
      maskAllInputs: true,
      maskInputFn: masking.maskInput,
      userTriggeredOnInput: true,
      inlineStylesheet: true,
      recordCanvas: false,
      collectFonts: false,
    });
    // rrweb records same-origin frames too, so the custom events and dialog answers come
    // from their windows as well.
    this.stopFrames = watchSameOriginFrames(
      window,
      (frame: Realm) => {
        const listeners = installCustomEvents(target, { ...CUSTOM_EVENT_TAGS }, 'frame', frame);
        try {
          // Answers given before rrweb's first full snapshot are dropped by addCustomEvent, as
          // keys are. A dialog in a frame before the page has loaded is rare.
          installDialogAnswers(reportDialog, promptText, frame).start();
          order.watch(frame);
        } catch (error) {
          // The frame is not recorded, so a later install cannot add its listeners twice.
          listeners.remove();
          throw error;
        }
        return () => listeners.remove();
      },
      (error) => this.options.onWarning('custom events not recorded in a frame', error),
    );
    window.addEventListener('pagehide', this.onPageHide);
    document.addEventListener('visibilitychange', this.onVisibilityChange);
    this.uploader.kick();
  }

  /** Adds labels sent with every later batch. */
  addTags(tags: string[]): void {
    for (const tag of tags) {
      if (typeof tag === 'string' && tag !== '') {
        this.tags.add(tag);
      }
    }
  }

  /**
   * Waits for rrweb's pending reports of values set by scripts, then seals the open batch and
   * uploads; resolves true once the buffer is empty.
   */
  async flush(): Promise<boolean> {
    await this.valueOrder?.settled();
    this.batcher.seal();
    return this.uploader.drain();
  }

  /** Stops recording, seals the open batch and uploads what it can. */
  async stop(): Promise<void> {
    if (this.stopped) {
      return;
    }
    this.stopRrweb?.();
    this.valueOrder?.stop();
    this.listeners?.remove();
    this.stopFrames?.();
    this.stopPageErrors?.();
    this.batcher.seal();
    this.stopped = true;
    window.removeEventListener('pagehide', this.onPageHide);
    document.removeEventListener('visibilitychange', this.onVisibilityChange);
    await this.uploader.drain();
  }

  private readonly onPageHide = (): void => {
    this.valueOrder?.flush();
    this.batcher.seal();
    this.uploader.sendOnUnload();
  };

  private readonly onVisibilityChange = (): void => {
    if (document.visibilityState === 'hidden') {
      this.batcher.seal();
      this.uploader.kick();
    }
  };

  private onEvent(event: eventWithTime): void {
    if (this.stopped) {
      return;
    }
    if (event.type === 2) {
      this.snapshotTaken = true;
      this.listeners?.resetUrl();
      this.dialogs?.start();
    }
    try {
      this.batcher.addEvent(JSON.stringify(this.events.sanitize(event)));
    } catch (error) {
      // An event that failed to mask never leaves the page.
      this.buffer.countDropped(this.session.id, { events: 1, exchanges: 0, batches: 0 });
      this.options.onWarning('event dropped because masking failed', error);
    }
  }

  private addCustomEvent(tag: string, payload: unknown): void {
    // rrweb throws when a custom event comes before its first full snapshot, and an
    // exception here would surface in the app's own event dispatch.
    if (!this.snapshotTaken || this.stopped) {
      return;
    }
    try {
      record.addCustomEvent(tag, payload);
    } catch (error) {
      this.options.onWarning(`custom event ${tag} not recorded`, error);
    }
  }

  private installNetworkCapture(): void {
    const allow = compileUrlPatterns(this.options.networkAllow ?? [`${location.origin}/*`]);
    const deny = compileUrlPatterns(this.options.networkDeny);
    const collector = `${this.options.endpoint}/`;
    const hooks: ExchangeHooks = {
      shouldCapture: (url) =>
        !this.stopped && !url.startsWith(collector) && allow(url) && !deny(url),
      begin: () => undefined,
      end: (exchange) => {
        if (exchange && !this.stopped) {
          this.onExchange(exchange);
        }
      },
    };
    const codec = createBodyCodec(this.options.maxBodyBytes);
    interceptFetch(hooks, codec);
    interceptXhr(hooks, codec);
  }

  private onExchange(exchange: PageExchange): void {
    try {
      sanitizePageExchange(this.context, exchange);
      this.batcher.addExchange(JSON.stringify({ id: this.nextExchangeId, ...exchange }));
      this.nextExchangeId += 1;
    } catch (error) {
      this.buffer.countDropped(this.session.id, { events: 0, exchanges: 1, batches: 0 });
      this.options.onWarning('exchange dropped because masking failed', error);
    }
  }

  private seal(events: string[], exchanges: string[]): void {
    const seq = this.sessions.reserveSeq();
    const json = composeBatchJson(
      {
        sessionId: this.session.id,
        seq,
        meta: this.metaSent ? undefined : readPageMeta(this.session, this.context),
        dropped: this.buffer.takeDropped(this.session.id),
        tags: this.tags.size > 0 ? [...this.tags] : undefined,
      },
      events,
      exchanges,
    );
    this.metaSent = true;
    this.buffer.put({
      sessionId: this.session.id,
      seq,
      createdAt: Date.now(),
      json,
    });
    this.uploader.kick();
  }
}
