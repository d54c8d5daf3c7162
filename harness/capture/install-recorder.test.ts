import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { eventWithTime } from '@rrweb/types';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { compilePlan } from '../compile/compile-plan.js';
import {
  CUSTOM_EVENT_TAGS,
  type Recording,
  type SelectEventPayload,
} from '../fixture/recording.js';
import { startStaticServer, type StaticServer } from '../serve/static-server.js';
import { recordSession } from './record-session.js';

const PAGE = `<!doctype html>
<select id="species">
  <option value="">--</option><option value="cat">Cat</option><option value="dog">Dog</option>
</select>
<select id="tags" multiple>
  <option value="calm">Calm</option><option value="indoor">Indoor</option><option value="shy">Shy</option>
</select>
<button id="app-set" type="button">Pick a dog</button>
<script>
  document.getElementById('app-set').addEventListener('click', () => {
    document.getElementById('species').value = 'dog';
  });
</script>`;

interface SerializedNode {
  id: number;
  attributes?: Record<string, unknown>;
  childNodes?: SerializedNode[];
}

let server: StaticServer;
let siteDir: string;
let recording: Recording;

beforeAll(async () => {
  siteDir = mkdtempSync(join(tmpdir(), 'replaygate-select-'));
  writeFileSync(join(siteDir, 'index.html'), PAGE);
  server = await startStaticServer(siteDir);
  recording = await recordSession({
    url: server.url,
    name: 'select-events',
    flow: async (page, baseURL) => {
      await page.goto(baseURL);
      await page.locator('#species').selectOption('cat');
      await page.locator('#tags').selectOption(['calm', 'shy']);
      await page.locator('#app-set').click();
      await page.locator('#species').focus();
      // A trusted change: ArrowUp on a closed select moves from "dog" to "cat".
      await page.keyboard.press('ArrowUp');
    },
  });
});

afterAll(async () => {
  await server?.close();
  rmSync(siteDir, { recursive: true, force: true });
});

function selectPayloads(): SelectEventPayload[] {
  return recording.events.flatMap((event) =>
    event.type === 5 && event.data.tag === CUSTOM_EVENT_TAGS.select
      ? [event.data.payload as SelectEventPayload]
      : [],
  );
}

function nodeIdOf(elementId: string): number {
  const snapshot = recording.events.find((event) => event.type === 2) as eventWithTime;
  const find = (node: SerializedNode): SerializedNode | undefined => {
    if (node.attributes?.id === elementId) {
      return node;
    }
    for (const child of node.childNodes ?? []) {
      const found = find(child);
      if (found) {
        return found;
      }
    }
    return undefined;
  };
  const node = find((snapshot.data as { node: SerializedNode }).node);
  expect(node, `no #${elementId} in the full snapshot`).toBeDefined();
  return node!.id;
}

describe('installRecorder select events', () => {
  test('selectOption records the chosen values', () => {
    expect(selectPayloads().slice(0, 2)).toEqual([
      { id: nodeIdOf('species'), values: ['cat'] },
      { id: nodeIdOf('tags'), values: ['calm', 'shy'] },
    ]);
  });

  test('rrweb marks selectOption input untrusted', () => {
    const speciesInputs = recording.events.filter(
      (event) =>
        event.type === 3 &&
        event.data.source === 5 &&
        event.data.id === nodeIdOf('species') &&
        event.data.text === 'cat',
    );
    expect(speciesInputs.length).toBeGreaterThan(0);
    expect(speciesInputs[0]?.data).toMatchObject({ userTriggered: false });
  });

  test('value set by the app records no select event', () => {
    const values = selectPayloads().map((payload) => payload.values);
    expect(values).not.toContainEqual(['dog']);
  });

  test('keyboard change records a select event', () => {
    expect(selectPayloads()).toHaveLength(3);
    expect(selectPayloads()[2]).toEqual({ id: nodeIdOf('species'), values: ['cat'] });
  });

  test('compiled plan selects each choice once', () => {
    const selects = compilePlan(recording).steps.flatMap((step) =>
      step.action.kind === 'select' ? [step.action.values] : [],
    );
    expect(selects).toEqual([['cat'], ['calm', 'shy'], ['cat']]);
  });
});
