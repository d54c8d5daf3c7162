/** The fields of an rrweb event that the ordering reads. */
export interface TimedEvent {
  type: number;
  timestamp: number;
  data?: unknown;
}

/** Puts rrweb's reports of values set by scripts back where the change happened. */
export interface ValueOrder {
  /**
   * Passes `event` to `forward`, at once or after the reports of values set before it.
   * Events keep their order, and their timestamps do not decrease.
   */
  order<T extends TimedEvent>(event: T, forward: (event: T) => void): void;
  /** Resolves once no report of a set value is pending and the held events are forwarded. */
  settled(): Promise<void>;
  /**
   * Forwards the events held so far without waiting, for example when the page is hidden.
   * A report that comes later then follows them.
   */
  flush(): void;
  /** Forwards the events still held and stops holding new ones; the setters stay wrapped. */
  stop(): void;
  /**
   * Wraps the setters of another realm too, the window of a same-origin frame whose fields
   * the same rrweb records, so that scripts there are ordered alike.
   */
  watch(realm: Window): void;
}

/**
 * Orders rrweb's Input events for values that scripts set. rrweb hooks the `value`, `checked`
 * and `selected` setters, but it reports each change from a zero-delay timer. An input event
 * that was already queued runs first, such as the click a test or a fast user makes right
 * after Enter. So the recording showed TodoMVC's cleared field only after that click. The
 * checkpoint before the click then showed the typed text that the app had already cleared.
 *
 * This wraps the same setters to note when each element's value was set. Events that come
 * while such a report may still be pending are held, the report gets the time of the set, and
 * the held events follow it.
 *
 * rrweb's report reads the value when its timer runs, not the value set. A user can type into
 * a field between a script's set and that timer, as when TodoMVC clears the field on Enter
 * and a fast typist goes on at once. The report then reads the typed value, which rrweb has
 * just recorded, and rrweb drops it as a repeat. So the recording never showed the cleared field.
 * A field that a script emptied therefore gets an Input event with the empty value, at the
 * time of the set, before the user's next input on it, unless rrweb reported the set first.
 * Only empty values are added this way, because rrweb masks values that this code cannot. The reports are recognized by `userTriggered: false`, so rrweb
 * must run with `userTriggeredOnInput`. `nodeOf` maps an rrweb node id to its node. Under a
 * fake clock nothing is held.
 *
 * The scripted recorder sends this function's source text to the page as part of a Playwright
 * init script, so it must stay self-contained: no imports used at run time and no references
 * to anything outside its body.
 */
export function installValueOrder(nodeOf: (id: number) => Node | null): ValueOrder {
  /** Time of the latest set per element, while rrweb's report of it may still come. */
  const setAt = new WeakMap<object, number>();
  /** Time of the latest set of an empty value per element, until it is reported. */
  const emptiedAt = new WeakMap<object, number>();
  /** Sets are numbered in order. Every set up to `settledThrough` has been reported. */
  let lastSet = 0;
  let settledThrough = 0;
  const settledAhead = new Set<number>();
  /** Time of the latest set of any element. */
  let latestSetAt = 0;
  let stopped = false;
  /** Held events, each with the number of the latest set it must wait for. */
  let heldEvents: Array<{ event: TimedEvent; waitFor: number; send: () => void }> = [];
  let waiting: Array<{ waitFor: number; resolve: () => void }> = [];

  const sendHeld = (keep: (entry: { event: TimedEvent; waitFor: number }) => boolean): void => {
    const stillHeld: typeof heldEvents = [];
    for (const entry of heldEvents) {
      if (stillHeld.length === 0 && !keep(entry)) {
        entry.send();
      } else {
        stillHeld.push(entry);
      }
    }
    heldEvents = stillHeld;
  };

  const releaseThrough = (): void => {
    // Events wait only for the sets made before them, so a page that keeps setting values
    // does not hold the events after them indefinitely.
    sendHeld((entry) => entry.waitFor > settledThrough);
    const ready = waiting.filter((entry) => entry.waitFor <= settledThrough);
    waiting = waiting.filter((entry) => entry.waitFor > settledThrough);
    ready.forEach((entry) => entry.resolve());
  };

  const settle = (set: number): void => {
    settledAhead.add(set);
    while (settledAhead.delete(settledThrough + 1)) {
      settledThrough += 1;
    }
    releaseThrough();
  };

  // A fake clock (Playwright's, a test runner's) may never run rrweb's timer or the release
  // below, and held events would never leave. With timers that are not the browser's own,
  // values set by scripts are left to rrweb alone, in the order it reports them. NOTE: the
  // check reads the timer's source text, so a wrapper that hides its source passes as native.
  const timersAreNative = (): boolean =>
    /\{\s*\[native code\]\s*\}\s*$/.test(Function.prototype.toString.call(setTimeout));

  const wrap = (prototype: object, property: string): void => {
    const descriptor = Object.getOwnPropertyDescriptor(prototype, property);
    const original = descriptor?.set;
    if (descriptor === undefined || original === undefined) {
      return;
    }
    Object.defineProperty(prototype, property, {
      ...descriptor,
      set(this: object, value: unknown) {
        if (!timersAreNative()) {
          original.call(this, value);
          return;
        }
        const now = Date.now();
        const set = ++lastSet;
        setAt.set(this, now);
        latestSetAt = now;
        if (property === 'value' && value === '') {
          emptiedAt.set(this, now);
        } else {
          emptiedAt.delete(this);
        }
        // rrweb's report comes from a zero-delay timer. Two more turns of the timer queue
        // pass it whichever setter wrapper was installed first.
        setTimeout(() => {
          setTimeout(() => {
            if (setAt.get(this) === now) {
              setAt.delete(this);
            }
            settle(set);
          }, 0);
        }, 0);
        original.call(this, value);
      },
    });
  };

  const wrappedRealms = new WeakSet<object>();
  const wrapRealm = (realm: typeof globalThis): void => {
    // Keyed by a prototype, because a frame's `window` proxy stays the same object when the
    // frame loads a document in a new realm.
    const key = realm.HTMLInputElement?.prototype;
    if (key === undefined || wrappedRealms.has(key)) {
      return;
    }
    wrappedRealms.add(key);
    wrap(realm.HTMLInputElement.prototype, 'value');
    wrap(realm.HTMLInputElement.prototype, 'checked');
    wrap(realm.HTMLTextAreaElement.prototype, 'value');
    wrap(realm.HTMLSelectElement.prototype, 'value');
    wrap(realm.HTMLSelectElement.prototype, 'selectedIndex');
    wrap(realm.HTMLOptionElement.prototype, 'selected');
  };
  wrapRealm(globalThis);

  const scriptReport = (event: TimedEvent): { id: unknown; at: number } | undefined => {
    const data = event.data as { source?: unknown; id?: unknown; userTriggered?: unknown };
    if (event.type !== 3 || data?.source !== 5 || data.userTriggered !== false) {
      return undefined;
    }
    const node = typeof data.id === 'number' ? nodeOf(data.id) : null;
    const own = node === null ? undefined : setAt.get(node);
    // A report on a node without a noted set, such as a node removed since the set, which
    // rrweb's map no longer contains, belongs to the latest set.
    const at = own ?? (lastSet > settledThrough ? latestSetAt : undefined);
    return at === undefined ? undefined : { id: data.id, at };
  };

  /** Tells whether a held Mutation event adds the node with this id, or an ancestor of it. */
  const addsNode = (event: TimedEvent, id: unknown): boolean => {
    const data = event.data as { source?: unknown; adds?: Array<{ node?: unknown }> };
    if (event.type !== 3 || data?.source !== 0 || !Array.isArray(data.adds)) {
      return false;
    }
    const contains = (node: unknown): boolean => {
      const serialized = node as { id?: unknown; childNodes?: unknown[] } | null;
      return (
        serialized?.id === id ||
        (Array.isArray(serialized?.childNodes) && serialized.childNodes.some(contains))
      );
    };
    return data.adds.some((add) => contains(add.node));
  };

  /**
   * Returns the Input event of an emptied field that rrweb has not reported, when `event` is
   * the user's input on that field. Either way, the first Input event on the field clears the
   * noted emptying.
   */
  const unreportedEmptying = (event: TimedEvent): TimedEvent | undefined => {
    const data = event.data as { source?: unknown; id?: unknown; userTriggered?: unknown };
    if (event.type !== 3 || data?.source !== 5 || typeof data.id !== 'number') {
      return undefined;
    }
    const node = nodeOf(data.id);
    const at = node === null ? undefined : emptiedAt.get(node);
    if (node === null || at === undefined) {
      return undefined;
    }
    emptiedAt.delete(node);
    if (data.userTriggered !== true) {
      return undefined;
    }
    return {
      type: 3,
      timestamp: at,
      data: { source: 5, id: data.id, text: '', isChecked: false, userTriggered: false },
    };
  };

  const order = <T extends TimedEvent>(event: T, forward: (event: T) => void): void => {
    if (stopped) {
      forward(event);
      return;
    }
    const emptying = unreportedEmptying(event);
    if (emptying !== undefined) {
      order({ ...event, ...emptying } as T, forward);
    }
    const report = scriptReport(event);
    if (report !== undefined && report.at <= event.timestamp) {
      // Events from before the set go first. So does every event up to the mutation that
      // added the field, which rrweb emits after the set when both happen in one task, and
      // the mutations that added its parents come before that one.
      let lastAdding = -1;
      heldEvents.forEach((entry, index) => {
        if (addsNode(entry.event, report.id)) {
          lastAdding = index;
        }
      });
      let timestamp = report.at;
      let sent = 0;
      sendHeld((entry) => {
        if (sent <= lastAdding) {
          sent += 1;
          timestamp = Math.max(timestamp, entry.event.timestamp);
          return false;
        }
        return entry.event.timestamp >= report.at;
      });
      event.timestamp = timestamp;
      forward(event);
      return;
    }
    if (lastSet > settledThrough || heldEvents.length > 0) {
      heldEvents.push({ event, waitFor: lastSet, send: () => forward(event) });
      releaseThrough();
      return;
    }
    forward(event);
  };

  return {
    order,
    settled() {
      const waitFor = lastSet;
      return waitFor <= settledThrough || stopped
        ? Promise.resolve()
        : new Promise<void>((resolve) => waiting.push({ waitFor, resolve }));
    },
    flush() {
      sendHeld(() => false);
    },
    stop() {
      stopped = true;
      sendHeld(() => false);
      const resolvers = waiting;
      waiting = [];
      resolvers.forEach((entry) => entry.resolve());
    },
    watch(realm) {
      wrapRealm(realm as unknown as typeof globalThis);
    },
  };
}
