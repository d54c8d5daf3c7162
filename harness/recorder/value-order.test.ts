import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installValueOrder, type TimedEvent } from './value-order.js';

/** A stand-in for a text field, with `value` as an accessor on the prototype as in browsers. */
class FakeField {
  private current = 'Water the ferns';
  get value(): string {
    return this.current;
  }
  set value(next: string) {
    this.current = next;
  }
}

const ELEMENT_CLASSES = [
  'HTMLInputElement',
  'HTMLTextAreaElement',
  'HTMLSelectElement',
  'HTMLOptionElement',
] as const;
const globals = globalThis as unknown as Record<string, unknown>;
const saved = new Map<string, unknown>();

beforeAll(() => {
  for (const name of [...ELEMENT_CLASSES, 'setTimeout']) {
    saved.set(name, globals[name]);
  }
  globals.HTMLInputElement = FakeField;
  for (const name of ELEMENT_CLASSES.slice(1)) {
    globals[name] = class {};
  }
  // The order notes sets only under the browser's own timers, which it recognizes by their
  // `[native code]` source text. A bound function prints the same.
  globals.setTimeout = setTimeout.bind(globalThis);
});

afterAll(() => {
  for (const [name, value] of saved) {
    globals[name] = value;
  }
});

function inputEvent(text: string, userTriggered: boolean, timestamp: number): TimedEvent {
  return { type: 3, timestamp, data: { source: 5, id: 7, text, isChecked: false, userTriggered } };
}

function texts(events: TimedEvent[]): Array<[unknown, unknown]> {
  return events.map((event) => {
    const data = event.data as { text: unknown; userTriggered: unknown };
    return [data.text, data.userTriggered];
  });
}

/**
 * Installs a value order over one field with node id 7, runs `steps` on the field with a
 * function that orders an event, and returns the events it forwarded once all are settled.
 */
async function forwardedEvents(
  steps: (field: FakeField, order: (event: TimedEvent) => void) => void,
): Promise<TimedEvent[]> {
  const field = new FakeField();
  const valueOrder = installValueOrder((id) => (id === 7 ? (field as unknown as Node) : null));
  const forwarded: TimedEvent[] = [];
  steps(field, (event) => valueOrder.order(event, (sent) => forwarded.push(sent)));
  await valueOrder.settled();
  valueOrder.stop();
  return forwarded;
}

describe('installValueOrder', () => {
  it('adds the emptying that rrweb reports too late', async () => {
    const emptiedAt = Date.now();
    const forwarded = await forwardedEvents((field, order) => {
      field.value = '';
      // The user types before rrweb's timer reads the field, so rrweb drops its report.
      order(inputEvent('M', true, emptiedAt + 5));
    });

    expect(texts(forwarded)).toEqual([
      ['', false],
      ['M', true],
    ]);
    expect(forwarded[0]!.timestamp).toBeGreaterThanOrEqual(emptiedAt);
    expect(forwarded[0]!.timestamp).toBeLessThanOrEqual(forwarded[1]!.timestamp);
  });

  it('adds nothing when rrweb reported the emptying', async () => {
    const emptiedAt = Date.now();
    const forwarded = await forwardedEvents((field, order) => {
      field.value = '';
      order(inputEvent('', false, emptiedAt + 1));
      order(inputEvent('M', true, emptiedAt + 5));
    });

    expect(texts(forwarded)).toEqual([
      ['', false],
      ['M', true],
    ]);
  });

  it("orders a watched frame's fields", async () => {
    /** A field of another realm, whose setter is another function than the page's. */
    class FrameField {
      private current = 'Water the ferns';
      get value(): string {
        return this.current;
      }
      set value(next: string) {
        this.current = next;
      }
    }
    const realm = {
      HTMLInputElement: FrameField,
      HTMLTextAreaElement: class {},
      HTMLSelectElement: class {},
      HTMLOptionElement: class {},
    };
    const run = async (watched: boolean): Promise<TimedEvent[]> => {
      const field = new FrameField();
      const valueOrder = installValueOrder((id) => (id === 7 ? (field as unknown as Node) : null));
      if (watched) {
        valueOrder.watch(realm as unknown as Window);
      }
      const forwarded: TimedEvent[] = [];
      field.value = '';
      valueOrder.order(inputEvent('M', true, Date.now() + 5), (sent) => forwarded.push(sent));
      await valueOrder.settled();
      valueOrder.stop();
      return forwarded;
    };

    expect(texts(await run(false))).toEqual([['M', true]]);
    expect(texts(await run(true))).toEqual([
      ['', false],
      ['M', true],
    ]);
  });

  it('adds nothing for a value that is not empty', async () => {
    const forwarded = await forwardedEvents((field, order) => {
      field.value = 'Draft';
      order(inputEvent('DraftM', true, Date.now() + 5));
    });

    expect(texts(forwarded)).toEqual([['DraftM', true]]);
  });
});
