import { EventType, IncrementalSource, MouseInteractions, NodeType } from '@rrweb/types';
import type {
  eventWithTime,
  incrementalData,
  inputData,
  mouseInteractionData,
  scrollData,
} from '@rrweb/types';
import {
  CUSTOM_EVENT_TAGS,
  type EditEventPayload,
  type FilesEventPayload,
  type KeyEventPayload,
  type Recording,
  type SelectEventPayload,
  type SubmitEventPayload,
  type NavigationEventPayload,
  type UrlEventPayload,
} from '../fixture/recording.js';
import type { ActionTarget } from './plan.js';
import { DomMirror, type MirrorNode } from './dom-mirror.js';
import {
  actionableElement,
  buttonFromData,
  followsRelatedClick,
  isLabelActivation,
  keyWithModifiers,
  mouseKind,
  scrollOffsetOf,
  type RecentClick,
} from './event-details.js';
import type { Intent, PageLoad, PageLoadInitiator, ScrollPosition } from './intents.js';
import { findHoverEffects, type HoverEffect } from './hover-effects.js';
import { containsNode, fieldKind, rawElementText, type FieldKind } from './mirror-text.js';
import { buildTarget } from './selectors.js';
import { formatSeconds, type WarningLog } from './warnings.js';
import { optionTextValue } from '../shared/option-value.js';

/** A hover this long before a press on a related element is the start of that press. */
const MAX_HOVER_TO_PRESS_MS = 1_000;
/** A MouseDown this long before a click on the same node is the start of that click. */
const MAX_PRESS_MS = 1_000;
/** A click without a press this soon after Enter on its element is the browser's activation. */
const MAX_ACTIVATION_MS = 50;
/** A click without a press this soon after a click on another element came from its handler. */
const MAX_SCRIPT_CLICK_MS = 50;
/** An Input event on a select this long before the recorder's select event set its value. */
const MAX_SELECT_INPUT_MS = 50;

/**
 * Tells whether the text of a `contenteditable` element changed from `edited` to `current`
 * between two edits as a key that the editor handles itself changes it. Such a key adds text
 * at the end (Quill writes the new line of an Enter) or removes one character there (a
 * Backspace). Any other change is the app's own, such as a chat box emptied after Enter.
 */
function isKeyEffect(edited: string, current: string): boolean {
  return (
    current.startsWith(edited) ||
    (edited.startsWith(current) && edited.length - current.length <= 1)
  );
}

/** Elements that contain the whole page: their scope would hold every change of it. */
const PAGE_ELEMENTS: ReadonlySet<string> = new Set(['html', 'head', 'body']);
/** Levels above the hovered element whose subtree a hover's change may be in. */
const HOVER_SCOPE_LEVELS = 2;

/**
 * Returns the element whose subtree a hover of `node` may change: up to two levels above it,
 * below `body`. rrweb names the innermost element under the pointer, such as a card's
 * heading, while the card's handler fills a sibling of the heading.
 */
function hoverScope(node: MirrorNode): MirrorNode {
  let scope = node;
  for (let level = 0; level < HOVER_SCOPE_LEVELS; level++) {
    const parent = scope.parent;
    if (!parent || parent.type !== NodeType.Element || PAGE_ELEMENTS.has(parent.tagName)) {
      break;
    }
    scope = parent;
  }
  return scope;
}

/** `Omit` applied to each member of a union. */
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** Result of reading the rrweb stream once. */
export interface ScanResult {
  intents: Intent[];
  pages: PageLoad[];
  /**
   * Milliseconds from the first event to the end of the session: the later of the recorded
   * stop time (`meta.endedAt`) and the last event.
   */
  durationMs: number;
  /** True when the recording stores its stop time, so `durationMs` covers the user's last wait. */
  stopRecorded: boolean;
  /** True when the stream contains `replaygate.key` events, so Enter is never guessed. */
  recordsKeys: boolean;
  /** True when the stream contains `replaygate.files` events, so file inputs are replayed. */
  recordsFiles: boolean;
}

/**
 * Replays the rrweb stream into a DOM mirror and extracts user intents, resolving every
 * target against the DOM as it was at that moment.
 */
export function scanEvents(recording: Recording, warnings: WarningLog): ScanResult {
  const scanner = new EventScanner(recording, warnings);
  for (const event of recording.events) {
    scanner.handle(event);
  }
  return scanner.result();
}

class EventScanner {
  private readonly intents: Intent[] = [];
  private readonly pages: PageLoad[] = [];
  private readonly start: number;
  private mirror: DomMirror | null = null;
  private time = 0;
  private recordsKeys = false;
  private recordsFiles = false;
  private lastClick: RecentClick | null = null;
  /** The field of the latest user text input, watched for removal. */
  private typedField: number | null = null;
  private readonly scrollPositions = new Map<string, ScrollPosition>();
  /** The latest MouseDown, so a click step can start when the button went down. */
  private lastPress: { id: number; time: number } | null = null;
  /** True when the current page reports each document it starts loading (`leave` events). */
  private pageReportsLeaving = false;
  /** The latest `leave` event of the current page. */
  private leaving: { userInitiated: boolean } | null = null;
  /** Text after the latest recorded edit of each `contenteditable` element of the page. */
  private readonly editedTexts = new Map<number, string>();
  /** Edited elements that got a recorded key press since their latest edit. */
  private readonly keyedSinceEdit = new Set<number>();
  /** Arrivals of the pointer that changed the page, in time order (see `findHoverEffects`). */
  private readonly hoverEffects: HoverEffect[];
  private nextHoverEffect = 0;
  /** Full snapshots read so far, which names the id space of the current mirror. */
  private snapshots = 0;

  constructor(
    private readonly recording: Recording,
    private readonly warnings: WarningLog,
  ) {
    this.start = recording.events[0]?.timestamp ?? 0;
    this.hoverEffects = findHoverEffects(recording.events);
  }

  private get pageIndex(): number {
    return Math.max(0, this.pages.length - 1);
  }

  result(): ScanResult {
    const last = this.recording.events[this.recording.events.length - 1];
    const lastEventMs = last ? last.timestamp - this.start : 0;
    const { endedAt } = this.recording.meta;
    // rrweb records nothing while the page is still, so the last event can come well before
    // the user stopped looking at the page.
    const stoppedMs = endedAt === undefined || !last ? 0 : endedAt - this.start;
    return {
      intents: this.intents,
      pages: this.pages,
      durationMs: Math.max(lastEventMs, stoppedMs),
      stopRecorded: endedAt !== undefined,
      recordsKeys: this.recordsKeys,
      recordsFiles: this.recordsFiles,
    };
  }

  handle(event: eventWithTime): void {
    this.time = event.timestamp - this.start;
    this.pushHoversBefore(this.time);
    switch (event.type) {
      case EventType.Meta:
        this.startPage(event.data.href);
        break;
      case EventType.FullSnapshot:
        if (this.pages.length === 0) {
          this.startPage(this.recording.meta.url);
        }
        this.mirror = new DomMirror(event.data.node);
        this.snapshots += 1;
        this.resetScroll(event.data.initialOffset);
        this.lastClick = null;
        this.typedField = null;
        this.editedTexts.clear();
        this.keyedSinceEdit.clear();
        break;
      case EventType.IncrementalSnapshot:
        this.handleIncremental(event.data);
        break;
      case EventType.Custom:
        this.handleCustom(event.data.tag, event.data.payload);
        break;
      case EventType.Plugin:
        this.warnings.add(`Skipped rrweb plugin events from "${event.data.plugin}".`);
        break;
      default:
        // DomContentLoaded, Load, Asset and Annotation events carry nothing to replay.
        break;
    }
  }

  /**
   * Starts a page load at a Meta event.
   * NOTE: rrweb's periodic checkout (`checkoutEveryNms`) also emits Meta and a full snapshot
   * without a navigation. Such a recording gets a page load, and a `navigate` step, per checkout.
   */
  private startPage(href: string): void {
    this.pages.push({ index: this.pages.length, href, time: this.time });
    this.mirror = null;
    const initiator = this.pageLoadInitiator();
    this.pageReportsLeaving = false;
    this.leaving = null;
    if (this.pages.length > 1) {
      this.push(
        initiator === undefined ? { kind: 'page', href } : { kind: 'page', href, initiator },
      );
    }
  }

  /**
   * Adds a hover for each hover effect up to `time`, before the event at `time` is read, so
   * its target is resolved against the DOM before the change that the pointer caused. An
   * effect counts only when a mutation changed a node inside the hover's scope (see
   * {@link hoverScope}), as an item that opens its submenu or a card that fills its details
   * under the heading hovered. Changes farther away were more often the app's late response
   * to an earlier action, or a timer. An effect whose element is gone, is `body` or `html`,
   * or whose id space is not the mirror's, is left out.
   */
  private pushHoversBefore(time: number): void {
    for (; this.nextHoverEffect < this.hoverEffects.length; this.nextHoverEffect++) {
      const effect = this.hoverEffects[this.nextHoverEffect]!;
      if (effect.time > time) {
        return;
      }
      const mirror = this.mirror;
      if (!mirror || effect.snapshot !== this.snapshots) {
        continue;
      }
      const recorded = mirror.get(effect.nodeId);
      if (!recorded) {
        this.retryHoverLater(effect);
        continue;
      }
      const node = actionableElement(recorded);
      if (node.type !== NodeType.Element || PAGE_ELEMENTS.has(node.tagName)) {
        continue;
      }
      const scope = hoverScope(node);
      const changedIds = effect.changes.flatMap(({ ids }) =>
        ids.filter((id) => {
          const changed = mirror.get(id);
          return changed !== undefined && containsNode(scope, changed);
        }),
      );
      if (changedIds.length > 0) {
        const target = buildTarget(mirror, node, { x: effect.x, y: effect.y });
        const addedIds = effect.changes.flatMap(({ added }) => added);
        this.push({ kind: 'hover', nodeId: node.id, target, changedIds, addedIds }, effect.time);
      }
    }
  }

  /**
   * Tries a hover effect again at its next change or at the arrival, for an element that
   * does not exist yet. A change in the window that came first may have added it, such as
   * the load of a frame's document. Changes before the new time no longer count.
   */
  private retryHoverLater(effect: HoverEffect): void {
    const changes = effect.changes.filter((change) => change.time > effect.time);
    const time = Math.min(changes[0]?.time ?? Infinity, effect.arrivedAt);
    if (time <= effect.time || changes.length === 0) {
      return;
    }
    const retry = { ...effect, time, changes };
    const position = this.hoverEffects.findIndex(
      (later, index) => index > this.nextHoverEffect && later.time > time,
    );
    this.hoverEffects.splice(position < 0 ? this.hoverEffects.length : position, 0, retry);
  }

  /** Tells what started the page load that begins now, from the previous page's reports. */
  private pageLoadInitiator(): PageLoadInitiator | undefined {
    if (!this.pageReportsLeaving) {
      return undefined;
    }
    if (this.leaving === null) {
      return 'browser';
    }
    return this.leaving.userInitiated ? 'page-user' : 'page-script';
  }

  private push(intent: DistributiveOmit<Intent, 'time' | 'pageIndex'>, time = this.time): void {
    this.intents.push({ ...intent, time, pageIndex: this.pageIndex } as Intent);
  }

  private handleIncremental(data: incrementalData): void {
    const mirror = this.mirror;
    if (!mirror) {
      this.warnings.add(
        'Skipped incremental rrweb events that arrived before their full snapshot.',
      );
      return;
    }
    if (data.source === IncrementalSource.Mutation) {
      const { missingIds } = mirror.applyMutation(data);
      if (missingIds > 0) {
        this.warnings.add(
          `Page ${this.pageIndex}: skipped mutation entries that refer to unknown node ids.`,
        );
      }
      if (this.typedField !== null && !mirror.get(this.typedField)) {
        this.push({ kind: 'removed', nodeId: this.typedField });
        this.typedField = null;
      }
    } else if (data.source === IncrementalSource.Input) {
      this.handleInput(mirror, data);
    } else if (data.source === IncrementalSource.MouseInteraction) {
      this.handleMouse(mirror, data);
    } else if (data.source === IncrementalSource.Scroll) {
      this.handleScroll(mirror, data);
    } else if (data.source === IncrementalSource.ViewportResize) {
      this.push({ kind: 'resize', width: data.width, height: data.height });
    }
  }

  private handleInput(mirror: DomMirror, data: inputData): void {
    const node = mirror.get(data.id);
    if (!node) {
      // rrweb sends id -1 when a script sets the value of an element it has not serialized
      // yet. A user cannot type into such an element, so only other ids get a warning.
      if (data.userTriggered !== false && data.id !== -1) {
        this.skipUnknown('an input', data.id);
      }
      return;
    }
    const previousValue = node.value ?? '';
    const field = fieldKind(node);
    const target = data.userTriggered === false ? null : this.inputTarget(mirror, node, field);
    mirror.applyInput(data);
    if (field === 'text' && data.userTriggered !== false) {
      this.typedField = data.id;
    }
    this.push({
      kind: 'input',
      nodeId: data.id,
      field,
      value: data.text,
      checked: data.isChecked,
      previousValue,
      userTriggered: data.userTriggered,
      target,
      followsClick: followsRelatedClick(this.lastClick, node, this.time),
    });
  }

  /** Resolves the field once per run of typing: later keystrokes reuse the first target. */
  private inputTarget(mirror: DomMirror, node: MirrorNode, field: FieldKind): ActionTarget {
    const previous = this.intents[this.intents.length - 1];
    if (
      (field === 'text' || field === 'editable') &&
      previous?.kind === 'input' &&
      previous.nodeId === node.id &&
      previous.target !== null
    ) {
      return previous.target;
    }
    return buildTarget(mirror, node);
  }

  private handleMouse(mirror: DomMirror, data: mouseInteractionData): void {
    if (data.type === MouseInteractions.MouseDown) {
      this.lastPress = { id: data.id, time: this.time };
    }

    const kind = mouseKind(data);
    if (!kind) {
      return;
    }
    const recorded = mirror.get(data.id);
    if (!recorded) {
      this.skipUnknown(kind === 'dblclick' ? 'a double-click' : 'a click', data.id);
      return;
    }
    const node = actionableElement(recorded);
    const point =
      data.x !== undefined && data.y !== undefined ? { x: data.x, y: data.y } : undefined;
    const target = buildTarget(mirror, node, point);
    if (kind === 'dblclick') {
      const hoveredAt = this.takeHoverBefore(mirror, node);
      this.push({ kind: 'dblclick', nodeId: node.id, target, hoveredAt });
      return;
    }

    if (kind === 'click' && this.isKeyboardActivation(data.id, recorded)) {
      // Enter on a link or button makes the browser fire a click without a press, and so does
      // Enter in a form's field on the form's submit button. Replaying the key press fires it
      // again, so a click step would activate the control twice.
      this.lastClick = { node, time: this.time };
      return;
    }
    const fromLabel = isLabelActivation(this.lastClick, node, this.time);
    if (kind === 'click' && !fromLabel && this.isScriptClick(data.id)) {
      // A handler of the click just before called `element.click()` on this element, which
      // replaying that click does again.
      return;
    }
    const button = kind === 'contextmenu' ? 'right' : buttonFromData(data);
    const hoveredAt = this.takeHoverBefore(mirror, node);
    this.pushClick(
      { kind: 'click', nodeId: node.id, target, button, fromLabel, hoveredAt },
      data.id,
    );
    this.lastClick = { node, time: this.time };
  }

  /**
   * Tells whether a click on node `id` is the one the browser fires for an Enter. No MouseDown
   * on it came before, and the last intent is an Enter moments ago. The Enter was pressed on
   * the clicked element, or on a field of the form whose submit button was clicked.
   */
  private isKeyboardActivation(id: number, clicked: MirrorNode): boolean {
    const press = this.lastPress;
    if (press !== null && press.id === id && this.time - press.time <= MAX_PRESS_MS) {
      return false;
    }
    const previous = this.intents[this.intents.length - 1];
    if (
      previous?.kind !== 'key' ||
      previous.key !== 'Enter' ||
      this.time - previous.time > MAX_ACTIVATION_MS
    ) {
      return false;
    }
    if (previous.nodeId === id) {
      return true;
    }
    const field = this.mirror?.get(previous.nodeId);
    const form = field && isSubmitButton(clicked) ? formOf(clicked) : undefined;
    return form !== undefined && formOf(field!) === form;
  }

  /**
   * Tells whether a click on node `id` came from a script during another click: no MouseDown
   * on it came before, and another click came moments ago.
   */
  private isScriptClick(id: number): boolean {
    const press = this.lastPress;
    if (press !== null && press.id === id && this.time - press.time <= MAX_PRESS_MS) {
      return false;
    }
    const previous = this.lastClick;
    return (
      previous !== null &&
      previous.node.id !== id &&
      this.time - previous.time <= MAX_SCRIPT_CLICK_MS
    );
  }

  /**
   * Removes the hover just before a press on `node` when the pointer arrived there on its way
   * to the press. The hovered element is `node`, an element inside it, or one that contains
   * it, such as a menu that opens around the item clicked. The replay's click moves the
   * pointer there, and revealing a hidden target hovers its visible ancestor.
   *
   * The hover stays, and the press is its own step, when the hover added `node` or an element
   * between it and the hovered one, because nothing hidden is there to reveal.
   *
   * Returns the hover's time when the hover changed `node` or an element between it and the
   * hovered one, as a menu shows the list of the item. The checkpoint before the press then
   * shows the page before the hover, as the replay's page is before the click. The press
   * keeps its own time, because moving it would move the app's timers around it in virtual
   * time. Other changes near the hovered element may be the app's late response to an
   * earlier action, and that checkpoint must show them.
   */
  private takeHoverBefore(mirror: DomMirror, node: MirrorNode): number | undefined {
    const last = this.intents[this.intents.length - 1];
    if (
      last?.kind !== 'hover' ||
      last.pageIndex !== this.pageIndex ||
      this.time - last.time > MAX_HOVER_TO_PRESS_MS
    ) {
      return undefined;
    }
    const hovered = mirror.get(last.nodeId);
    if (!hovered || !(containsNode(hovered, node) || containsNode(node, hovered))) {
      return undefined;
    }
    const path = new Set<number>();
    for (let current: MirrorNode | null = node; current; current = current.parent) {
      path.add(current.id);
      if (current === hovered) {
        break;
      }
    }
    if (last.addedIds.some((id) => path.has(id))) {
      return undefined;
    }
    this.intents.pop();
    return last.changedIds.some((id) => path.has(id)) ? last.time : undefined;
  }

  /**
   * Adds a click that starts at the MouseDown on node `id` that began it, or at the click's
   * own time. The press already focuses the element and runs mousedown handlers, so the
   * checkpoint before a click step must show the page before the press. Scrolls reported
   * during the press go after the click: the browser scrolled the element into view before
   * the press but fires scroll events in its next frame. Otherwise the start never moves
   * before the previous intent, so steps stay in order.
   */
  private pushClick(
    click: Omit<Extract<Intent, { kind: 'click' }>, 'time' | 'pageIndex'>,
    id: number,
  ): void {
    const press = this.lastPress;
    if (!press || press.id !== id || this.time - press.time > MAX_PRESS_MS) {
      this.push(click);
      return;
    }
    let position = this.intents.length;
    while (position > 0) {
      const before = this.intents[position - 1]!;
      if (before.kind !== 'scroll' || before.time < press.time) {
        break;
      }
      position -= 1;
    }
    const previous = this.intents[position - 1];
    const time = Math.max(press.time, previous?.time ?? press.time);
    this.intents.splice(position, 0, { ...click, time, pageIndex: this.pageIndex });
  }

  private handleScroll(mirror: DomMirror, data: scrollData): void {
    const isWindow = data.id === mirror.document.id;
    const node = isWindow ? undefined : mirror.get(data.id);
    if (!isWindow && !node) {
      this.skipUnknown('a scroll', data.id);
      return;
    }
    const scrollKey = isWindow ? 'window' : String(data.id);
    const from = this.scrollPositions.get(scrollKey) ?? scrollOffsetOf(node);
    const to = { x: data.x, y: data.y };
    this.scrollPositions.set(scrollKey, to);
    const previous = this.intents[this.intents.length - 1];
    let target: ActionTarget | 'window' = 'window';
    if (previous?.kind === 'scroll' && previous.scrollKey === scrollKey) {
      target = previous.target;
    } else if (node) {
      // A frame's document scrolls its viewport, which scrolling its root element does too.
      const element =
        node.type === NodeType.Document
          ? node.children.find((child) => child.type === NodeType.Element)
          : node;
      if (!element) {
        this.skipUnknown('a scroll', data.id);
        return;
      }
      target = buildTarget(mirror, element);
    }
    this.push({ kind: 'scroll', scrollKey, nodeId: data.id, target, from, to });
  }

  private handleCustom(tag: string, payload: unknown): void {
    if (tag === CUSTOM_EVENT_TAGS.key) {
      this.recordsKeys = true;
      this.handleKey(payload as KeyEventPayload);
    } else if (tag === CUSTOM_EVENT_TAGS.submit) {
      this.push({ kind: 'submit', nodeId: (payload as SubmitEventPayload).id });
    } else if (tag === CUSTOM_EVENT_TAGS.url) {
      // A document that changes its URL has stayed: the app intercepted or cancelled the
      // navigation of its last `leave`, which therefore starts no page load.
      this.leaving = null;
      this.push({ kind: 'url', href: (payload as UrlEventPayload).href });
    } else if (tag === CUSTOM_EVENT_TAGS.select) {
      this.handleSelect(payload as SelectEventPayload);
    } else if (tag === CUSTOM_EVENT_TAGS.navigation) {
      this.handleNavigation(payload as NavigationEventPayload);
    } else if (tag === CUSTOM_EVENT_TAGS.edit) {
      this.handleEdit(payload as EditEventPayload);
    } else if (tag === CUSTOM_EVENT_TAGS.files) {
      this.recordsFiles = true;
      this.handleFiles(payload as FilesEventPayload);
    } else if (tag === CUSTOM_EVENT_TAGS.dialog) {
      // The replay reads the dialog answers from the recording's events, so no step comes of it.
    } else {
      this.warnings.add(`Skipped custom rrweb events tagged "${tag}".`);
    }
  }

  private handleKey(payload: KeyEventPayload): void {
    const node = payload.id === -1 ? undefined : this.mirror?.get(payload.id);
    if (payload.id !== -1 && !node) {
      this.skipUnknown(`the target of a key press (${payload.key})`, payload.id);
    }
    // A key on `html` or `body` is the page's, unless `body` is an editor's editing host, as in
    // editors that run in a frame of their own.
    const isPageNode =
      node !== undefined &&
      (['html', ''].includes(node.tagName) ||
        (node.tagName === 'body' && fieldKind(node) !== 'editable'));
    const focused = node && !isPageNode ? node : undefined;
    if (focused && this.editedTexts.has(focused.id)) {
      this.keyedSinceEdit.add(focused.id);
    }
    this.push({
      kind: 'key',
      nodeId: focused?.id ?? -1,
      key: keyWithModifiers(payload),
      target: focused && this.mirror ? buildTarget(this.mirror, focused) : null,
      field: focused ? fieldKind(focused) : 'none',
    });
  }

  /**
   * Turns an edit of a `contenteditable` element into a text input of the user, so typing
   * there forms typing runs as in a text field. The text before the edit is the text after
   * the element's latest edit. It is the recorder's `previous` on the first edit, and when
   * the app changed the text in reply to a key.
   */
  private handleEdit(payload: EditEventPayload): void {
    const { id, text } = payload ?? {};
    if (typeof id !== 'number' || typeof text !== 'string') {
      return;
    }
    const node = this.mirror?.get(id);
    if (!this.mirror || !node) {
      this.skipUnknown('an edit of a contenteditable element', id);
      return;
    }

    const edited = this.editedTexts.get(id);
    const recorded = typeof payload.previous === 'string' ? payload.previous : undefined;
    // A `previous` that differs from the latest edit's text means the text changed between
    // two edits. After a recorded key that does not explain the change, the app changed it
    // (a chat box emptied on Enter), and typing starts anew from that text. Otherwise keys that
    // the recorder does not report changed it (select-all, a key the editor handles), so the
    // edit continues from the latest edit's text and the typed text includes the change.
    const afterAppChange =
      edited !== undefined &&
      recorded !== undefined &&
      this.keyedSinceEdit.has(id) &&
      !isKeyEffect(edited, recorded);
    const previousValue = (afterAppChange ? recorded : edited) ?? recorded ?? '';
    this.editedTexts.set(id, text);
    this.keyedSinceEdit.delete(id);

    this.typedField = id;
    this.push({
      kind: 'input',
      nodeId: id,
      field: 'editable',
      value: text,
      checked: false,
      previousValue,
      userTriggered: true,
      target: this.inputTarget(this.mirror, node, 'editable'),
      followsClick: false,
      afterAppChange,
    });
  }

  /**
   * Marks the current page load as a reload or a history navigation, or adds a traversal
   * within the document.
   */
  private handleNavigation(payload: NavigationEventPayload): void {
    if (payload?.type === 'traverse') {
      const { delta, href } = payload;
      if (Number.isInteger(delta) && delta !== 0 && typeof href === 'string') {
        this.push({ kind: 'traverse', delta, href });
      }
      return;
    }
    if (payload?.type === 'leave') {
      this.leaving = { userInitiated: payload.userInitiated === true };
      return;
    }
    if (payload?.reportsLeaving === true) {
      this.pageReportsLeaving = true;
    }
    const type = payload?.type;
    if (type !== 'reload' && type !== 'back_forward') {
      return;
    }
    const page = this.intents.findLast((intent) => intent.kind === 'page');
    // A script's `location.reload()` or `history.back()` runs again when the replay performs
    // the steps before it, so only the browser's buttons make a step of their own.
    if (
      page?.kind === 'page' &&
      page.pageIndex === this.pageIndex &&
      page.initiator !== 'page-script'
    ) {
      page.navigationType = type;
    }
  }

  private handleFiles(payload: FilesEventPayload): void {
    const node = this.mirror?.get(payload.id);
    if (!this.mirror || !node) {
      this.skipUnknown('a file choice', payload.id);
      return;
    }
    const files = (Array.isArray(payload.files) ? payload.files : []).flatMap((file) =>
      typeof file?.name === 'string'
        ? [
            {
              name: file.name,
              type: typeof file.type === 'string' ? file.type : '',
              size: Number.isSafeInteger(file.size) && file.size >= 0 ? file.size : 0,
            },
          ]
        : [],
    );
    this.push({ kind: 'files', nodeId: node.id, files, target: buildTarget(this.mirror, node) });
  }

  private handleSelect(payload: SelectEventPayload): void {
    const node = this.mirror?.get(payload.id);
    if (!this.mirror || !node) {
      this.skipUnknown('a select change', payload.id);
      return;
    }
    const values = Array.isArray(payload.values) ? payload.values.map(String) : [];
    const offered = optionValues(node);
    if (values.some((value) => !offered.has(value))) {
      // No one can choose an option that the page does not have yet. A script that fills a
      // select, sets its value and dispatches `change` in one task is recorded so: its choice
      // comes before rrweb's Mutation event of the options. The replayed app does it again.
      this.warnings.add(
        `Skipped a select change at ${formatSeconds(this.time)}: it chose an option that select ${node.id} did not have yet, so the page made it.`,
      );
      return;
    }
    const target = buildTarget(this.mirror, node);
    this.push({ kind: 'select', nodeId: node.id, values, target }, this.selectStart(node.id));
  }

  /**
   * Returns the time of the Input event that set the value of select `id` just before the
   * recorder's select event, or the select event's own time. The value changes at the Input
   * event, so the checkpoint before the select step must show the page before it. As with
   * clicks, the start never moves before the previous intent.
   */
  private selectStart(id: number): number {
    const previous = this.intents[this.intents.length - 1];
    for (let index = this.intents.length - 1; index >= 0; index--) {
      const intent = this.intents[index]!;
      if (this.time - intent.time > MAX_SELECT_INPUT_MS) {
        break;
      }
      if (intent.kind === 'input' && intent.nodeId === id) {
        return Math.max(intent.time, previous?.time ?? intent.time);
      }
    }
    return this.time;
  }

  private resetScroll(offset: { top: number; left: number }): void {
    this.scrollPositions.clear();
    this.scrollPositions.set('window', { x: offset.left, y: offset.top });
  }

  /** Warns about an event on a node id the mirror does not hold; `event` includes its article. */
  private skipUnknown(event: string, id: number): void {
    this.warnings.add(
      `Skipped ${event} at ${formatSeconds(this.time)}: node ${id} is not in the recorded DOM of page ${this.pageIndex}.`,
    );
  }
}

/** Tells whether an element submits its form when activated. */
function isSubmitButton(node: MirrorNode): boolean {
  const type = node.attributes.get('type')?.toLowerCase();
  if (node.tagName === 'button') {
    return type === undefined || type === 'submit';
  }
  return node.tagName === 'input' && (type === 'submit' || type === 'image');
}

/**
 * Returns what names the form of an element: the id in its `form` attribute, or the nearest
 * `form` element around it. Returns undefined when it has neither.
 */
function formOf(node: MirrorNode): MirrorNode | string | undefined {
  const named = node.attributes.get('form');
  if (named !== undefined) {
    return `#${named}`;
  }
  for (let parent = node.parent; parent !== null; parent = parent.parent) {
    if (parent.tagName === 'form') {
      return parent;
    }
  }
  return undefined;
}

/**
 * Returns the values of the options of a select: each option's `value` attribute, else its
 * text (see `optionTextValue`).
 */
function optionValues(select: MirrorNode): Set<string> {
  const values = new Set<string>();
  const stack = [...select.children];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    if (next.tagName !== 'option') {
      stack.push(...next.children);
      continue;
    }
    values.add(next.attributes.get('value') ?? optionTextValue([rawElementText(next)]));
  }
  return values;
}
