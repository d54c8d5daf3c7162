import { EventType, IncrementalSource, MouseInteractions, NodeType } from '@rrweb/types';
import type { eventWithTime, serializedNodeWithId } from '@rrweb/types';
import {
  CUSTOM_EVENT_TAGS,
  RECORDING_FORMAT,
  RECORDING_VERSION,
  type Recording,
} from '../../fixture/recording.js';

/** An element in a hand-written DOM: tag, attributes (`ref` names it for lookups) and children. */
export interface ElementSpec {
  tag: string;
  attributes: Record<string, string>;
  children: Array<ElementSpec | string>;
}

/** Builds an element spec; string children become text nodes. */
export function h(
  tag: string,
  attributes: Record<string, string> = {},
  ...children: Array<ElementSpec | string>
): ElementSpec {
  return { tag, attributes, children };
}

/** Node ids by the `ref` attribute of the specs that created them. */
export type Refs = Record<string, number>;

/**
 * Writes rrweb event streams by hand for compiler tests: page loads from element specs,
 * mutations, inputs, clicks, scrolls and replaygate custom events, with a controllable clock.
 */
export class RrwebStream {
  readonly events: eventWithTime[] = [];
  private time: number;
  private nextId = 1;

  constructor(start = 1_700_000_000_000) {
    this.time = start;
  }

  /** Advances the clock by `ms` milliseconds. */
  wait(ms: number): this {
    this.time += ms;
    return this;
  }

  /** Emits a Meta event and a full snapshot of `<html><head/><body>…</body></html>`. */
  page(href: string, ...body: ElementSpec[]): Refs {
    this.nextId = 1;
    const refs: Refs = {};
    this.push({ type: EventType.Meta, data: { href, width: 1280, height: 720 } });
    const documentId = this.nextId++;
    const html = this.serialize(
      h('html', {}, h('head'), h('body', { ref: 'body' }, ...body)),
      refs,
    );
    const node: serializedNodeWithId = {
      type: NodeType.Document,
      childNodes: [html],
      id: documentId,
    };
    refs.document = documentId;
    this.push({ type: EventType.FullSnapshot, data: { node, initialOffset: { top: 0, left: 0 } } });
    return refs;
  }

  /** Adds an element (and its subtree) as the last child of `parentId`, or before `nextId`. */
  add(parentId: number, spec: ElementSpec, nextId: number | null = null): Refs {
    const refs: Refs = {};
    const node = this.serialize(spec, refs);
    const adds = flatten(node, parentId, nextId);
    this.mutation({ adds });
    return refs;
  }

  remove(parentId: number, id: number): this {
    return this.mutation({ removes: [{ parentId, id }] });
  }

  setText(id: number, value: string): this {
    return this.mutation({ texts: [{ id, value }] });
  }

  setAttributes(id: number, attributes: Record<string, string | null>): this {
    return this.mutation({ attributes: [{ id, attributes }] });
  }

  mutation(parts: {
    adds?: unknown[];
    removes?: unknown[];
    texts?: unknown[];
    attributes?: unknown[];
  }): this {
    return this.push({
      type: EventType.IncrementalSnapshot,
      data: {
        source: IncrementalSource.Mutation,
        adds: parts.adds ?? [],
        removes: parts.removes ?? [],
        texts: parts.texts ?? [],
        attributes: parts.attributes ?? [],
      },
    } as unknown as eventWithTime);
  }

  input(
    id: number,
    text: string,
    options: { userTriggered?: boolean; isChecked?: boolean } = {},
  ): this {
    const data: Record<string, unknown> = {
      source: IncrementalSource.Input,
      id,
      text,
      isChecked: options.isChecked ?? false,
    };
    if ('userTriggered' in options) {
      data.userTriggered = options.userTriggered;
    }
    return this.push({ type: EventType.IncrementalSnapshot, data } as unknown as eventWithTime);
  }

  /** Emits one user Input event per character, 50 ms apart, appending to `from`. */
  typeText(id: number, text: string, from = '', userTriggered: boolean | undefined = true): this {
    let value = from;
    for (const char of text) {
      value += char;
      this.wait(50).input(id, value, userTriggered === undefined ? {} : { userTriggered });
    }
    return this;
  }

  /**
   * Emits one recorder edit event per character, 50 ms apart, as typing into a
   * `contenteditable` element appends to `from`. The first one carries `previous`.
   */
  typeEdits(id: number, text: string, from = '', previous?: string): this {
    let value = from;
    let first = true;
    for (const char of text) {
      value += char;
      const payload: Record<string, unknown> = { id, text: value };
      if (first && previous !== undefined) {
        payload.previous = previous;
      }
      first = false;
      this.wait(50).custom(CUSTOM_EVENT_TAGS.edit, payload);
    }
    return this;
  }

  mouse(id: number, type: MouseInteractions, x = 10, y = 20): this {
    return this.push({
      type: EventType.IncrementalSnapshot,
      data: { source: IncrementalSource.MouseInteraction, type, id, x, y, pointerType: 0 },
    } as eventWithTime);
  }

  /**
   * Emits a MouseMove (or TouchMove) event with one pointer position over node `id`. rrweb
   * sends positions in batches after the moves, so a negative `timeOffset` dates the
   * position before the event.
   */
  pointer(
    id: number,
    x = 10,
    y = 20,
    timeOffset = 0,
    source: IncrementalSource.MouseMove | IncrementalSource.TouchMove = IncrementalSource.MouseMove,
  ): this {
    return this.push({
      type: EventType.IncrementalSnapshot,
      data: { source, positions: [{ x, y, id, timeOffset }] },
    } as eventWithTime);
  }

  /** Emits MouseDown, MouseUp and Click on one node. */
  click(id: number, x = 10, y = 20): this {
    return this.mouse(id, MouseInteractions.MouseDown, x, y)
      .mouse(id, MouseInteractions.MouseUp, x, y)
      .mouse(id, MouseInteractions.Click, x, y);
  }

  /** Emits two clicks and the DblClick event, as a browser does for a double-click. */
  dblclick(id: number): this {
    return this.click(id).wait(80).click(id).mouse(id, MouseInteractions.DblClick);
  }

  scroll(id: number, x: number, y: number): this {
    return this.push({
      type: EventType.IncrementalSnapshot,
      data: { source: IncrementalSource.Scroll, id, x, y },
    } as eventWithTime);
  }

  /** Emits a ViewportResize event, as rrweb records a window resize. */
  resize(width: number, height: number): this {
    return this.push({
      type: EventType.IncrementalSnapshot,
      data: { source: IncrementalSource.ViewportResize, width, height },
    } as eventWithTime);
  }

  custom(tag: string, payload: unknown): this {
    return this.push({ type: EventType.Custom, data: { tag, payload } });
  }

  /**
   * Emits the `leave` navigation event with which a page reports a document it starts
   * loading: by default a link the user followed.
   */
  leave(href: string, navigationType = 'push', userInitiated = true): this {
    return this.custom(CUSTOM_EVENT_TAGS.navigation, {
      type: 'leave',
      href,
      navigationType,
      userInitiated,
    });
  }

  /** Emits a `replaygate.key` event for a key pressed on node `id`. */
  key(id: number, key: string, modifiers: { ctrlKey?: boolean; shiftKey?: boolean } = {}): this {
    return this.custom(CUSTOM_EVENT_TAGS.key, {
      key,
      code: key,
      id,
      altKey: false,
      ctrlKey: modifiers.ctrlKey ?? false,
      metaKey: false,
      shiftKey: modifiers.shiftKey ?? false,
    });
  }

  /** Emits a `replaygate.select` event for the options chosen in select `id`. */
  selectChange(id: number, values: string[]): this {
    return this.custom(CUSTOM_EVENT_TAGS.select, { id, values });
  }

  /** Wraps the events in a recording envelope. */
  recording(name = 'hand-written'): Recording {
    const first = this.events[0];
    const href = first?.type === EventType.Meta ? first.data.href : 'http://127.0.0.1/';
    return {
      format: RECORDING_FORMAT,
      version: RECORDING_VERSION,
      meta: {
        name,
        startedAt: first?.timestamp ?? 0,
        url: href,
        viewport: { width: 1280, height: 720 },
        deviceScaleFactor: 1,
        userAgent: 'test',
        locale: 'en-US',
        timeZone: 'UTC',
        seed: 'test',
        recorder: { name: 'hand-written', version: '0' },
      },
      events: this.events,
      network: [],
    };
  }

  private push(event: Omit<eventWithTime, 'timestamp'> | eventWithTime): this {
    this.events.push({ ...event, timestamp: this.time } as eventWithTime);
    return this;
  }

  private serialize(spec: ElementSpec | string, refs: Refs): serializedNodeWithId {
    const id = this.nextId++;
    if (typeof spec === 'string') {
      return { type: NodeType.Text, textContent: spec, id };
    }
    const { ref, ...attributes } = spec.attributes;
    if (ref !== undefined) {
      refs[ref] = id;
    }
    return {
      type: NodeType.Element,
      tagName: spec.tag,
      attributes,
      childNodes: spec.children.map((child) => this.serialize(child, refs)),
      id,
    };
  }
}

/** Splits a serialized subtree into one add per node, as rrweb's recorder emits them. */
function flatten(node: serializedNodeWithId, parentId: number, nextId: number | null): unknown[] {
  const children = 'childNodes' in node ? node.childNodes : [];
  const own = 'childNodes' in node ? { ...node, childNodes: [] } : node;
  const adds: unknown[] = [{ parentId, nextId, node: own }];
  for (const child of children) {
    adds.push(...flatten(child, node.id, null));
  }
  return adds;
}
