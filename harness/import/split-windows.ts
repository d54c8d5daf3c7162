import { EventType } from '@rrweb/types';
import { StreamMirror } from './stream-mirror.js';
import type { SourceEvent } from './types.js';

/** One full snapshot and the events that continue it, up to the next snapshot of its window. */
interface SnapshotStream {
  mirror: StreamMirror;
  /** Times of the events only this stream fits, its full snapshot included, in order. */
  evidence: number[];
}

/** The placement of an event: the one stream it fits, or the candidates when several fit. */
type Placement = { stream: SnapshotStream } | { candidates: SnapshotStream[] };

/**
 * Splits a session into the event lists of its browser windows, in order of each window's
 * first event. Events tagged with a `windowId` are grouped by it. Untagged events are split
 * by full-snapshot streams. An event belongs to the stream whose document has the nodes it
 * refers to, in the roles it gives them. A stream that still receives events after a newer
 * one started is another window, while navigations within one tab leave no such overlap.
 *
 * NOTE: an event that fits several documents, such as a click on a node id both have, goes
 * to the window with the nearest unambiguous event in time. Input in two windows within the
 * same few milliseconds, which only scripts produce, can land in the wrong window.
 *
 * `events` must be sorted by time.
 */
export function splitWindows(events: SourceEvent[]): SourceEvent[][] {
  if (events.some((event) => typeof event.windowId === 'string')) {
    return splitByWindowId(events);
  }
  const { streams, placements } = placeEvents(events);
  if (streams.length === 0) {
    return [events];
  }
  const byStream = new Map<SnapshotStream, SourceEvent[]>(streams.map((stream) => [stream, []]));
  events.forEach((event, index) => {
    const stream = resolve(placements[index] as Placement, event.timestamp) ?? streams[0];
    byStream.get(stream as SnapshotStream)?.push(event);
  });
  return chainWindows(streams.map((stream) => byStream.get(stream) ?? []));
}

function splitByWindowId(events: SourceEvent[]): SourceEvent[][] {
  const windows = new Map<string, SourceEvent[]>();
  let previous: string | undefined;
  for (const event of events) {
    // An event without a window id continues the window of the event before it.
    const windowId = event.windowId ?? previous ?? '';
    const list = windows.get(windowId) ?? [];
    list.push(event);
    windows.set(windowId, list);
    previous = windowId;
  }
  return [...windows.values()];
}

/**
 * Places every event. A full snapshot opens a stream and takes the Meta event waiting before
 * it with the DomContentLoaded and Load events around that Meta event, because rrweb emits a
 * page's Meta event right before its snapshot. Other events go to the one stream they fit, or
 * wait for {@link resolve} when several or none fit.
 */
function placeEvents(events: SourceEvent[]): {
  streams: SnapshotStream[];
  placements: Placement[];
} {
  const streams: SnapshotStream[] = [];
  const placements: Placement[] = [];
  let waiting: number[] = [];
  const release = () => {
    for (const index of waiting) {
      placements[index] = { candidates: [...streams] };
    }
    waiting = [];
  };
  events.forEach((event, index) => {
    if (event.type === EventType.FullSnapshot) {
      const meta = waiting
        .map((position) => events[position])
        .findLast((waitingEvent) => waitingEvent?.type === EventType.Meta);
      const href = (meta?.data as { href?: unknown } | undefined)?.href;
      const stream: SnapshotStream = {
        mirror: new StreamMirror(event, typeof href === 'string' ? href : undefined),
        evidence: [event.timestamp],
      };
      streams.push(stream);
      for (const position of [...waiting, index]) {
        placements[position] = { stream };
      }
      waiting = [];
    } else if (
      event.type === EventType.Meta ||
      event.type === EventType.DomContentLoaded ||
      event.type === EventType.Load ||
      streams.length === 0
    ) {
      waiting.push(index);
    } else {
      if (!waiting.some((position) => events[position]?.type === EventType.Meta)) {
        release();
      }
      placements[index] = placeEvent(streams, event);
    }
  });
  release();
  return { streams, placements };
}

function placeEvent(streams: SnapshotStream[], event: SourceEvent): Placement {
  const fitting = streams.filter((stream) => stream.mirror.fits(event));
  for (const stream of fitting) {
    // A mirror only grows, so applying an ambiguous event to every stream it fits can make
    // later events fit more streams, but never fewer.
    stream.mirror.apply(event);
  }
  const only = fitting.length === 1 ? fitting[0] : undefined;
  if (only) {
    only.evidence.push(event.timestamp);
    return { stream: only };
  }
  return { candidates: fitting.length > 0 ? fitting : streams };
}

/**
 * Picks the stream of an event that several streams fit: the candidate with evidence nearest
 * in time, before or after, and the newest candidate on a tie. A click fits every document
 * with that node id, but the DOM change it causes a moment later fits only its own.
 */
function resolve(placement: Placement, time: number): SnapshotStream | undefined {
  if ('stream' in placement) {
    return placement.stream;
  }
  let best: SnapshotStream | undefined;
  let bestDistance = Infinity;
  for (const stream of placement.candidates) {
    const distance = nearestDistance(stream.evidence, time);
    if (distance <= bestDistance) {
      best = stream;
      bestDistance = distance;
    }
  }
  return best;
}

/** Returns the distance from `time` to the nearest of `times`, which are sorted. */
function nearestDistance(times: number[], time: number): number {
  let low = 0;
  let high = times.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((times[middle] as number) < time) {
      low = middle + 1;
    } else {
      high = middle;
    }
  }
  const after = times[low];
  const before = times[low - 1];
  return Math.min(
    after === undefined ? Infinity : after - time,
    before === undefined ? Infinity : time - before,
  );
}

/**
 * Chains streams into windows: a stream continues the window whose last stream ended before it
 * started, the most recently active one when several did, and opens a new window otherwise.
 */
function chainWindows(streams: SourceEvent[][]): SourceEvent[][] {
  const windows: Array<{ events: SourceEvent[]; end: number }> = [];
  for (const events of streams) {
    const start = events[0]?.timestamp ?? 0;
    const end = events[events.length - 1]?.timestamp ?? start;
    let target: (typeof windows)[number] | undefined;
    for (const window of windows) {
      if (window.end <= start && (!target || window.end > target.end)) {
        target = window;
      }
    }
    if (target) {
      target.events.push(...events);
      target.end = end;
    } else {
      windows.push({ events: [...events], end });
    }
  }
  return windows.map((window) => window.events);
}
