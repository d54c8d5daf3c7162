import { EventType, IncrementalSource, MouseInteractions, type eventWithTime } from '@rrweb/types';
import { CUSTOM_EVENT_TAGS } from '../fixture/recording.js';

/**
 * A place where the pointer arrived on an element whose handlers then changed the page, such
 * as a card that loads its details on `mouseover` or a menu that opens on `mouseenter`. rrweb
 * records the pointer only as sampled positions, so these are read from the positions and the
 * mutations around them.
 */
export interface HoverEffect {
  /**
   * Milliseconds since the session start: the earlier of the pointer's arrival and the first
   * change it caused. Chromium fires `mouseover` before `mousemove`, so the change usually
   * comes first.
   */
  time: number;
  /** rrweb id of the element under the pointer, in the id space of `snapshot`. */
  nodeId: number;
  /** Milliseconds since the session start when the pointer was recorded on the element. */
  arrivedAt: number;
  /** Position in the viewport of the element's document, in CSS pixels. */
  x: number;
  y: number;
  /** Number of full snapshots before the arrival, which identifies the id space of `nodeId`. */
  snapshot: number;
  /**
   * The mutations that may be the arrival's effect, in time order. The compiler keeps the
   * effect only when one of them changed a node near the element.
   */
  changes: Change[];
}

/** One mutation event: its time, the ids of the nodes it changed, and of those it added. */
export interface Change {
  time: number;
  /** Parents of added and removed nodes, removed nodes, and nodes with new text or attributes. */
  ids: number[];
  added: number[];
}

/**
 * Window around the arrival in which a mutation counts as its effect. The `mouseover`
 * handler runs before rrweb's `mousemove` listener, and rrweb's sampling can date the
 * position up to one interval later than the move, so the window opens 100 ms before.
 */
const EFFECT_BEFORE_MS = 100;
const EFFECT_AFTER_MS = 300;
/** A mutation this soon after a press, key or input is that action's effect, not the pointer's. */
const ACTION_EFFECT_MS = 50;
/** Node ids kept per mutation. A mutation that changes more is rarely a hover's effect alone. */
const MAX_CHANGED_IDS = 64;

/** rrweb's interactions of a press. Focus and blur follow from them, so they are left out. */
const PRESSES: ReadonlySet<MouseInteractions> = new Set([
  MouseInteractions.MouseDown,
  MouseInteractions.MouseUp,
  MouseInteractions.Click,
  MouseInteractions.ContextMenu,
  MouseInteractions.DblClick,
  MouseInteractions.TouchStart,
  MouseInteractions.TouchEnd,
]);

interface Position {
  time: number;
  id: number;
  x: number;
  y: number;
  snapshot: number;
}

/** The events of a recording that this module reads, with times since the session start. */
interface Timeline {
  positions: Position[];
  /** Mutations in time order, and their times, which `search` reads. */
  mutations: Change[];
  mutationTimes: number[];
  actions: number[];
}

/**
 * Finds the arrivals of the pointer on an element that may have changed the page: mutations
 * that no press, key or input explains happened from 100 ms before the arrival to 300 ms
 * after it. They must also come after the pointer left the previous element and after the
 * latest action, and before the pointer moved on and before the next action. The pointer need not stay: a
 * user who opens a menu on its way to an item stays on the menu for one sampled position at
 * most. Returns them in time order, with the mutations, for the compiler to check where they
 * are: an app that renders late after a key press also changes the page near some arrival.
 */
export function findHoverEffects(events: readonly eventWithTime[]): HoverEffect[] {
  const start = events[0]?.timestamp ?? 0;
  const { positions, mutations, mutationTimes, actions } = readTimeline(events, start);
  const effects: HoverEffect[] = [];
  for (let index = 0; index < positions.length; index++) {
    const position = positions[index]!;
    const previous = positions[index - 1];
    if (previous?.id === position.id && previous.snapshot === position.snapshot) {
      continue;
    }
    let leftAt = Infinity;
    for (let later = index + 1; later < positions.length; later++) {
      if (positions[later]!.id !== position.id) {
        leftAt = positions[later]!.time;
        break;
      }
    }
    // A change after the next press, key or input is more likely that action's effect.
    const nextAction = actions[firstAfter(actions, position.time)] ?? Infinity;
    const until = Math.min(position.time + EFFECT_AFTER_MS, leftAt, nextAction);
    // The pointer changed nothing before it left the previous element or made the latest press.
    const lastAction = actions[firstAfter(actions, position.time) - 1];
    const first = Math.max(
      firstAtOrAfter(mutationTimes, position.time - EFFECT_BEFORE_MS),
      previous === undefined ? 0 : firstAfter(mutationTimes, previous.time),
      lastAction === undefined ? 0 : firstAfter(mutationTimes, lastAction),
    );
    const changes: Change[] = [];
    for (let at = first; ; at++) {
      const change = mutations[at];
      if (change === undefined || change.time > until) {
        break;
      }
      // The latest press, key or input at or before the mutation.
      const action = actions[firstAfter(actions, change.time) - 1];
      if (action === undefined || change.time - action > ACTION_EFFECT_MS) {
        changes.push(change);
      }
    }
    if (changes.length > 0) {
      const { id, x, y, snapshot } = position;
      const time = Math.min(position.time, changes[0]!.time);
      effects.push({ time, arrivedAt: position.time, nodeId: id, x, y, snapshot, changes });
    }
  }
  return effects.sort((a, b) => a.time - b.time);
}

/** Returns the index of the first time in sorted `times` that is at least `time`. */
function firstAtOrAfter(times: readonly number[], time: number): number {
  return search(times, (candidate) => candidate < time);
}

/** Returns the index of the first time in sorted `times` that is later than `time`. */
function firstAfter(times: readonly number[], time: number): number {
  return search(times, (candidate) => candidate <= time);
}

/** Returns the number of leading times in sorted `times` for which `before` holds. */
function search(times: readonly number[], before: (time: number) => boolean): number {
  let low = 0;
  let high = times.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (before(times[middle]!)) {
      low = middle + 1;
    } else {
      high = middle;
    }
  }
  return low;
}

/** Reads the pointer positions, the times of mutations and the times of user actions. */
function readTimeline(events: readonly eventWithTime[], start: number): Timeline {
  const timeline: Timeline = { positions: [], mutations: [], mutationTimes: [], actions: [] };
  let snapshot = 0;
  for (const event of events) {
    const time = event.timestamp - start;
    if (event.type === EventType.FullSnapshot) {
      snapshot += 1;
    } else if (event.type === EventType.Custom && event.data.tag === CUSTOM_EVENT_TAGS.key) {
      timeline.actions.push(time);
    } else if (event.type === EventType.IncrementalSnapshot) {
      const { data } = event;
      // rrweb records moves inside a same-origin frame as TouchMove, because its check that
      // the event is a MouseEvent uses the top window's class.
      if (
        data.source === IncrementalSource.MouseMove ||
        data.source === IncrementalSource.TouchMove
      ) {
        for (const { id, x, y, timeOffset } of data.positions) {
          timeline.positions.push({ time: time + timeOffset, id, x, y, snapshot });
        }
      } else if (data.source === IncrementalSource.Mutation) {
        const ids = new Set<number>();
        for (const { parentId } of data.adds) {
          ids.add(parentId);
        }
        // A removed node counts as changed itself, so a hover that replaces the hovered
        // element is found.
        for (const { parentId, id } of data.removes) {
          ids.add(parentId).add(id);
        }
        for (const { id } of [...data.texts, ...data.attributes]) {
          ids.add(id);
        }
        if (ids.size > 0) {
          const added = data.adds.map(({ node }) => node.id).slice(0, MAX_CHANGED_IDS);
          timeline.mutations.push({ time, ids: [...ids].slice(0, MAX_CHANGED_IDS), added });
        }
      } else if (
        (data.source === IncrementalSource.MouseInteraction && PRESSES.has(data.type)) ||
        data.source === IncrementalSource.Input
      ) {
        timeline.actions.push(time);
      }
    }
  }
  // rrweb emits positions in batches after the moves, so a batch can follow later events.
  timeline.positions.sort((a, b) => a.time - b.time);
  timeline.mutations.sort((a, b) => a.time - b.time);
  timeline.mutationTimes = timeline.mutations.map((change) => change.time);
  timeline.actions.sort((a, b) => a - b);
  return timeline;
}
